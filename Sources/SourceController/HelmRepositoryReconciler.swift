import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

/// Produces HelmRepository artifacts — the repository's `index.yaml` — in the runtime's one
/// reconciler shape (``StepReconciler``): the steps of `HelmRepositoryReconciler+Steps.swift`
/// run in order on a ``HelmRepositoryRun``, and the runtime summarises, writes the status once,
/// records the events and requeues. Whatever fails, the last good index stays in the status
/// and in storage, so HelmCharts keep resolving against it.
public struct HelmRepositoryReconciler: StepReconciler {
    public var storage: ArtifactStorage
    public var secrets: any SecretReader
    /// Downloads with the index size cap (Flux's `--helm-index-max-size`, 50 MiB).
    public var getter: HelmGetter
    public var now: @Sendable () -> Date

    public static let defaultMaxIndexSize = 50 << 20

    public init(storage: ArtifactStorage, secrets: any SecretReader, maxIndexSize: Int = defaultMaxIndexSize,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.storage = storage
        self.secrets = secrets
        self.getter = HelmGetter(maxSize: maxIndexSize)
        self.now = now
    }

    /// The steps, as Flux's HelmRepository reconciler orders them.
    public var steps: [ReconcileStep<Self>] {
        [
            ReconcileStep("checkSpec") { try await $0.checkSpec(&$1) },
            ReconcileStep("checkOCI") { try await $0.checkOCI(&$1) },
            ReconcileStep("checkStorage") { try await $0.checkStorage(&$1) },
            ReconcileStep("fetchIndex") { try await $0.fetchIndex(&$1) },
            ReconcileStep("store") { try await $0.store(&$1) },
            ReconcileStep("collectGarbage") { try await $0.collectGarbage(&$1) },
        ]
    }

    public func decode(_ object: JSONValue) throws -> HelmRepository { try HelmRepository(json: object) }

    public func isSuspended(_ repository: HelmRepository) -> Bool { repository.spec.suspend == true }

    public func start(_ repository: HelmRepository, json: JSONValue) throws(ReconcileError) -> HelmRepositoryRun {
        HelmRepositoryRun(repository: repository, object: json, now: now())
    }

    /// Ready=True/Succeeded "stored artifact for revision '…'" (an OCI repository: "Helm
    /// repository is ready"), back after `spec.interval`.
    public func succeeded(_ run: HelmRepositoryRun) -> ReconcileSuccess {
        if run.spec.isOCI {
            return ReconcileSuccess(reason: ConditionReason.succeeded, message: Self.ociReadyMessage,
                                    requeueAfter: run.settings?.interval ?? HelmRepositorySettings.defaultInterval, revision: nil)
        }
        let revision = run.status.artifact?.revision
        return ReconcileSuccess(reason: ConditionReason.succeeded, message: "stored artifact for revision '\(revision ?? "")'",
                                requeueAfter: run.settings?.interval ?? HelmRepositorySettings.defaultInterval, revision: revision)
    }

    /// Removes every stored index of the deleted object; a failure keeps the finalizer and retries.
    public func finalize(_ repository: HelmRepository, json: JSONValue) async throws(ReconcileError) -> [EventDraft] {
        let directory = ArtifactStorage.directory(kind: HelmRepository.kind, namespace: repository.metadata.namespace ?? "default",
                                                  name: repository.metadata.name)
        do { try storage.removeAll(directory: directory) } catch {
            throw ReconcileError.transient(reason: SourceReason.garbageCollectionFailed,
                                           "garbage collection for deleted resource failed: \(error)")
        }
        return []
    }

    /// The whole reconcile's bound: twice the timeout (the download, then storing) plus grace.
    @Sendable public static func deadline(for object: JSONValue) -> ReconcileDeadline? {
        guard let repository = try? HelmRepository(json: object),
              let settings = try? HelmRepositorySettings(spec: repository.spec) else { return nil }
        let format = { (d: Duration) in GoDuration.format(seconds: d / .seconds(1)) }
        return ReconcileDeadline(settings.timeout * 2 + GitRepositorySettings.deadlineGrace,
                                 origin: "2 × spec.timeout \(format(settings.timeout)) + \(format(GitRepositorySettings.deadlineGrace))")
    }

    public func runtime(client: KubernetesClient, events: EventRecorder?) -> StepReconcilerRuntime<Self> {
        StepReconcilerRuntime(self, client: client, events: events, deadline: Self.deadline)
    }
}
