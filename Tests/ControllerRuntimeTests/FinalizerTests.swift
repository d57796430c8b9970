import ControllerRuntime
import FerryTesting
import KubernetesClient
import Manifests
import Testing

@Suite struct FinalizerTests {
    @Test func concurrentAddsKeepEveryoneElsesFinalizer() async throws {
        try await Widgets.with("finalizers") { _, client, ns in
            var widget = Widgets.make("c", namespace: ns)
            widget[path: "metadata", "finalizers"] = ["example.com/keep"]
            let created = try await client.create(widget)
            // Both start from the same (soon stale) copy: one of them must notice and retry.
            async let a = client.addFinalizer(Finalizers.flux, to: created)
            async let b = client.addFinalizer("other.example.com/x", to: created)
            _ = try await (a, b)
            let live = try await client.get(Widgets.kind, name: "c", namespace: ns)
            #expect(Set(Finalizers.list(of: live)) == ["example.com/keep", Finalizers.flux, "other.example.com/x"])

            // Adding again changes nothing.
            let again = try await client.addFinalizer(Finalizers.flux, to: live)
            #expect(again.resourceVersion == live.resourceVersion)

            // Deletion waits for the finalizers; removing ours leaves the others.
            try await client.delete(Widgets.kind, name: "c", namespace: ns)
            let deleting = try await client.get(Widgets.kind, name: "c", namespace: ns)
            #expect(deleting[path: "metadata", "deletionTimestamp"] != nil)
            let after = try #require(try await client.removeFinalizer(Finalizers.flux, from: created))
            #expect(Set(Finalizers.list(of: after)) == ["example.com/keep", "other.example.com/x"])

            _ = try await client.removeFinalizer("other.example.com/x", from: after)
            let gone = try await client.removeFinalizer("example.com/keep", from: after)
            #expect(gone == nil || Finalizers.list(of: gone!).isEmpty)
            let notFound = await #expect(throws: APIError.self) { try await client.get(Widgets.kind, name: "c", namespace: ns) }
            #expect(notFound?.isNotFound == true, "with its last finalizer gone the object is deleted")
        }
    }
}

extension FinalizerTests {
    @Test func aFinalizerTheServerRejectsFailsAtOnce() async throws {
        try await Widgets.with("finalizer-invalid") { _, client, ns in
            let cm = try await client.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c", "namespace": .string(ns)]])
            // Core kinds insist on domain-qualified names.
            let error = await #expect(throws: APIError.self) { try await client.addFinalizer("unqualified", to: cm) }
            #expect(error?.isInvalid == true)
        }
    }
}
