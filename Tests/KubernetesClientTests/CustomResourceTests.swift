import FerryTesting
import Manifests
import Testing
@testable import KubernetesClient

@Suite struct CustomResourceTests {
    @Test func aNewCRDIsUsableWithoutRestartingTheClient() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        defer { Task { try await client.shutdown() } }
        let ns = try await plane.makeNamespace("crd", client: client)
        let group = "\(ns).ferry.test"
        let gvk = GroupVersionKind(group: group, version: "v1", kind: "Widget")
        // Discovery is warm and does not know the kind yet.
        _ = try await client.restMapping()
        let unknown = try await #require(throws: UnknownKindError.self) { try await client.get(gvk, name: "w", namespace: ns) }
        #expect(unknown.description.contains("Widget"))

        _ = try await client.create(TestCRD.widget(group: group))
        // Established within a few seconds; then the same client finds the kind by itself.
        #expect(await eventually {
            (try? await client.create(["apiVersion": .string("\(group)/v1"), "kind": "Widget",
                                       "metadata": ["name": "w", "namespace": .string(ns)], "spec": ["size": 3]])) != nil
        })
        let w = try await client.get(gvk, name: "w", namespace: ns)
        #expect(w[path: "spec", "size"] == 3)
        let applied = try await client.apply(["apiVersion": .string("\(group)/v1"), "kind": "Widget",
                                              "metadata": ["name": "w", "namespace": .string(ns)], "status": ["phase": "Ready"]],
                                             fieldManager: "test", subresource: "status")
        #expect(applied[path: "status", "phase"] == "Ready")
        try await client.delete(GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition"),
                                name: "widgets.\(group)")
    }
}
