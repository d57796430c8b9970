import FerryTesting
import KubernetesClient
import Manifests
import Testing
@testable import ResourceManager

/// Drift behind the applier's back is found and repaired, with and without the applied-state
/// memory, and the memory makes an unchanged re-apply cost one LIST and no write.
@Suite struct ResourceDriftTests {
    static let configMap = GroupVersionKind(apiVersion: "v1", kind: "ConfigMap")

    @Test(arguments: [true, false])
    func repairsExactlyTheObjectsChangedBehindItsBack(withMemory: Bool) async throws {
        let f = try await ClusterFixture.make("drift-\(withMemory)")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier(memory: withMemory ? AppliedStateMemory() : nil)
        let objects = (0..<6).map { f.configMap("cm-\($0)", data: ["key": .string("v\($0)")]) }
        _ = try await applier.apply(objects)
        _ = try await applier.apply(objects)  // with memory: every object remembered as unchanged

        // An edit by another manager, a deletion, a relabel, and an annotation only.
        _ = try await f.client.patch(Self.configMap, name: "cm-1", namespace: f.namespace, type: .merge,
                                     patch: ["data": ["key": "edited"]], options: WriteOptions(fieldManager: "someone"))
        try await f.client.delete(Self.configMap, name: "cm-2", namespace: f.namespace)
        _ = try await f.client.patch(Self.configMap, name: "cm-3", namespace: f.namespace, type: .json,
                                     patch: [["op": "remove", "path": "/metadata/labels/kustomize.toolkit.fluxcd.io~1name"]])
        _ = try await f.client.patch(Self.configMap, name: "cm-4", namespace: f.namespace, type: .merge,
                                     patch: ["metadata": ["labels": [.init(stringLiteral: KustomizationOwner.namespaceLabel): "elsewhere"]]],
                                     options: WriteOptions(fieldManager: "someone"))
        let untouched = try await f.get("ConfigMap", "cm-5")?.resourceVersion

        let repaired = try await applier.apply(objects)
        #expect(repaired.actions == [
            f.subject("ConfigMap", "cm-0"): .unchanged,
            f.subject("ConfigMap", "cm-1"): .configured,
            f.subject("ConfigMap", "cm-2"): .created,
            f.subject("ConfigMap", "cm-3"): .configured,
            f.subject("ConfigMap", "cm-4"): .configured,
            f.subject("ConfigMap", "cm-5"): .unchanged,
        ])
        #expect(try await f.get("ConfigMap", "cm-1")?[path: "data", "key"] == "v1")
        #expect(try await f.get("ConfigMap", "cm-2")?[path: "data", "key"] == "v2")
        #expect(try await f.get("ConfigMap", "cm-3")?.labels[KustomizationOwner.nameLabel] == "apps")
        #expect(try await f.get("ConfigMap", "cm-4")?.labels[KustomizationOwner.namespaceLabel] == "flux-system")
        #expect(try await f.get("ConfigMap", "cm-5")?.resourceVersion == untouched)

        // And then everything is settled again.
        let settled = try await applier.apply(objects)
        #expect(Set(settled.entries.map(\.action)) == [.unchanged])
    }

    @Test func anUnchangedReapplyWithMemoryListsOnceAndWritesNothing() async throws {
        let f = try await ClusterFixture.make("drift-memory")
        defer { Task { try await f.client.shutdown() } }
        let memory = AppliedStateMemory()
        let applier = f.applier(memory: memory)
        let objects = (0..<20).map { f.configMap("cm-\($0)") } + [f.deployment("web")]
        _ = try await applier.apply(objects)
        #expect(memory.count(scope: applier.memoryScope) == 21)
        let versions = try await f.client.listAll(Self.configMap, namespace: f.namespace).items
            .reduce(into: [String: String]()) { $0[$1.metadataName ?? ""] = $1.resourceVersion }

        // The Deployment's status moves as the controller works on it, so the memory may
        // not match it; settle it so the counted apply below is the steady state.
        _ = try await eventually {
            let before = f.client.statistics.requests
            _ = try await applier.apply(objects)
            return f.client.statistics.requests - before == 2
        }
        let before = f.client.statistics.requests
        let changes = try await applier.apply(objects)
        let requests = f.client.statistics.requests - before
        #expect(Set(changes.entries.map(\.action)) == [.unchanged])
        // One LIST of the 20 ConfigMaps and one GET of the lone Deployment: no dry-run, no PATCH.
        #expect(requests == 2)
        let after = try await f.client.listAll(Self.configMap, namespace: f.namespace).items
            .reduce(into: [String: String]()) { $0[$1.metadataName ?? ""] = $1.resourceVersion }
        #expect(after == versions)

        // Without memory the same apply dry-runs every object (Flux's way): 21 more requests.
        let flux = f.applier()
        let fluxBefore = f.client.statistics.requests
        _ = try await flux.apply(objects)
        #expect(f.client.statistics.requests - fluxBefore == 2 + 21)

        // A changed desired object is never hidden by the memory.
        let changed = try await applier.apply([f.configMap("cm-0", data: ["key": "changed"])] + objects.dropFirst())
        #expect(changed.summary() == "ConfigMap/\(f.namespace)/cm-0 configured")

        memory.forget(scope: applier.memoryScope)
        #expect(memory.count(scope: applier.memoryScope) == 0)
    }
}
