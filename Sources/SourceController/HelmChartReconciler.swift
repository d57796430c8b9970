import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

/// Produces HelmChart artifacts — one chart as a `.tgz` — in the runtime's one reconciler shape
/// (``StepReconciler``): the steps of `HelmChartReconciler+Steps.swift` run in order on a
/// ``HelmChartRun``. A chart comes from a HelmRepository's stored index (picked by name and
/// semver range, then downloaded with the repository's credentials) or from a GitRepository's
/// artifact (loaded from its path and packaged). Whatever fails, the last good chart stays in
/// the status and in storage, so HelmReleases keep what they have.
public struct HelmChartReconciler: StepReconciler {
    public var storage: ArtifactStorage
    public var secrets: any SecretReader
    public var sources: any HelmChartSourceReader
    /// Downloads with the chart size cap (Flux's `--helm-chart-max-size`, 10 MiB).
    public var getter: HelmGetter
    /// Parent of the per-object working directories (each removed after its reconcile).
    public var workDirectory: String
    /// How long to wait for a source that is missing or has no artifact yet.
    public var requeueDependency: Duration
    public var now: @Sendable () -> Date

    public static let defaultMaxChartSize = 10 << 20

    public init(storage: ArtifactStorage, secrets: any SecretReader, sources: any HelmChartSourceReader,
                maxChartSize: Int = defaultMaxChartSize, workDirectory: String = NSTemporaryDirectory(),
                requeueDependency: Duration = .seconds(30), now: @escaping @Sendable () -> Date = { Date() }) {
        self.storage = storage
        self.secrets = secrets
        self.sources = sources
        self.getter = HelmGetter(maxSize: maxChartSize)
        self.workDirectory = workDirectory
        self.requeueDependency = requeueDependency
        self.now = now
    }

    /// The steps, as Flux's HelmChart reconciler orders them (storage, source, artifact).
    public var steps: [ReconcileStep<Self>] {
        [
            ReconcileStep("checkSpec") { try await $0.checkSpec(&$1) },
            ReconcileStep("checkStorage") { try await $0.checkStorage(&$1) },
            ReconcileStep("checkSource") { try await $0.checkSource(&$1) },
            ReconcileStep("pullOCI") { try await $0.pullOCI(&$1) },
            ReconcileStep("build") { try await $0.build(&$1) },
            ReconcileStep("store") { try await $0.store(&$1) },
            ReconcileStep("collectGarbage") { try await $0.collectGarbage(&$1) },
        ]
    }

    public func decode(_ object: JSONValue) throws -> HelmChart { try HelmChart(json: object) }

    public func isSuspended(_ chart: HelmChart) -> Bool { chart.spec.suspend == true }

    public func start(_ chart: HelmChart, json: JSONValue) throws(ReconcileError) -> HelmChartRun {
        HelmChartRun(chart: chart, object: json, now: now())
    }

    /// Ready=True with ChartPullSucceeded "pulled 'podinfo' chart with version '6.0.3'" or
    /// ChartPackageSucceeded "packaged …", back after `spec.interval`.
    public func succeeded(_ run: HelmChartRun) -> ReconcileSuccess {
        let revision = run.status.artifact?.revision
        let summary = BuiltChart.summary(packaged: run.requiresPackaging, name: run.status.observedChartName ?? run.spec.chart,
                                         version: revision ?? "")
        return ReconcileSuccess(reason: summary.reason, message: summary.message,
                                requeueAfter: run.settings?.interval ?? GitRepositorySettings.minimumInterval, revision: revision)
    }

    public func cleanUp(_ run: HelmChartRun) { run.cleanUp() }

    /// Removes every stored chart of the deleted object; a failure keeps the finalizer and retries.
    public func finalize(_ chart: HelmChart, json: JSONValue) async throws(ReconcileError) -> [EventDraft] {
        let directory = ArtifactStorage.directory(kind: HelmChart.kind, namespace: chart.metadata.namespace ?? "default",
                                                  name: chart.metadata.name)
        do { try storage.removeAll(directory: directory) } catch {
            throw ReconcileError.transient(reason: SourceReason.garbageCollectionFailed,
                                           "garbage collection for deleted resource failed: \(error)")
        }
        return []
    }

    public func runtime(client: KubernetesClient, events: EventRecorder?) -> StepReconcilerRuntime<Self> {
        StepReconcilerRuntime(self, client: client, events: events, deadline: { _ in Self.deadline })
    }

    /// A chart reconcile downloads (bounded by the repository's timeout) or packages: five
    /// minutes is its outer bound.
    static let deadline = ReconcileDeadline(.seconds(300), origin: "5m0s")
}

/// What the HelmChart reconciler reads about its sources.
public protocol HelmChartSourceReader: Sendable {
    /// HelmRepository `namespace/name`; throws when it cannot be read (not found).
    func helmRepository(name: String, namespace: String) async throws -> HelmRepository
    /// `status.artifact` of GitRepository `namespace/name`; nil when it has none; throws when
    /// it cannot be read.
    func gitRepositoryArtifact(name: String, namespace: String) async throws -> Artifact?
    /// Every HelmRepository of `namespace`: a Git chart's dependency from a repository URL is
    /// fetched with the credentials of the one with that URL, as Flux does.
    func helmRepositories(namespace: String) async throws -> [HelmRepository]
}
