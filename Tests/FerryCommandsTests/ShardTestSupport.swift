import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// The world of a sharding test: the shared control plane and Git server, a namespace and a Git
/// repository of its own, and any number of `ferry controllers run` processes (shards or
/// replicas) watching that namespace, each on its own free ports and storage.
struct ShardWorld {
    static let key = "sharding.fluxcd.io/key"
    static let gitRepository = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "GitRepository")
    static let kustomization = GroupVersionKind(group: "kustomize.toolkit.fluxcd.io", version: "v1", kind: "Kustomization")
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
    static let lease = GroupVersionKind(group: "coordination.k8s.io", version: "v1", kind: "Lease")

    let plane: LocalControlPlane
    let client: KubernetesClient
    let namespace: String
    let repo: GitRepoFixture

    static func make(_ name: String) async throws -> ShardWorld {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        let namespace = try await plane.makeNamespace(name, client: client)
        let repo = try await GitRepoFixture.create(name, on: try await GitServer.shared())
        return ShardWorld(plane: plane, client: client, namespace: namespace, repo: repo)
    }

    /// `ferry controllers run --watch-label-selector <selector>` (all controllers, as a user runs it).
    func start(selector: String, _ arguments: [String] = [], waitForReady: Bool = true) async throws -> FerryControllers {
        try await FerryControllers.start(plane: plane, namespace: namespace,
                                         arguments: ["--watch-label-selector", selector, "--requeue-dependency", "2s"] + arguments,
                                         waitForReady: waitForReady)
    }

    /// Runs `body` with the processes `start` made; stops every one whatever happened, printing
    /// their logs' tails when `body` failed.
    func with(_ body: (inout [String: FerryControllers]) async throws -> Void) async throws {
        var processes: [String: FerryControllers] = [:]
        do {
            try await body(&processes)
        } catch {
            for (name, process) in processes.sorted(by: { $0.key < $1.key }) {
                Issue.record("\(name) log (tail):\n\(process.log.suffix(3000))")
            }
            for process in processes.values { await process.stop(signal: SIGKILL) }
            try? await client.shutdown()
            throw error
        }
        for process in processes.values { await process.stop() }
        try? await client.shutdown()
    }

    /// One ConfigMap manifest per path (`dir/cm.yaml` → ConfigMap `name`), committed and pushed.
    @discardableResult
    func push(_ configMaps: [String: String]) async throws -> String {
        var files: [String: String] = [:]
        for (dir, name) in configMaps {
            files["\(dir)/\(name).yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n  namespace: \(namespace)\ndata:\n  key: value\n"
        }
        let commit = try await repo.commit(files: files, message: "change")
        try await repo.push()
        return commit
    }

    func labels(_ shard: String?) -> JSONValue {
        shard.map { [Self.key: .string($0)] } ?? [:]
    }

    func createGitRepository(_ name: String, shard: String?) async throws {
        _ = try await client.create([
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": labels(shard)],
            "spec": ["url": .string(repo.url(.http)), "interval": "10m", "ref": ["branch": "main"]],
        ])
    }

    func createKustomization(_ name: String, path: String, source: String, shard: String?) async throws {
        _ = try await client.create([
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": labels(shard)],
            "spec": ["interval": "10m", "path": .string(path), "prune": true, "sourceRef": ["kind": "GitRepository", "name": .string(source)]],
        ])
    }

    /// Moves an object to `shard` (nil: the main instance) by its label, as a user would.
    func relabel(_ gvk: GroupVersionKind, _ name: String, shard: String?) async throws {
        _ = try await client.patch(gvk, name: name, namespace: namespace, type: .merge,
                                   patch: ["metadata": ["labels": [Self.key: shard.map { .string($0) } ?? .null]]])
    }

    func requestReconcile(_ gvk: GroupVersionKind, _ name: String) async throws {
        _ = try await client.patch(gvk, name: name, namespace: namespace, type: .merge,
                                   patch: ["metadata": ["annotations": ["reconcile.fluxcd.io/requestedAt": .string(UUID().uuidString)]]])
    }

    func get(_ gvk: GroupVersionKind, _ name: String) async -> JSONValue? {
        try? await client.get(gvk, name: name, namespace: namespace)
    }

    func artifactURL(_ source: String) async -> String? {
        await get(Self.gitRepository, source)?[path: "status", "artifact", "url"]?.stringValue
    }

    /// Waits until the Kustomization is Ready=True at its latest generation (with a revision of
    /// `commit`, when given).
    func waitReady(_ name: String, commit: String? = nil, timeout: Duration = .seconds(90)) async throws {
        var last: JSONValue?
        let ready = await eventually(timeout: timeout, every: .milliseconds(200)) {
            guard let object = await get(Self.kustomization, name) else { return false }
            last = object
            let condition = object[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
            guard condition?["status"]?.stringValue == "True",
                  object[path: "status", "observedGeneration"]?.intValue == object[path: "metadata", "generation"]?.intValue else { return false }
            return commit.map { object[path: "status", "lastAppliedRevision"]?.stringValue?.hasSuffix($0) == true } ?? true
        }
        if !ready {
            let status = last?["status"].map { String(decoding: $0.jsonBytes(), as: UTF8.self) } ?? "missing"
            throw ShardTestError("Kustomization \(name) not ready: \(status)")
        }
    }
}

struct ShardTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension FerryControllers {
    /// How many reconciles of `kind` `name` this process has logged (its one `reconciled` line
    /// per reconcile, whatever the result): which process reconciled what, as its log tells.
    func reconciles(_ kind: String, _ name: String) -> Int {
        log.split(separator: "\n").count { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return false }
            return object["msg"] as? String == "reconciled" && object["kind"] as? String == kind && object["name"] as? String == name
        }
    }

    /// The artifact URL prefix of this process's storage server (`--storage-addr` on localhost).
    var artifactPrefix: String { "http://localhost:\(storagePort)/" }
}
