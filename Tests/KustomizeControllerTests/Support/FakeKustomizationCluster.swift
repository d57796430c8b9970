@testable import KustomizeController
import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import ResourceManager
import Synchronization

/// A ``KustomizationCluster`` without Kubernetes: sources and Kustomizations are dictionaries,
/// the target is a ``FakeApplyTarget`` (or a refusal), so the Kustomization steps run as pure
/// code and a test reads what they decided from the ``ReconcileReport``.
struct FakeKustomizationCluster: KustomizationCluster {
    /// Sources by `Kind/namespace/name`; a source not listed is `.missing`.
    var sources: [String: SourceLookup] = [:]
    /// Source kinds the "API server" does not serve: looking one up throws, as an uninstalled CRD does.
    var unservedKinds: Set<String> = []
    /// The Kustomizations the watch has seen (dependencies, and the object itself for cycles).
    var kustomizations: [ObjectKey: JSONValue] = [:]
    var helmReleases: [ObjectKey: JSONValue] = [:]
    /// Generations the watch reports, overriding those of ``kustomizations`` (a spec change mid-reconcile).
    var generations: [ObjectKey: Int] = [:]
    /// The cluster objects are applied to.
    var target = FakeApplyTarget()
    /// When set, the target cannot be reached (a kubeConfig Secret gone, impersonation refused).
    var unreachable: ReconcileError?

    struct NotServed: Error, CustomStringConvertible {
        var kind: String
        var description: String { "the API server does not serve kind \(kind)" }
    }

    static func sourceKey(_ kind: String, _ key: ObjectKey) -> String { "\(kind)/\(key.namespace)/\(key.name)" }

    func source(kind: String, _ key: ObjectKey) async throws -> SourceLookup {
        if unservedKinds.contains(kind) { throw NotServed(kind: kind) }
        return sources[Self.sourceKey(kind, key)] ?? .missing
    }

    func kustomization(_ key: ObjectKey) async -> JSONValue? { kustomizations[key] }

    func dependency(_ key: DependencyKey) async -> JSONValue? {
        key.kind == Kustomization.kind ? kustomizations[key.key] : helmReleases[key.key]
    }

    func generation(of key: ObjectKey) -> Int? { generations[key] ?? kustomizations[key]?.generation }

    func target(for settings: KustomizationSettings) async throws(ReconcileError) -> any ApplyTarget {
        if let unreachable { throw unreachable }
        return target
    }

    func variableReader(for settings: KustomizationSettings) -> any ObjectReader { NoObjects() }

    func forget(_ key: ObjectKey) async {}

    /// Every read is a 404-like failure: the tests here substitute only inline variables.
    struct NoObjects: ObjectReader {
        struct Missing: Error {}
        func object(_ gvk: GroupVersionKind, name: String, namespace: String?) async throws -> JSONValue { throw Missing() }
    }
}

/// An ``ApplyTarget`` that keeps a set of "live" objects: apply creates (or leaves unchanged)
/// what it is given and records it, prune deletes, health and termination answer as told.
final class FakeApplyTarget: ApplyTarget, Sendable {
    enum Health: Sendable {
        case answer(HealthWaitResult.Outcome, message: String)
        /// Cancelled when the reconciler's `cancelled()` says new work arrived, else healthy.
        case untilCancelled
    }

    struct Behaviour: Sendable {
        /// Fail the apply after this many objects, with this message.
        var applyFailure: (after: Int, message: String)?
        /// Names whose deletion fails.
        var undeletable: Set<String> = []
        var health = Health.answer(.healthy, message: "")
        /// Names still present when waiting for termination ends.
        var terminating: Set<String> = []
    }

    struct Record: Sendable {
        var live: Set<ObjectID> = []
        var applied: [[JSONValue]] = []
        /// The options of every apply (drift-ignore rules, force, timeout).
        var applyOptions: [ApplyOptions] = []
        /// The custom health evaluator each health wait was given (`healthCheckExprs`).
        var customHealth: [(any CustomHealthEvaluator)?] = []
        var pruned: [[InventoryObject]] = []
        var healthChecked: [[InventoryObject]] = []
        var terminationWaited: [[InventoryObject]] = []
    }

