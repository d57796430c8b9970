import ChildProcess
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// One end-to-end test's world: the shared control plane and Git server, a namespace of its
/// own, a Git repository, and `ferry controllers run` (source + kustomize controllers) as its
/// own process watching only that namespace.
struct KustomizationEnv {
    static let gitRepository = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "GitRepository")
    static let kustomization = GroupVersionKind(group: "kustomize.toolkit.fluxcd.io", version: "v1", kind: "Kustomization")
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
    static let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
    static let service = GroupVersionKind(group: "", version: "v1", kind: "Service")

    var plane: LocalControlPlane
    var client: KubernetesClient
    var git: GitServer
    var namespace: String
    var repo: GitRepoFixture
    var controllers: FerryControllers

    static func start(_ name: String, arguments: [String] = [], plane given: LocalControlPlane? = nil) async throws -> KustomizationEnv {
        let plane: LocalControlPlane
        if let given { plane = given } else { plane = try await LocalControlPlane.shared() }
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        let namespace = try await plane.makeNamespace(name, client: client)
        let git = try await GitServer.shared()
        let repo = try await GitRepoFixture.create(name, on: git)
        let controllers = try await FerryControllers.start(
            plane: plane, namespace: namespace,
            arguments: ["--requeue-dependency", "2s", "--health-check-interval", "500ms"] + arguments)
        return KustomizationEnv(plane: plane, client: client, git: git, namespace: namespace, repo: repo, controllers: controllers)
    }

    /// Runs `body`, then stops the controllers whatever happened (printing their log on failure).
    static func with(_ name: String, arguments: [String] = [], plane: LocalControlPlane? = nil,
                     _ body: (KustomizationEnv) async throws -> Void) async throws {
        let env = try await start(name, arguments: arguments, plane: plane)
        do {
            try await body(env)
        } catch {
            Issue.record("controllers log (tail):\n\(env.controllers.log.suffix(4000))")
            await env.stop()
            throw error
        }
        await env.stop()
    }

    func stop() async {
        await controllers.stop()
        try? await client.shutdown()
    }

    /// Commits `files` (paths → contents; `${NS}` becomes the test namespace), pushes, and asks
    /// the GitRepository `source` (when it exists) to fetch now. Returns the commit.
    @discardableResult
    func push(_ files: [String: String], delete: [String] = [], message: String = "change", source: String = "repo") async throws -> String {
        var commit = ""
        if !files.isEmpty {
            commit = try await repo.commit(files: files.mapValues { $0.replacingOccurrences(of: "${NS}", with: namespace) }, message: message)
        }
        if !delete.isEmpty { commit = try await repo.delete(delete, message: message) }
        try await repo.push()
        if (try? await client.get(Self.gitRepository, name: source, namespace: namespace)) != nil {
            try await requestReconcile(Self.gitRepository, source)
        }
        return commit
    }

    func requestReconcile(_ gvk: GroupVersionKind, _ name: String) async throws {
        _ = try await client.patch(gvk, name: name, namespace: namespace, type: .merge,
                                   patch: ["metadata": ["annotations": ["reconcile.fluxcd.io/requestedAt": .string(UUID().uuidString)]]])
    }

    /// The GitRepository `name` for this test's repository (branch main, long interval: tests push then ask).
    func createSource(_ name: String = "repo") async throws {
        _ = try await client.create([
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": ["url": .string(repo.url(.http)), "interval": "10m", "ref": ["branch": "main"]],
        ])
    }

    /// Creates or replaces the Kustomization `name` with `spec` (sourceRef, interval and prune defaulted).
    func applyKustomization(_ name: String, _ spec: JSONValue) async throws {
        var full = spec
        if full["sourceRef"] == nil { full["sourceRef"] = ["kind": "GitRepository", "name": "repo"] }
        if full["interval"] == nil { full["interval"] = "10m" }
        if full["prune"] == nil { full["prune"] = true }
        _ = try await client.apply([
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": full,
        ], fieldManager: "test", force: true)
    }

    func kustomization(_ name: String) async throws -> JSONValue {
        try await client.get(Self.kustomization, name: name, namespace: namespace)
    }

    func condition(_ name: String, _ type: String = "Ready") async -> JSONValue? {
        let object = try? await kustomization(name)
        return object?[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    /// Waits until Ready=True at the latest generation with `revision` applied (when given).
    func waitReady(_ name: String, revision commit: String? = nil, timeout: Duration = .seconds(60)) async throws {
        let ok = await eventually(timeout: timeout, every: .milliseconds(200)) {
            guard let object = try? await kustomization(name) else { return false }
            let ready = object[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
            guard ready?["status"]?.stringValue == "True",
                  object[path: "status", "observedGeneration"]?.intValue == object[path: "metadata", "generation"]?.intValue else { return false }
            if let commit { return object[path: "status", "lastAppliedRevision"]?.stringValue?.hasSuffix(commit) == true }
            return true
        }
        if !ok {
            let object = try? await kustomization(name)
            Issue.record("Kustomization \(name) not ready: \(object?["status"].map { String(decoding: $0.jsonBytes(), as: UTF8.self) } ?? "missing")")
            throw KustomizationTestError.notReady(name)
        }
    }

    /// Waits until Ready=False with `reason` (and a message containing `containing`, when
    /// given: an earlier failure with the same reason does not count); returns the message.
    func waitNotReady(_ name: String, reason: String, containing: String? = nil, timeout: Duration = .seconds(60)) async throws -> String {
        var message = ""
        let ok = await eventually(timeout: timeout, every: .milliseconds(200)) {
            guard let ready = await condition(name), ready["status"]?.stringValue == "False",
                  ready["reason"]?.stringValue == reason else { return false }
            message = ready["message"]?.stringValue ?? ""
            return containing.map { message.contains($0) } ?? true
        }
        if !ok {
            Issue.record("Kustomization \(name) never Ready=False/\(reason): \(String(describing: await condition(name)))")
            throw KustomizationTestError.notReady(name)
        }
        return message
    }

    func get(_ gvk: GroupVersionKind, _ name: String, namespace ns: String? = nil) async -> JSONValue? {
        try? await client.get(gvk, name: name, namespace: ns ?? namespace)
    }

    /// The events recorded for the Kustomization `name`, oldest first, as "Type Reason: message".
    func events(for name: String) async throws -> [String] {
        let list = try await client.list(GroupVersionKind(group: "", version: "v1", kind: "Event"), namespace: namespace,
                                         options: ListOptions(fieldSelector: "involvedObject.name=\(name),involvedObject.kind=Kustomization"))
        return list.items.map { "\($0["type"]?.stringValue ?? "") \($0["reason"]?.stringValue ?? ""): \($0["message"]?.stringValue ?? "")" }
    }
}

enum KustomizationTestError: Error {
    case notReady(String)
}

/// A ConfigMap manifest in the test namespace.
func configMapYAML(_ name: String, _ data: [String: String] = ["key": "value"], namespace: String = "${NS}") -> String {
    var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n  namespace: \(namespace)\ndata:\n"
    for (k, v) in data.sorted(by: { $0.key < $1.key }) { yaml += "  \(k): \"\(v)\"\n" }
    return yaml
}

/// A Deployment manifest (pods never run here: no kubelet; tests patch its status).
func deploymentYAML(_ name: String, image: String = "nginx:1.25", namespace: String = "${NS}") -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: \(name)
      namespace: \(namespace)
    spec:
      replicas: 1
      selector:
        matchLabels: {app: \(name)}
      template:
        metadata:
          labels: {app: \(name)}
        spec:
          containers:
          - name: app
            image: \(image)

    """
}
