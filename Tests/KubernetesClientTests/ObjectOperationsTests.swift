import FerryTesting
import Manifests
import Testing
@testable import KubernetesClient

/// get / list / create / update / delete / patch / apply / status against the real API server.
@Suite struct ObjectOperationsTests {
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
    static let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")

    func setUp(_ name: String) async throws -> (KubernetesClient, String) {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        return (client, try await plane.makeNamespace(name, client: client))
    }

    func cm(_ name: String, _ ns: String, data: JSONValue = ["k": "v"], labels: JSONValue = [:]) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": .string(ns), "labels": labels], "data": data]
    }

    @Test func createGetUpdateDelete() async throws {
        let (client, ns) = try await setUp("crud")
        defer { Task { try await client.shutdown() } }
        let created = try await client.create(cm("a", ns))
        #expect(created.uid != nil)
        let dup = try await #require(throws: APIError.self) { try await client.create(cm("a", ns)) }
        #expect(dup.isAlreadyExists)

        var live = try await client.get(Self.configMap, name: "a", namespace: ns)
        live["data"] = ["k": "changed"]
        let updated = try await client.update(live)
        #expect(updated[path: "data", "k"] == "changed")
        // A stale resourceVersion is a Conflict.
        let stale = try await #require(throws: APIError.self) { try await client.update(live) }
        #expect(stale.isConflict)

        // Preconditions: a wrong uid is refused, the right one deletes.
        let wrong = try await #require(throws: APIError.self) {
            try await client.delete(Self.configMap, name: "a", namespace: ns, options: DeleteOptions(preconditionUID: "not-the-uid"))
        }
        #expect(wrong.isConflict)
        try await client.delete(Self.configMap, name: "a", namespace: ns,
                                options: DeleteOptions(propagationPolicy: .background, preconditionUID: created.uid))
        let gone = try await #require(throws: APIError.self) { try await client.get(Self.configMap, name: "a", namespace: ns) }
        #expect(gone.isNotFound)
        #expect(gone.description == "configmaps \"a\" not found")
    }

    @Test func listPaginatesAndSelects() async throws {
        let (client, ns) = try await setUp("list")
        defer { Task { try await client.shutdown() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<25 {
                group.addTask { _ = try await client.create(self.cm("cm-\(i)", ns, labels: ["tier": i % 2 == 0 ? "even" : "odd"])) }
            }
            try await group.waitForAll()
        }
        let page = try await client.list(Self.configMap, namespace: ns, options: ListOptions(limit: 10))
        #expect(page.items.count == 10)
        #expect(page.continueToken != nil)
        #expect(page.items.first?.kind == "ConfigMap")
        // 25 ours + the namespace's kube-root-ca.crt (if the controller made it) — count ours only.
        let all = try await client.listAll(Self.configMap, namespace: ns, options: ListOptions(limit: 7))
        #expect(all.items.filter { $0.metadataName?.hasPrefix("cm-") == true }.count == 25)
        let even = try await client.listAll(Self.configMap, namespace: ns, options: ListOptions(labelSelector: "tier=even"))
        #expect(even.items.count == 13)
        let one = try await client.listAll(Self.configMap, namespace: ns, options: ListOptions(fieldSelector: "metadata.name=cm-3"))
        #expect(one.items.map(\.metadataName) == ["cm-3"])
        // Across all namespaces.
        let everywhere = try await client.listAll(Self.configMap, options: ListOptions(labelSelector: "tier=odd"))
        #expect(everywhere.items.filter { $0.metadataNamespace == ns }.count == 12)
    }

    @Test func dryRunOnEveryWriteChangesNothing() async throws {
        let (client, ns) = try await setUp("dryrun")
        defer { Task { try await client.shutdown() } }
        let dry = WriteOptions(dryRun: true)
        _ = try await client.create(cm("d", ns), options: dry)
        #expect(try await client.listAll(Self.configMap, namespace: ns, options: ListOptions(fieldSelector: "metadata.name=d")).items.isEmpty)
        _ = try await client.apply(cm("d", ns), fieldManager: "test", dryRun: true)
        #expect(try await client.listAll(Self.configMap, namespace: ns, options: ListOptions(fieldSelector: "metadata.name=d")).items.isEmpty)

        let real = try await client.create(cm("d", ns))
        var changed = real
        changed["data"] = ["k": "dry"]
        _ = try await client.update(changed, options: dry)
        _ = try await client.patch(Self.configMap, name: "d", namespace: ns, type: .merge, patch: ["data": ["k": "dry"]], options: dry)
        try await client.delete(Self.configMap, name: "d", namespace: ns, options: DeleteOptions(dryRun: true))
        let after = try await client.get(Self.configMap, name: "d", namespace: ns)
        #expect(after[path: "data", "k"] == "v")
        #expect(after.resourceVersion == real.resourceVersion)
    }

    @Test func patchTypes() async throws {
        let (client, ns) = try await setUp("patch")
        defer { Task { try await client.shutdown() } }
        _ = try await client.create(deploymentObject("web", ns))
        _ = try await client.patch(Self.deployment, name: "web", namespace: ns, type: .merge, patch: ["metadata": ["labels": ["a": "1"]]])
        _ = try await client.patch(Self.deployment, name: "web", namespace: ns, type: .json,
                                   patch: [["op": "replace", "path": "/spec/replicas", "value": 3]])
        // Strategic merge merges containers by name instead of replacing the list.
        let smp = try await client.patch(Self.deployment, name: "web", namespace: ns, type: .strategicMerge, patch: [
            "spec": ["template": ["spec": ["containers": [["name": "sidecar", "image": "busybox"]]]]],
        ])
        #expect(smp[path: "metadata", "labels", "a"] == "1")
        #expect(smp[path: "spec", "replicas"] == 3)
        #expect(smp[path: "spec", "template", "spec", "containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.sorted() == ["sidecar", "web"])
        let invalid = try await #require(throws: APIError.self) {
            try await client.patch(Self.deployment, name: "web", namespace: ns, type: .merge, patch: ["spec": ["replicas": -1]])
        }
        #expect(invalid.isInvalid)
        #expect(invalid.causes.contains { $0.field == "spec.replicas" })
    }

    @Test func serverSideApplyOwnsFieldsAndForceTakesThemOver() async throws {
        let (client, ns) = try await setUp("ssa")
        defer { Task { try await client.shutdown() } }
        let first = try await client.apply(cm("s", ns, data: ["a": "1", "b": "2"]), fieldManager: "alice")
        #expect(first[path: "data", "b"] == "2")
        // An unchanged re-apply changes no field. (Kubernetes 1.20 may still write: it bumps the
        // managedFields timestamp when a second has passed, so resourceVersion is not compared.)
        let again = try await client.apply(cm("s", ns, data: ["a": "1", "b": "2"]), fieldManager: "alice")
        #expect(again["data"] == first["data"])
        #expect(again[path: "metadata", "managedFields"]?.arrayValue?.count == 1)
        // Another manager setting an owned field conflicts, unless forced.
        let conflict = try await #require(throws: APIError.self) {
            try await client.apply(cm("s", ns, data: ["a": "bob"]), fieldManager: "bob")
        }
        #expect(conflict.isConflict)
        #expect(conflict.message.contains("conflict with \"alice\""))
        let forced = try await client.apply(cm("s", ns, data: ["a": "bob"]), fieldManager: "bob", force: true)
        #expect(forced[path: "data", "a"] == "bob")
        // alice agreeing on a (shared ownership, no conflict) and dropping b from her intent
        // removes b, of which she was the only manager.
        let pruned = try await client.apply(cm("s", ns, data: ["a": "bob"]), fieldManager: "alice")
        #expect(pruned[path: "data", "b"] == nil)
        #expect(pruned[path: "data", "a"] == "bob")
    }

    @Test func statusSubresource() async throws {
        // A LoadBalancer Service: it has a status subresource and, with no cloud provider,
        // no controller that writes it, so what we read back is what we wrote.
        let (client, ns) = try await setUp("status")
        defer { Task { try await client.shutdown() } }
        let service = GroupVersionKind(group: "", version: "v1", kind: "Service")
        _ = try await client.create(["apiVersion": "v1", "kind": "Service", "metadata": ["name": "lb", "namespace": .string(ns)],
                                     "spec": ["type": "LoadBalancer", "ports": [["port": 80]]]])
        let ingress = { (ip: String) -> JSONValue in ["loadBalancer": ["ingress": [["ip": .string(ip)]]]] }
        let ip = { () async throws -> String? in
            try await client.get(service, name: "lb", namespace: ns)[path: "status", "loadBalancer", "ingress"]?[0]?["ip"]?.stringValue
        }
        var live = try await client.get(service, name: "lb", namespace: ns)
        live["status"] = ingress("192.0.2.1")
        _ = try await client.updateStatus(live)
        #expect(try await ip() == "192.0.2.1")
        // Status written through the main resource is ignored...
        _ = try await client.patch(service, name: "lb", namespace: ns, type: .merge, patch: ["status": ingress("192.0.2.2")])
        #expect(try await ip() == "192.0.2.1")
        // ...and taken through the subresource, by patch and by server-side apply.
        _ = try await client.patch(service, name: "lb", namespace: ns, type: .merge, patch: ["status": ingress("192.0.2.3")], subresource: "status")
        #expect(try await ip() == "192.0.2.3")
        _ = try await client.apply(["apiVersion": "v1", "kind": "Service", "metadata": ["name": "lb", "namespace": .string(ns)],
                                    "status": ingress("192.0.2.4")], fieldManager: "status-writer", force: true, subresource: "status")
        #expect(try await ip() == "192.0.2.4")
    }

    @Test func foregroundDeletionWaitsForDependents() async throws {
        let (client, ns) = try await setUp("propagation")
        defer { Task { try await client.shutdown() } }
        _ = try await client.create(deploymentObject("web", ns))
        let rs = GroupVersionKind(group: "apps", version: "v1", kind: "ReplicaSet")
        #expect(try await eventually { try await !client.listAll(rs, namespace: ns).items.isEmpty })
        let answer = try await client.delete(Self.deployment, name: "web", namespace: ns, options: DeleteOptions(propagationPolicy: .foreground))
        #expect(answer[path: "metadata", "finalizers"]?.arrayValue?.contains("foregroundDeletion") == true)
        #expect(try await eventually { try await client.listAll(rs, namespace: ns).items.isEmpty })

        _ = try await client.create(deploymentObject("kept", ns))
        #expect(try await eventually { try await !client.listAll(rs, namespace: ns).items.isEmpty })
        try await client.delete(Self.deployment, name: "kept", namespace: ns, options: DeleteOptions(propagationPolicy: .orphan))
        // The garbage collector has done its part once the Deployment is gone (its orphan
        // finalizer removed) and the ReplicaSet no longer names an owner: kept, not deleted.
        #expect(await eventually(timeout: .seconds(120)) {
            do {
                _ = try await client.get(Self.deployment, name: "kept", namespace: ns)
                return false
            } catch let error as APIError where error.isNotFound {
            } catch {
                return false
            }
            guard let sets = try? await client.listAll(rs, namespace: ns).items else { return false }
            return sets.count == 1 && (sets[0][path: "metadata", "ownerReferences"]?.arrayValue ?? []).isEmpty
        })
        #expect(try await client.listAll(rs, namespace: ns).items.count == 1)
    }
}

func deploymentObject(_ name: String, _ ns: String) -> JSONValue {
    [
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": ["name": .string(name), "namespace": .string(ns)],
        "spec": [
            "replicas": 1,
            "selector": ["matchLabels": ["app": .string(name)]],
            "template": [
                "metadata": ["labels": ["app": .string(name)]],
                "spec": ["containers": [["name": .string(name), "image": "nginx:1.25"]]],
            ],
        ],
    ]
}