    let behaviour: Behaviour
    private let state: Mutex<Record>

    init(_ behaviour: Behaviour = Behaviour(), live: [ObjectID] = []) {
        self.behaviour = behaviour
        state = Mutex(Record(live: Set(live)))
    }

    var record: Record { state.withLock { $0 } }

    func apply(_ objects: [JSONValue], options: ApplyOptions) async throws(ApplyError) -> ChangeSet {
        let limit = behaviour.applyFailure?.after ?? objects.count
        let changeSet = state.withLock { record in
            record.applied.append(Array(objects.prefix(limit)))
            record.applyOptions.append(options)
            var changeSet = ChangeSet()
            for object in objects.prefix(limit) {
                guard let id = object.objectID, let gvk = object.groupVersionKind else { continue }
                let action: ChangeAction = record.live.insert(id).inserted ? .created : .unchanged
                let inventoryObject = InventoryObject(id: id, version: gvk.version)
                changeSet.entries.append(ChangeSetEntry(object: inventoryObject, action: action))
                changeSet.inventory.entries.append(InventoryEntry(id: Inventory.id(for: id), version: gvk.version))
            }
            return changeSet
        }
        if let failure = behaviour.applyFailure { throw ApplyError(message: failure.message, changeSet: changeSet) }
        return changeSet
    }

    func prune(_ stale: [InventoryObject]) async -> PruneResult {
        state.withLock { record in
            record.pruned.append(stale)
            var result = PruneResult()
            for object in stale {
                if behaviour.undeletable.contains(object.id.name) {
                    result.failed.append((object: object, message: "the server refused the delete"))
                    result.survivors.append(object)
                } else {
                    record.live.remove(object.id)
                    result.deleted.append(ChangeSetEntry(object: object, action: .deleted))
                }
            }
            return result
        }
    }

    func waitForHealth(_ objects: [InventoryObject], timeout: Duration, interval: Duration, custom: (any CustomHealthEvaluator)?,
                       cancelled: @escaping @Sendable () async -> Bool) async -> HealthWaitResult {
        state.withLock {
            $0.healthChecked.append(objects)
            $0.customHealth.append(custom)
        }
        switch behaviour.health {
        case .answer(let outcome, let message):
            return HealthWaitResult(outcome: outcome, message: message, statuses: [])
        case .untilCancelled:
            if await cancelled() {
                return HealthWaitResult(outcome: .cancelled, message: "health check canceled", statuses: [])
            }
            return HealthWaitResult(outcome: .healthy, message: "", statuses: [])
        }
    }

    func deleteAndWait(_ objects: [InventoryObject], timeout: Duration, interval: Duration) async -> DeleteAndWaitResult {
        let pruned = await prune(objects)
        let deleted = pruned.deleted.map(\.object)
        state.withLock { $0.terminationWaited.append(deleted) }
        let terminating = deleted.filter { behaviour.terminating.contains($0.id.name) }
        return DeleteAndWaitResult(outcome: terminating.isEmpty ? .terminated : .timedOut, pruned: pruned, terminating: terminating)
    }
}

/// An ``ArtifactSource`` that "unpacks" the given files into the directory, or fails.
final class FakeArtifactSource: ArtifactSource, Sendable {
    let files: [String: String]
    let failure: ArtifactFetchError?
    private let urls = Mutex<[String]>([])

    init(files: [String: String] = [:], failure: ArtifactFetchError? = nil) {
        self.files = files
        self.failure = failure
    }

    /// The URLs fetched, in order.
    var fetched: [String] { urls.withLock { $0 } }

    func fetch(url: String, digest: String?, into directory: String) async throws(ArtifactFetchError) {
        urls.withLock { $0.append(url) }
        if let failure { throw failure }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (path, content) in files {
                let file = URL(fileURLWithPath: directory).appendingPathComponent(path)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(content.utf8).write(to: file)
            }
        } catch {
            throw ArtifactFetchError(.extract, "fake artifact could not be written: \(error)")
        }
    }
}

