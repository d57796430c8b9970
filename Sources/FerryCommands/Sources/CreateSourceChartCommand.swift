import ArgumentParser
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

/// `ferry create source chart`: flux's flags (and `--values-files`); `--export` prints the
/// object as flux does, otherwise it is applied and the command waits for the chart artifact.
struct CreateSourceChartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chart", abstract: "Create or update a HelmChart source.",
        discussion: "Example: ferry create source chart podinfo --source=HelmRepository/podinfo --chart=podinfo --chart-version=6.x")

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The HelmChart's name.") var name: String
    @Option(help: "Where the chart is: HelmRepository/NAME or GitRepository/NAME (kind in any case).") var source: String
    @Option(help: "The chart's name in a HelmRepository, or its directory in a GitRepository.") var chart: String
    @Option(name: .customLong("chart-version"), help: "A semver range (HelmRepository charts only), e.g. 6.x.") var chartVersion: String?
    @Option(name: .customLong("reconcile-strategy"), help: "When a chart from Git becomes a new artifact: ChartVersion or Revision.")
    var reconcileStrategy: String = "ChartVersion"
    @Option(name: .customLong("values-files"), help: "Values files in the source merged over the chart's, in order (comma-separated, repeatable).")
    var valuesFiles: [String] = []
    @Option(help: "How often to check the source, e.g. 10m.") var interval: String = "1m"
    @Option(name: .customLong("label"), help: "A label for the HelmChart: key=value (repeatable).") var labels: [String] = []
    @OptionGroup var waiting: WaitOptions
    @Flag(help: "Print the object as YAML instead of applying it.") var export = false

    /// The kinds a HelmChart may come from in Ferry (Flux also takes Bucket, which Ferry does not serve).
    static let sourceKinds = [FluxKind.helmRepository.gvk.kind, FluxKind.gitRepository.gvk.kind]
    static let strategies = ["ChartVersion", "Revision"]

    func validate() throws { _ = try object() }

    /// `Kind/name` → `spec.sourceRef`, the kind matched without regard to case as flux does.
    static func sourceRef(_ text: String) throws -> JSONValue {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { throw ValidationError("chart source is required") }
        let parts = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[1].contains("/") else {
            throw ValidationError("invalid helm chart source '\(text)', must be in format <kind>/<name>")
        }
        guard let kind = sourceKinds.first(where: { $0.lowercased() == parts[0].lowercased() }) else {
            throw ValidationError("source kind '\(parts[0])' is not supported, must be one of: \(sourceKinds.joined(separator: ", "))")
        }
        return ["kind": .string(kind), "name": .string(parts[1])]
    }

    /// The object with keys sorted, as flux's `--export` prints it (`reconcileStrategy` always
    /// written, as flux's flag has a default).
    func object() throws -> JSONValue {
        let sourceRef = try Self.sourceRef(source)
        guard !chart.trimmingSpaces.isEmpty else { throw ValidationError("chart name or path is required") }
        guard Self.strategies.contains(reconcileStrategy) else {
            throw ValidationError("--reconcile-strategy \(reconcileStrategy) is not supported, can be one of: \(Self.strategies.joined(separator: ", "))")
        }
        let files = KustomizationFlags.commaSeparated(valuesFiles)

        var spec: JSONObject = ["chart": .string(chart)]
        spec["interval"] = .string(try CreateSourceHelmCommand.duration(interval, flag: "interval"))
        spec["reconcileStrategy"] = .string(reconcileStrategy)
        spec["sourceRef"] = sourceRef
        if !files.isEmpty { spec["valuesFiles"] = .array(files.map { .string($0) }) }
        if let chartVersion, !chartVersion.isEmpty { spec["version"] = .string(chartVersion) }

        return try Creation.object(.helmChart, name: name, namespace: cluster.ferryNamespace, labels: labels, spec: spec)
    }

    func run() async throws {
        try await Creation.run(try object(), kind: .helmChart, noun: "HelmChart source", done: "source", cluster: cluster, export: export,
                               timeout: waiting.timeout)
    }
}
