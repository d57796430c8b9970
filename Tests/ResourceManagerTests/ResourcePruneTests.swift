import FerryTesting
import KubernetesClient
import Manifests
import Testing
@testable import ResourceManager

/// Garbage collection of stale inventory objects against the real API server.
@Suite struct ResourcePruneTests {
    static let configMap = GroupVersionKind(apiVersion: "v1", kind: "ConfigMap")

    @Test func deletesOnlyStaleObjectsThatAreStillOursAndNotOptedOut() async throws {
        let f = try await ClusterFixture.make("prune")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier(memory: AppliedStateMemory())
        let old = try await applier.apply(["keep", "stale", "adopted", "protected", "gone"].map { f.configMap($0) } + [f.deployment("web")])
        let new = try await applier.apply([f.configMap("keep")])
        let stale = try old.inventory.stale(comparedTo: new.inventory)
        #expect(stale.count == 5)

        // Another owner adopted one, a user protected one, one is already gone.
        _ = try await f.client.patch(Self.configMap, name: "adopted", namespace: f.namespace, type: .merge,
                                     patch: ["metadata": ["labels": [.init(stringLiteral: KustomizationOwner.nameLabel): "other"]]])
        _ = try await f.client.patch(Self.configMap, name: "protected", namespace: f.namespace, type: .merge,
                                     patch: ["metadata": ["annotations": [.init(stringLiteral: FluxAnnotation.prune): "disabled"]]])
        try await f.client.delete(Self.configMap, name: "gone", namespace: f.namespace)

        let result = await applier.prune(stale)
        // Reverse apply order: the Deployment first, then ConfigMaps by name descending.
        #expect(result.deleted.map(\.line) == [
            "Deployment/\(f.namespace)/web deleted", "ConfigMap/\(f.namespace)/stale deleted", "ConfigMap/\(f.namespace)/gone deleted",
        ])
        #expect(result.skipped.map(\.object.id.name) == ["protected", "adopted"])
        #expect(result.skipped.map(\.reason) == [.pruneDisabled, .notOwned])
        #expect(result.failed.isEmpty)
        #expect(result.survivors.isEmpty)
        #expect(try await f.get("ConfigMap", "stale") == nil)
        #expect(try await f.get("Deployment", "web", apiVersion: "apps/v1") == nil)
        #expect(try await f.get("ConfigMap", "adopted") != nil)
        #expect(try await f.get("ConfigMap", "protected") != nil)
        #expect(try await f.get("ConfigMap", "keep") != nil)

        // Pruning the same list again: everything gone counts as deleted, nothing fails.
        let again = await applier.prune(stale)
        #expect(Set(again.deleted.map(\.object.id.name)) == ["web", "stale", "gone"])
    }

    @Test func unreadableObjectsSurviveForTheNextAttempt() async throws {
        let f = try await ClusterFixture.make("prune-fail")
        defer { Task { try await f.client.shutdown() } }
        let unknown = InventoryObject(id: ObjectID(group: "example.invalid", kind: "Foo", namespace: f.namespace, name: "x"), version: "v1")
        let result = await f.applier().prune([unknown])
        #expect(result.deleted.isEmpty)
        #expect(result.survivors == [unknown])
        #expect(result.failed.first?.message.contains("Foo/\(f.namespace)/x") == true)
        var inventory = Inventory()
        inventory.merge(result.survivors)
        #expect(inventory.entries.map(\.id) == ["\(f.namespace)_x_example.invalid_Foo"])
    }

    @Test func withoutAnOwnerNothingIsDeleted() async throws {
        let f = try await ClusterFixture.make("prune-noowner")
        defer { Task { try await f.client.shutdown() } }
        let applied = try await f.applier(owned: false).apply([f.configMap("a")])
        let stale = try applied.inventory.objects()
        let result = await f.applier(owned: false).prune(stale)
        #expect(result.deleted.isEmpty)
        #expect(result.skipped.map(\.reason) == [.notOwned])
        #expect(try await f.get("ConfigMap", "a") != nil)
    }
}
