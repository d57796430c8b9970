import FerryTesting
import KubernetesClient
import Manifests
import Testing
@testable import ResourceManager

/// `diff`: what apply would do, computed with server-side dry-runs, writing nothing.
@Suite struct ResourceDiffTests {
    func secret(_ f: ClusterFixture, _ data: JSONValue) -> JSONValue {
        ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "creds", "namespace": .string(f.namespace)], "stringData": data]
    }

    @Test func reportsEachActionWithoutWriting() async throws {
        let f = try await ClusterFixture.make("diff")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier()
        _ = try await applier.apply([f.configMap("same"), f.configMap("changed"), secret(f, ["user": "admin", "password": "old-secret"])])
        let ns = "\(f.namespace)-future"
        var inFuture = f.configMap("later")
        inFuture[path: "metadata", "namespace"] = .string(ns)

        let entries = try await applier.diff([
            f.configMap("same"), f.configMap("changed", data: ["key": "other"]), f.configMap("new"),
            f.configMap("ignored", annotations: [FluxAnnotation.ssa: "Ignore"]),
            secret(f, ["user": "admin", "password": "new-secret"]),
            ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns)]], inFuture,
        ])
        let actions = Dictionary(entries.map { ($0.subject, $0.action) }, uniquingKeysWith: { a, _ in a })
        #expect(actions == [
            "Namespace/\(ns)": .created,
            f.subject("ConfigMap", "changed"): .configured, f.subject("ConfigMap", "ignored"): .skipped,
            f.subject("ConfigMap", "new"): .created, f.subject("ConfigMap", "same"): .unchanged,
            "ConfigMap/\(ns)/later": .created, f.subject("Secret", "creds"): .configured,
        ])
        #expect(entries.first?.subject == "Namespace/\(ns)")

        let changed = try #require(entries.first { $0.subject == f.subject("ConfigMap", "changed") })
        #expect(changed.live?[path: "data", "key"] == "value")
        #expect(changed.merged?[path: "data", "key"] == "other")
        #expect(changed.merged?[path: "metadata", "managedFields"] == nil)

        // Secret values never show; keys do, and the changed one is marked.
        let creds = try #require(entries.first { $0.subject == f.subject("Secret", "creds") })
        #expect(creds.live?["data"] == ["password": "*** (before)", "user": "***"])
        #expect(creds.merged?["data"] == ["password": "*** (after)", "user": "***"])
        for leaked in ["old-secret", "new-secret", "b2xkLXNlY3JldA", "bmV3LXNlY3JldA", "YWRtaW4"] {
            #expect(!"\(creds)".contains(leaked))
        }

        // Nothing was written.
        #expect(try await f.get("ConfigMap", "changed")?[path: "data", "key"] == "value")
        #expect(try await f.get("ConfigMap", "new") == nil)
        #expect(try await f.get("Namespace", ns, namespace: "") == nil)
    }
}
