import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

/// Produces OCIRepository artifacts — the selected layer of an artifact in an OCI registry,
/// as a `.tar.gz` — in the runtime's one reconciler shape (``StepReconciler``): the steps of
/// `OCIRepositoryReconciler+Steps.swift` run in order on an ``OCIRepositoryRun``.
///
/// A poll that finds nothing new costs one HEAD of the tag's manifest (plus a tag list for a
/// semver ref, nothing at all for a digest ref): the layer is only downloaded when the digest
/// changed, or `ignore`/`layerSelector` did. Whatever fails, the last good artifact stays in the
/// status and in storage, so Kustomizations and HelmReleases keep what they have.
public struct OCIRepositoryReconciler: StepReconciler {
    public var storage: ArtifactStorage
    public var secrets: any SecretReader
    /// The largest layer downloaded, compressed.
    public var maxLayerSize: Int
    /// Parent of the per-object working directories (each removed after its reconcile).
    public var workDirectory: String
    public var now: @Sendable () -> Date

    public static let defaultMaxLayerSize = 100 << 20
    public static let kind = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: OCIRepository.kind)

    public init(storage: ArtifactStorage, secrets: any SecretReader, maxLayerSize: Int = defaultMaxLayerSize,
                workDirectory: String = NSTemporaryDirectory(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.storage = storage
        self.secrets = secrets
        self.maxLayerSize = maxLayerSize
        self.workDirectory = workDirectory
        self.now = now
    }

    /// The steps, as Flux's OCIRepository reconciler orders them (storage, source, artifact).
    public var steps: [ReconcileStep<Self>] {
        [
            ReconcileStep("checkSpec") { try await $0.checkSpec(&$1) },
            ReconcileStep("checkStorage") { try await $0.checkStorage(&$1) },
            ReconcileStep("resolve") { try await $0.resolve(&$1) },
            ReconcileStep("pull") { try await $0.pull(&$1) },
            ReconcileStep("build") { try await $0.build(&$1) },
            ReconcileStep("store") { try await $0.store(&$1) },
            ReconcileStep("collectGarbage") { try await $0.collectGarbage(&$1) },
        ]
    }

    public func decode(_ object: JSONValue) throws -> OCIRepository { try OCIRepository(json: object) }

    public func isSuspended(_ repository: OCIRepository) -> Bool { repository.spec.suspend == true }

    public func start(_ repository: OCIRepository, json: JSONValue) throws(ReconcileError) -> OCIRepositoryRun {
        OCIRepositoryRun(repository: repository, object: json, now: now())
    }

    /// Ready=True/Succeeded "stored artifact for digest '<tag>@sha256:…'" (Flux's words), back
    /// after `spec.interval`.
    public func succeeded(_ run: OCIRepositoryRun) -> ReconcileSuccess {
        let revision = run.status.artifact?.revision
        return ReconcileSuccess(reason: ConditionReason.succeeded, message: Self.readyMessage(revision ?? ""),
                                requeueAfter: run.settings?.interval ?? GitRepositorySettings.minimumInterval, revision: revision)
    }

    static func readyMessage(_ revision: String) -> String { "stored artifact for digest '\(revision)'" }

    public func cleanUp(_ run: OCIRepositoryRun) { run.cleanUp() }

    /// Removes every stored artifact of the deleted object; a failure keeps the finalizer and retries.
    public func finalize(_ repository: OCIRepository, json: JSONValue) async throws(ReconcileError) -> [EventDraft] {
        let directory = ArtifactStorage.directory(kind: OCIRepository.kind, namespace: repository.metadata.namespace ?? "default",
                                                  name: repository.metadata.name)
        do { try storage.removeAll(directory: directory) } catch {
            throw ReconcileError.transient(reason: SourceReason.garbageCollectionFailed,
                                           "garbage collection for deleted resource failed: \(error)")
        }
        return []
    }

    /// The whole reconcile's bound (``OCIRepositorySettings/reconcileDeadline``); none for a spec
    /// whose numbers are invalid (the first step stalls it at once).
    @Sendable public static func deadline(for object: JSONValue) -> ReconcileDeadline? {
        guard let repository = try? OCIRepository(json: object),
              let settings = try? OCIRepositorySettings(spec: repository.spec) else { return nil }
        return settings.reconcileDeadline
    }

    public func runtime(client: KubernetesClient, events: EventRecorder?) -> StepReconcilerRuntime<Self> {
        StepReconcilerRuntime(self, client: client, events: events, deadline: Self.deadline)
    }
}
