import ControllerRuntime
import FerryAPI
import Foundation
import Manifests

/// What one HelmChart reconcile has learned so far; each step reads and extends it.
public struct HelmChartRun: LatestAliasRun {
    public let object: JSONValue
    let chart: HelmChart
    var status: HelmChartStatus
    public var conditions: Conditions
    public var events: [EventDraft] = []
    public var progressSink = ProgressSink.discard
    var now: Date
    var settings: HelmChartSettings?
    /// The source, once found with an artifact.
    var source: HelmChartSource?
    /// The HelmRepository of `type: oci` the chart is pulled from (there is no artifact then).
    var ociRepository: HelmRepository?
    /// The chart to store, once built.
    var built: BuiltChart?
    var workDir: String?

    init(chart: HelmChart, object: JSONValue, now: Date) {
        self.object = object
        self.chart = chart
        self.status = chart.status ?? HelmChartStatus()
        self.conditions = Conditions(of: object)
        self.now = now
    }

    public var statusFields: JSONValue {
        var fields = status.json
        fields["conditions"] = nil
        return fields
    }

    var artifact: Artifact? {
        get { status.artifact }
        set { status.artifact = newValue }
    }
    var latestURL: String? {
        get { status.url }
        set { status.url = newValue }
    }
    var generation: Int? { chart.metadata.generation }
    var namespace: String { chart.metadata.namespace ?? "default" }
    var name: String { chart.metadata.name }
    var spec: HelmChartSpec { chart.spec }
    var storageDirectory: String { ArtifactStorage.directory(kind: HelmChart.kind, namespace: namespace, name: name) }
    /// Whether the chart is packaged here rather than stored as downloaded (Flux's
    /// `requiresPackaging`): a chart from a Git source, or one with values files merged in.
    var requiresPackaging: Bool {
        if case .gitRepository = source { return true }
        return spec.sourceRef.kind == GitRepository.kind || !spec.allValuesFiles.isEmpty
    }

    /// Flux's `Force`: a new generation rebuilds even when the version is unchanged.
    var specChanged: Bool { generation != status.observedGeneration }

    func cleanUp() {
        if let workDir { try? FileManager.default.removeItem(atPath: workDir) }
    }
}

/// Where a chart comes from, with the source's current artifact.
enum HelmChartSource: Sendable {
    case helmRepository(HelmRepository, index: Artifact)
    case gitRepository(name: String, artifact: Artifact)

    var artifact: Artifact {
        switch self {
        case .helmRepository(_, let index): index
        case .gitRepository(_, let artifact): artifact
        }
    }
}

/// A chart ready to store: the archive's bytes and what the status says about it.
struct BuiltChart: Sendable {
    var archive: [UInt8]
    var name: String
    /// The chart's version, with build metadata when the spec asks for it (`6.0.3+1`,
    /// `6.0.3+4e5cbb7b97d0`): the artifact's revision.
    var version: String
    /// Downloaded as is (`pulled`) or packaged here (`packaged`).
    var packaged: Bool
    /// The values files that were found and merged.
    var valuesFiles: [String]

    var summary: (reason: String, message: String) { Self.summary(packaged: packaged, name: name, version: version) }

    /// Ready's and the event's words for a chart: Flux's "pulled 'podinfo' chart with version
    /// '6.0.3'" (ChartPullSucceeded) or "packaged …" (ChartPackageSucceeded).
    static func summary(packaged: Bool, name: String, version: String) -> (reason: String, message: String) {
        (packaged ? HelmSourceReason.chartPackageSucceeded : HelmSourceReason.chartPullSucceeded,
         "\(packaged ? "packaged" : "pulled") '\(name)' chart with version '\(version)'")
    }
}
