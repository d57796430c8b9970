import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import SourceController

/// Scans ImageRepositories — lists a registry repository's tags — in the runtime's one reconciler
/// shape (``StepReconciler``): the steps of `ImageRepositoryReconciler+Steps.swift` run in order
/// on an ``ImageRepositoryRun``. The tags go to the ``TagStore``; the status carries their count,
/// a hash and a sample. A failed scan keeps the last stored tags and `lastScanResult`, so
/// ImagePolicies keep their choice.
public struct ImageRepositoryReconciler: StepReconciler {
    public var store: TagStore
    public var secrets: any SecretReader
    public var now: @Sendable () -> Date

    public init(store: TagStore, secrets: any SecretReader, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.secrets = secrets
        self.now = now
    }

    /// The steps, as Flux's ImageRepository reconciler orders them.
    public var steps: [ReconcileStep<Self>] {
        [
            ReconcileStep("checkSpec") { try await $0.checkSpec(&$1) },
            ReconcileStep("decideScan") { try await $0.decideScan(&$1) },
            ReconcileStep("configureAuth") { try await $0.configureAuth(&$1) },
            ReconcileStep("scan") { try await $0.scan(&$1) },
        ]
    }

    public func decode(_ object: JSONValue) throws -> ImageRepository { try ImageRepository(json: object) }

    public func isSuspended(_ repository: ImageRepository) -> Bool { repository.spec.suspend == true }

    public func start(_ repository: ImageRepository, json: JSONValue) throws(ReconcileError) -> ImageRepositoryRun {
        ImageRepositoryRun(repository: repository, object: json, now: now())
    }

    /// Ready=True/Succeeded "successful scan: found N tags with checksum …", back at the next scan.
    public func succeeded(_ run: ImageRepositoryRun) -> ReconcileSuccess {
        ReconcileSuccess(reason: ConditionReason.succeeded, message: run.readyMessage,
                         requeueAfter: run.nextScan ?? run.settings?.interval, revision: run.status.lastScanResult?.revision)
    }

    /// Forgets the deleted repository's tags; a failure keeps the finalizer and retries.
    public func finalize(_ repository: ImageRepository, json: JSONValue) async throws(ReconcileError) -> [EventDraft] {
        do { try store.remove(namespace: repository.metadata.namespace ?? "default", name: repository.metadata.name) } catch {
            throw .transient(reason: ConditionReason.reconciliationFailed, error.description)
        }
        return []
    }

    /// The whole reconcile's bound: the scan's timeout, plus grace for the status writes.
    @Sendable public static func deadline(for object: JSONValue) -> ReconcileDeadline? {
        guard let repository = try? ImageRepository(json: object),
              let settings = try? ImageRepositorySettings(spec: repository.spec) else { return nil }
        let format = { (d: Duration) in GoDuration.format(seconds: d / .seconds(1)) }
        return ReconcileDeadline(settings.timeout + deadlineGrace,
                                 origin: "spec.timeout \(format(settings.timeout)) + \(format(deadlineGrace))")
    }

    static let deadlineGrace: Duration = .seconds(30)

    public func runtime(client: KubernetesClient, events: EventRecorder?) -> StepReconcilerRuntime<Self> {
        StepReconcilerRuntime(self, client: client, events: events, deadline: Self.deadline)
    }
}
