import ControllerRuntime
import FerryAPI
import Foundation
import Helm
import KubernetesClient
import Manifests

/// Carries out HelmReleases (`helm.toolkit.fluxcd.io/v2`) in the runtime's one reconciler shape
/// (``StepReconciler``): the steps of `HelmReleaseReconciler+Steps.swift` make sure the chart's
/// HelmChart exists and has an artifact, load the chart, compose the values, and install or
/// upgrade the release when the chart or the values changed — storing every release in Helm's
/// own format (``ReleaseStore``), so the `helm` CLI sees Ferry's releases and Ferry takes over
/// releases Helm made. A failed action leaves what was live as the failed action left it and the
/// release recorded as failed, never uninstalled unless the spec's remediation says so.
public struct HelmReleaseReconciler: StepReconciler {
    public var client: KubernetesClient
    public var values: any ValuesSourceReader
    public var fetcher: ChartArtifactFetcher
    /// How long to wait for a HelmChart without an artifact before looking again (the HelmChart
    /// watch usually wakes the release sooner).
    public var requeueDependency: Duration
    public var now: @Sendable () -> Date
    /// `--default-service-account`: the account releases without `spec.serviceAccountName` act as.
    public var defaultServiceAccount: String?
    /// `--no-cross-namespace-refs`: a chart source, `chartRef` or dependency must be in the
    /// HelmRelease's own namespace (multi-tenancy lockdown, as Flux's flag).
    public var noCrossNamespaceRefs = false
    /// Clients for `spec.kubeConfig` clusters, kept per HelmRelease.
    public var remoteClusters = RemoteClusters(userAgent: "ferry-helm-controller", allowances: KubeConfigAllowances())

    public init(client: KubernetesClient, values: any ValuesSourceReader, fetcher: ChartArtifactFetcher = ChartArtifactFetcher(),
                requeueDependency: Duration = .seconds(30), now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.values = values
        self.fetcher = fetcher
        self.requeueDependency = requeueDependency
        self.now = now
    }

    public static let gvk = GroupVersionKind(group: "helm.toolkit.fluxcd.io", version: "v2", kind: HelmRelease.kind)
    static let helmChartKind = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: HelmChart.kind)

    public var steps: [ReconcileStep<Self>] {
        [
            ReconcileStep("checkSpec") { try await $0.checkSpec(&$1) },
            ReconcileStep("checkDependencies") { try await $0.checkDependencies(&$1) },
            ReconcileStep("ensureChart") { try await $0.ensureChart(&$1) },
            ReconcileStep("loadChart") { try await $0.loadChart(&$1) },
            ReconcileStep("composeValues") { try await $0.composeValues(&$1) },
            ReconcileStep("release") { try await $0.release(&$1) },
        ]
    }

    public func decode(_ object: JSONValue) throws -> HelmRelease { try APIConversion.decode(HelmRelease.self, from: object) }

    public func isSuspended(_ release: HelmRelease) -> Bool { release.spec.suspend == true }

    public func start(_ release: HelmRelease, json: JSONValue) throws(ReconcileError) -> HelmReleaseRun {
        HelmReleaseRun(release: release, object: json, now: now())
    }

    public var negativePolarity: [String] { [] }

    /// Ready=True with the Released condition's reason and message ("Helm install succeeded for
    /// release …") — or TestSuccess's when tests run and their failures count (Flux's
    /// `summarize`) — back after `spec.interval`.
    public func succeeded(_ run: HelmReleaseRun) -> ReconcileSuccess {
        let testsCount = run.spec.test?.enable == true && run.spec.test?.ignoreFailures != true
        let released = (testsCount ? run.conditions[HelmReleaseCondition.testSuccess] : nil) ?? run.conditions[HelmReleaseCondition.released]
        return ReconcileSuccess(reason: released?.reason ?? ConditionReason.succeeded,
                                message: released?.message ?? "Helm release is up to date",
                                requeueAfter: run.settings?.interval ?? .seconds(60), revision: run.status.lastAttemptedRevision)
    }

    public func finishing(_ run: inout HelmReleaseRun, state: ReconcileState) {
        run.status.lastAttemptedGeneration = run.generation
        run.status.storageNamespace = run.settings?.storageNamespace ?? run.status.storageNamespace
    }

    public func runtime(client: KubernetesClient, events: EventRecorder?) -> StepReconcilerRuntime<Self> {
        StepReconcilerRuntime(self, client: client, events: events, deadline: Self.deadline)
    }

    /// An install or upgrade waits at most `spec.timeout` for readiness and as long again for
    /// hooks; the reconcile gets twice the timeout plus a minute for everything else.
    @Sendable static func deadline(for object: JSONValue) -> ReconcileDeadline? {
        guard let release = try? APIConversion.decode(HelmRelease.self, from: object),
              let settings = try? HelmReleaseSettings(release) else { return nil }
        let format = { (d: Duration) in GoDuration.format(seconds: d / .seconds(1)) }
        return ReconcileDeadline(settings.timeout * 2 + .seconds(60), origin: "2 × spec.timeout \(format(settings.timeout)) + 1m0s")
    }
}