/// The progress statuses a reconcile wrote, in order.
final class ProgressLog: Sendable {
    private let writes = Mutex<[JSONValue]>([])
    var statuses: [JSONValue] { writes.withLock { $0 } }
    var sink: ProgressSink { ProgressSink { status in self.writes.withLock { $0.append(status) } } }
}

/// The Kustomization the step tests start from: `apps/app`, generation 1, building `./deploy`
/// of `GitRepository/apps/repo` every 10m, retrying after 1m, pruning.
enum StepFixture {
    static let namespace = "apps"
    static let key = ObjectKey(namespace: namespace, name: "app")
    static let revision = "main@sha1:1f2e3d4c5b6a"
    static let artifactURL = "http://source-controller.test/gitrepository/apps/repo/1f2e3d4c.tar.gz"

    static var object: JSONValue {
        ["apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
         "metadata": ["name": "app", "namespace": .string(namespace), "generation": 1, "uid": "6b1d0c2e"],
         "spec": ["interval": "10m", "retryInterval": "1m", "path": "./deploy", "prune": true,
                  "sourceRef": ["kind": "GitRepository", "name": "repo"]]]
    }

    static var artifact: SourceArtifact {
        SourceArtifact(url: artifactURL, revision: revision, digest: "sha256:" + String(repeating: "ab", count: 32))
    }

    static var sources: [String: SourceLookup] {
        [FakeKustomizationCluster.sourceKey("GitRepository", ObjectKey(namespace: namespace, name: "repo")): .artifact(artifact)]
    }

    static func configMap(_ name: String, _ data: String = "on") -> String {
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: \(name)
          namespace: apps
        data:
          value: "\(data)"

        """
    }

    /// `deploy/` with two ConfigMaps, `settings` and `flags`.
    static var files: [String: String] {
        ["deploy/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- settings.yaml\n- flags.yaml\n",
         "deploy/settings.yaml": configMap("settings"),
         "deploy/flags.yaml": configMap("flags")]
    }

    static func configMapID(_ name: String) -> ObjectID { ObjectID(group: "", kind: "ConfigMap", namespace: namespace, name: name) }

    /// `status.inventory` holding ConfigMaps of these names.
    static func inventory(_ names: [String]) -> JSONValue {
        Inventory(entries: names.map { InventoryEntry(id: Inventory.id(for: configMapID($0)), version: "v1") }).json
    }

    static func condition(_ type: String, _ status: String, reason: String = "Succeeded", generation: Int = 1) -> JSONValue {
        ["type": .string(type), "status": .string(status), "reason": .string(reason), "message": "",
         "observedGeneration": .int(generation), "lastTransitionTime": "2026-01-01T00:00:00Z"]
    }
}

/// Everything one turn of the steps needs, and what it left behind.
struct StepScenario {
    var object = StepFixture.object
    var cluster = FakeKustomizationCluster(sources: StepFixture.sources)
    var files = StepFixture.files
    var fetchFailure: ArtifactFetchError?
    var options: KustomizationReconciler.Options = {
        var options = KustomizationReconciler.Options()
        options.requeueDependency = .seconds(7)
        options.workDirectory = NSTemporaryDirectory()
        return options
    }()

    struct Outcome {
        var report: ReconcileReport
        var target: FakeApplyTarget
        var fetcher: FakeArtifactSource
        var progress: [JSONValue]

        var status: KustomizationStatus? { report.status.flatMap { try? KustomizationStatus(json: $0) } }
        var inventoryNames: [String] {
            (status?.inventory?.entries ?? []).compactMap { try? Inventory.parseID($0.id).name }
        }
    }

    /// One turn of `KustomizationReconciler.report(for:)`. The object itself is in the watch
    /// cache, as it is for the controller.
    func run() async throws -> Outcome {
        var cluster = self.cluster
        if let key = ObjectKey(object), cluster.kustomizations[key] == nil { cluster.kustomizations[key] = object }
        let fetcher = FakeArtifactSource(files: files, failure: fetchFailure)
        let progress = ProgressLog()
        let reconciler = KustomizationReconciler(cluster: cluster, options: options, fetcher: fetcher)
        let report = try await reconciler.report(for: object, progress: progress.sink)
        return Outcome(report: report, target: cluster.target, fetcher: fetcher, progress: progress.statuses)
    }
}
