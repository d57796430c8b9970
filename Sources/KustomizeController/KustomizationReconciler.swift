import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import ResourceManager

/// Reconciles `kustomize.toolkit.fluxcd.io/v1` Kustomizations with Flux's semantics, in the
/// runtime's one reconciler shape (``StepReconciler``): the steps of
/// `KustomizationReconciler+Steps.swift` run in order on a ``KustomizationRun`` — spec →
/// source → dependencies → fetch → build → apply → prune → health — the first failure stops
/// them, and the runtime summarises and writes the status once (plus progress before slow work
/// on a new revision). Whatever fails, nothing live is pruned or overwritten because of the
/// failure: prune runs only after a complete apply, and the inventory only shrinks by what was
/// really deleted.
public struct KustomizationReconciler: StepReconciler {
    public struct Options: Sendable {
        /// How often a Kustomization waiting on a dependency or a source checks again
        /// (Flux's `--requeue-dependency`).
        public var requeueDependency: Duration = .seconds(30)
        /// Server-side applies and dry-runs in flight at once for one Kustomization.
        public var applyConcurrency = 16
        /// How often health checks poll (Flux: 5 s).
        public var healthPollInterval: Duration = .seconds(2)
        /// Where artifacts are extracted (a directory per reconcile, removed afterwards).
        public var workDirectory = NSTemporaryDirectory()
        /// Service account used when a Kustomization names none (`--default-service-account`).
        public var defaultServiceAccount: String?
        /// Refuse sources and dependencies in other namespaces (`--no-cross-namespace-refs`).
        public var noCrossNamespaceRefs = false
        /// What kubeconfigs from `spec.kubeConfig.secretRef` may do beyond inline credentials
        /// (`--insecure-kubeconfig-exec`, `--insecure-kubeconfig-tls`): nothing by default.
        public var kubeConfigAllowances = KubeConfigAllowances()
        /// Refuse remote kustomize bases and components (`--no-remote-bases`); allowed by default, as in Flux.
        public var noRemoteBases = false

        public init() {}
    }

    public let options: Options
    public let cluster: any KustomizationCluster
    public let fetcher: any ArtifactSource

    public init(cluster: any KustomizationCluster, options: Options = Options(), fetcher: any ArtifactSource = ArtifactFetcher()) {
        self.cluster = cluster
        self.options = options
        self.fetcher = fetcher
    }

    /// The steps, as Flux's kustomize-controller orders them.
    public var steps: [ReconcileStep<Self>] {
        [
            ReconcileStep("checkSpec") { try await $0.checkSpec(&$1) },
            ReconcileStep("resolveSource") { try await $0.resolveSource(&$1) },
            ReconcileStep("checkDependencies") { try await $0.checkDependencies(&$1) },
            ReconcileStep("fetchArtifact") { try await $0.fetchArtifact(&$1) },
            ReconcileStep("build") { try await $0.build(&$1) },
            ReconcileStep("apply") { try await $0.apply(&$1) },
            ReconcileStep("prune") { try await $0.prune(&$1) },
            ReconcileStep("checkHealth") { try await $0.checkHealth(&$1) },
        ]
    }

    public func decode(_ object: JSONValue) throws -> Kustomization { try Kustomization(json: object) }

    public func isSuspended(_ kustomization: Kustomization) -> Bool { kustomization.spec.suspend == true }

    public func start(_ kustomization: Kustomization, json: JSONValue) throws(ReconcileError) -> KustomizationRun {
        KustomizationRun(object: json, settings: settings(kustomization))
    }

    func settings(_ kustomization: Kustomization) -> KustomizationSettings {
        KustomizationSettings(kustomization, defaultServiceAccount: options.defaultServiceAccount)
    }

    /// Ready=True/ReconciliationSucceeded "Applied revision: …", back after `spec.interval`.
    public func succeeded(_ run: KustomizationRun) -> ReconcileSuccess {
        ReconcileSuccess(reason: ConditionReason.reconciliationSucceeded, message: "Applied revision: \(run.revision ?? "")",
                         requeueAfter: run.settings.interval, revision: run.revision)
    }

    /// Failures other than ``ReconcileError`` are retried after `spec.retryInterval`, as Flux does.
    public func failure(from error: any Error, _ run: KustomizationRun) -> ReconcileError {
        .retry(after: run.settings.retryInterval, reason: ConditionReason.reconciliationFailed, "\(error)")
    }

    /// On success `lastAppliedRevision` (and its origin revision); in every end state with built
    /// manifests, the history line (digest, outcome, duration, revision).
    public func finishing(_ run: inout KustomizationRun, state: ReconcileState) {
        if case .succeeded = state {
            run.status.lastAppliedRevision = run.revision
            run.status.lastAppliedOriginRevision = run.artifact?.originRevision
        }
        guard let digest = run.digest else { return }
        let reason: String
        switch state {
        case .succeeded(let r, _): reason = r
        case .failed(let error): reason = error.reason
        case .inProgress: reason = ConditionReason.progressing
        }
        let elapsed = (ContinuousClock.now - run.started) / .seconds(1)
        var metadata: [String: String] = [:]
        if let revision = run.revision { metadata["revision"] = revision }
        if let origin = run.artifact?.originRevision { metadata["originRevision"] = origin }
        run.status.history = History.upsert(run.status.history ?? [], digest: digest, status: reason, at: Timestamp.now.rfc3339,
                                            duration: GoDuration.format(seconds: elapsed), metadata: metadata)
    }

    public func cleanUp(_ run: KustomizationRun) {
        if let directory = run.directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// `spec.timeout` (Flux's `GetTimeout`) bounds each wait of a reconcile (stage readiness,
    /// health checks); the whole reconcile gets it plus ``deadlineGrace`` for fetching,
    /// building and writing status. Unreadable specs get the default timeout's bound.
    @Sendable public static func deadline(for object: JSONValue) -> ReconcileDeadline? {
        guard let kustomization = try? Kustomization(json: object) else { return nil }
        let timeout = KustomizationSettings(kustomization).timeout
        return ReconcileDeadline(timeout + Self.deadlineGrace,
                                 origin: "spec.timeout \(GoDuration.format(seconds: timeout / .seconds(1))) + \(GoDuration.format(seconds: Self.deadlineGrace / .seconds(1)))")
    }

    public static let deadlineGrace: Duration = .seconds(30)

    /// The reconciler as the controller runs it: the runtime writes its status and events.
    public func runtime(client: KubernetesClient, events: EventRecorder?) -> StepReconcilerRuntime<Self> {
        let cluster = self.cluster
        return StepReconcilerRuntime(self, client: client, events: events, deadline: Self.deadline,
                                     objectDeleted: { await cluster.forget($0) })
    }
}
