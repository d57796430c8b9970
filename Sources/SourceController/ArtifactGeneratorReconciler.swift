import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

/// Produces ExternalArtifacts from ArtifactGenerators (Flux's source-watcher) in the runtime's
/// one reconciler shape (``StepReconciler``): the steps of `ArtifactGeneratorReconciler+Steps.swift`
/// run in order on an ``ArtifactGeneratorRun``. Each `spec.artifacts[]` entry becomes one
/// ExternalArtifact whose artifact is the result of its copy operations, archived reproducibly:
/// its revision is `latest@<digest>`, so an entry whose files did not change keeps its revision
/// and nothing consuming it is woken. ExternalArtifacts the generator no longer lists are
/// deleted with their stored files.
public struct ArtifactGeneratorReconciler: StepReconciler {
    public var storage: ArtifactStorage
    public var cluster: any ArtifactGeneratorCluster
    /// Parent of the per-object working directories (each removed after its reconcile).
    public var workDirectory: String
    /// How long to wait for a source that is missing or has no artifact yet.
    public var requeueDependency: Duration
    public var now: @Sendable () -> Date

    /// The metadata key of an artifact's origin revision (a Git commit), as Flux reads it.
    public static let originRevisionKey = "org.opencontainers.image.revision"
    /// Flux's ArtifactGenerator comes back every hour; source changes wake it sooner (watches).
    public static let interval = Duration.seconds(3600)
    /// The field manager ExternalArtifacts are written with.
    public static let fieldManager = "ferry-source-watcher"

    public init(storage: ArtifactStorage, cluster: any ArtifactGeneratorCluster, workDirectory: String = NSTemporaryDirectory(),
                requeueDependency: Duration = .seconds(30), now: @escaping @Sendable () -> Date = { Date() }) {
        self.storage = storage
        self.cluster = cluster
        self.workDirectory = workDirectory
        self.requeueDependency = requeueDependency
        self.now = now
    }

    public var steps: [ReconcileStep<Self>] {
        [
            ReconcileStep("fetchSources") { try await $0.fetchSources(&$1) },
            ReconcileStep("checkUpToDate") { try await $0.checkUpToDate(&$1) },
            ReconcileStep("build") { try await $0.build(&$1) },
            ReconcileStep("publish") { try await $0.publish(&$1) },
            ReconcileStep("collectGarbage") { try await $0.collectGarbage(&$1) },
        ]
    }

    public func decode(_ object: JSONValue) throws -> ArtifactGenerator { try APIConversion.decode(ArtifactGenerator.self, from: object) }

    /// `source.extensions.fluxcd.io/reconcile: disabled` pauses the generator.
    public func isSuspended(_ generator: ArtifactGenerator) -> Bool { generator.isDisabled }

    public func start(_ generator: ArtifactGenerator, json: JSONValue) throws(ReconcileError) -> ArtifactGeneratorRun {
        ArtifactGeneratorRun(generator: generator, object: json, settings: try ArtifactGeneratorSettings(spec: generator.spec), now: now())
    }

    /// Ready=True/Succeeded "reconciliation succeeded, generated N artifact(s)", back in an hour.
    public func succeeded(_ run: ArtifactGeneratorRun) -> ReconcileSuccess {
        let count = run.status.inventory?.count ?? 0
        return ReconcileSuccess(reason: ArtifactGeneratorReason.succeeded,
                                message: "reconciliation succeeded, generated \(count) artifact\(count == 1 ? "" : "s")",
                                requeueAfter: Self.interval, revision: run.sourcesDigest)
    }

    public func cleanUp(_ run: ArtifactGeneratorRun) { run.cleanUp() }

    /// Deletes every ExternalArtifact of the inventory and its stored files; a failure keeps the
    /// finalizer and retries.
    public func finalize(_ generator: ArtifactGenerator, json: JSONValue) async throws(ReconcileError) -> [EventDraft] {
        for entry in generator.status?.inventory ?? [] {
            do { try await removeExternalArtifact(name: entry.name, namespace: entry.namespace) } catch {
                throw ReconcileError.transient(reason: SourceReason.garbageCollectionFailed,
                                               "garbage collection of ExternalArtifact '\(entry.namespace)/\(entry.name)' failed: \(error)")
            }
        }
        return []
    }

    /// The ExternalArtifact object and its storage directory.
    func removeExternalArtifact(name: String, namespace: String) async throws {
        try await cluster.deleteExternalArtifact(name: name, namespace: namespace)
        try storage.removeAll(directory: ArtifactStorage.directory(kind: ExternalArtifact.kind, namespace: namespace, name: name))
    }

    public func runtime(client: KubernetesClient, events: EventRecorder?) -> StepReconcilerRuntime<Self> {
        StepReconcilerRuntime(self, client: client, events: events, deadline: { _ in Self.deadline })
    }

    static let deadline = ReconcileDeadline(.seconds(300), origin: "5m0s")
}

/// What the ArtifactGenerator reconciler reads and writes in the cluster.
public protocol ArtifactGeneratorCluster: Sendable {
    /// `status.artifact` of source `kind` `namespace/name`: nil when it has none; throws
    /// ``ArtifactGeneratorSourceMissing`` when the object does not exist.
    func sourceArtifact(kind: String, name: String, namespace: String) async throws -> Artifact?
    /// The ExternalArtifacts in `namespace` labelled as written by `generator`, by name: one
    /// list, however many artifacts the generator has.
    func externalArtifacts(generator: String, namespace: String) async throws -> [String: ExternalArtifact]
    /// Writes the ExternalArtifact's metadata and spec (server-side apply), then its status.
    func applyExternalArtifact(_ object: JSONValue, status: JSONValue) async throws
    /// Deletes the ExternalArtifact; absent is fine.
    func deleteExternalArtifact(name: String, namespace: String) async throws
}

/// A source the generator names does not exist.
public struct ArtifactGeneratorSourceMissing: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
