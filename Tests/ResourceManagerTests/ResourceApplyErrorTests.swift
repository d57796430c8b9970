import FerryTesting
import KubernetesClient
import Manifests
import Testing
@testable import ResourceManager

/// Bad input changes nothing that is live, and the error names each culprit.
@Suite struct ResourceApplyErrorTests {
    @Test func invalidNewObjectsAreNamedAndNothingLiveChanges() async throws {
        let f = try await ClusterFixture.make("apply-invalid")
        defer { Task { try await f.client.shutdown() } }
        let ns = "\(f.namespace)-stage1"
        defer { Task { try? await f.client.delete(GroupVersionKind(apiVersion: "v1", kind: "Namespace"), name: ns) } }
        _ = try await f.applier().apply([f.configMap("existing", data: ["v": "1"])])
        let objects: [JSONValue] = [
            ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns)]],
            f.configMap("existing", data: ["v": "2"]), f.configMap("good-a"), f.configMap("bad", data: ["bad key!": "x"]),
            f.configMap("also-bad", data: ["no spaces allowed": "y"]),
        ]
        let error = try await #require(throws: ApplyError.self) { try await f.applier().apply(objects) }
        let lines = error.message.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("ConfigMap/\(f.namespace)/also-bad apply failed: "), "\(lines)")
        #expect(lines[1].hasPrefix("ConfigMap/\(f.namespace)/bad apply failed: "))
        #expect(lines[1].contains("data[bad key!]"))
        // Creates go first (the create validates them); the existing object is left as it was.
        #expect(try await f.get("ConfigMap", "existing")?[path: "data", "v"] == "1")
        // What was created is reported, so its owner keeps it in the inventory.
        #expect(error.changeSet.entries.map(\.line) == ["Namespace/\(ns) created", "ConfigMap/\(f.namespace)/good-a created"])
        #expect(try await f.get("ConfigMap", "good-a") != nil)
    }

    @Test func anExistingObjectThatFailsItsDryRunStopsTheWholeStage() async throws {
        let f = try await ClusterFixture.make("apply-invalid-existing")
        defer { Task { try await f.client.shutdown() } }
        _ = try await f.applier().apply([f.configMap("existing", data: ["v": "1"]), f.configMap("other", data: ["v": "1"])])
        let objects: [JSONValue] = [
            f.configMap("existing", data: ["bad key!": "2"]), f.configMap("other", data: ["v": "2"]), f.configMap("new"), f.deployment("web"),
        ]
        let error = try await #require(throws: ApplyError.self) { try await f.applier().apply(objects) }
        #expect(error.message.hasPrefix("ConfigMap/\(f.namespace)/existing dry-run failed (Invalid): "), "\(error.message)")
        #expect(error.changeSet.entries.isEmpty)
        #expect(try await f.get("ConfigMap", "other")?[path: "data", "v"] == "1")
        #expect(try await f.get("ConfigMap", "new") == nil)
        #expect(try await f.get("Deployment", "web", apiVersion: "apps/v1") == nil)
    }

    @Test func anUnknownKindIsReportedInFluxsWords() async throws {
        let f = try await ClusterFixture.make("apply-unknown")
        defer { Task { try await f.client.shutdown() } }
        let foo: JSONValue = ["apiVersion": "example.invalid/v1", "kind": "Foo", "metadata": ["name": "x", "namespace": .string(f.namespace)]]
        let error = try await #require(throws: ApplyError.self) { try await f.applier().apply([f.configMap("ok"), foo]) }
        #expect(error.message == "Foo/\(f.namespace)/x dry-run failed: no matches for kind \"Foo\" in version \"example.invalid/v1\"")
        #expect(try await f.get("ConfigMap", "ok") == nil)
    }

    @Test func aClusterDefinitionThatNeverBecomesReadyStopsTheApply() async throws {
        let f = try await ClusterFixture.make("apply-notready")
        defer { Task { try await f.client.shutdown() } }
        let group = "\(f.namespace).ferry.test"
        let crdKind = GroupVersionKind(apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition")
        defer {
            Task {
                _ = try? await f.client.delete(crdKind, name: "widgets.\(group)")
                _ = try? await f.client.delete(crdKind, name: "gadgets.\(group)")
            }
        }
        _ = try await f.client.create(TestCRD.widget(group: group))
        #expect(await eventually { await f.applier().waitForHealth(
            [InventoryObject(id: ObjectID(group: "apiextensions.k8s.io", kind: "CustomResourceDefinition", namespace: "", name: "widgets.\(group)"), version: "v1")],
            timeout: .seconds(1), interval: .milliseconds(100)).outcome == .healthy })
        // A second CRD claiming the same kind: its names are never accepted.
        var clash = TestCRD.widget(group: group)
        clash[path: "metadata", "name"] = .string("gadgets.\(group)")
        clash[path: "spec", "names", "plural"] = "gadgets"
        clash[path: "spec", "names", "singular"] = "gadget"
        let widget: JSONValue = ["apiVersion": .string("\(group)/v1"), "kind": "Widget",
                                 "metadata": ["name": "w", "namespace": .string(f.namespace)]]
        let error = try await #require(throws: ApplyError.self) {
            try await f.applier().apply([clash, widget], options: ApplyOptions(waitTimeout: .seconds(2), waitInterval: .milliseconds(200)))
        }
        #expect(error.message == "cluster definitions not ready: timeout waiting for: [CustomResourceDefinition/gadgets.\(group) status: 'Failed']")
        #expect(error.changeSet.entries.map(\.line) == ["CustomResourceDefinition/gadgets.\(group) created"])
        #expect(try await f.get("Widget", "w", apiVersion: "\(group)/v1") == nil)
    }

    @Test func aSecretsValuesNeverReachTheMessage() async throws {
        let f = try await ClusterFixture.make("apply-secret")
        defer { Task { try await f.client.shutdown() } }
        // The server quotes an invalid value; for a Secret type mismatch it quotes the type,
        // so make the value itself the offender: a stringData key the server echoes with its value.
        let secret: JSONValue = [
            "apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/basic-auth",
            "metadata": ["name": "creds", "namespace": .string(f.namespace)],
            "stringData": ["password": "hunter2-very-secret", "bad key!": "hunter2-very-secret"],
        ]
        let error = try await #require(throws: ApplyError.self) { try await f.applier().apply([secret]) }
        #expect(error.message.hasPrefix("Secret/\(f.namespace)/creds apply failed"))
        #expect(!error.message.contains("hunter2-very-secret"))
        // The masking itself, on a message that does quote the value.
        let quoted = APIErrorText.masked("data[x]: Invalid value: \"hunter2-very-secret\"", secret: secret)
        #expect(quoted == "data[x]: Invalid value: \"***\"")
    }
}
