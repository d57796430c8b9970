import ControllerRuntime
import FerryTesting
import KubernetesClient
import Manifests
import Testing

/// A change in another kind (here a ConfigMap the widgets read) reconciles the dependents.
@Suite struct RelatedWatchTests {
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")

    @Test func aChangeInARelatedObjectReconcilesItsDependentsOnly() async throws {
        try await Widgets.with("related") { _, client, ns in
            let reconciler = WidgetReconciler(client: client)
            let controller = Controller(client: client, kind: Widgets.kind, namespace: ns, reconciler: reconciler,
                                        options: ControllerOptions(name: "widget"))
            // Widgets name their settings ConfigMap in spec.settings.
            let related = controller.watching(Self.configMap, namespace: ns,
                                              when: { old, new in old?["data"] != new["data"] }) { configMap in
                controller.cache.list(namespace: ns)
                    .filter { $0[path: "spec", "settings"]?.stringValue == configMap.metadataName }
                    .compactMap { ObjectKey($0) }
            }
            _ = try await client.create(["apiVersion": "v1", "kind": "ConfigMap",
                                         "metadata": ["name": "settings", "namespace": .string(ns)], "data": ["colour": "red"]])
            _ = try await client.create(Widgets.make("uses", namespace: ns, spec: ["settings": "settings"]))
            _ = try await client.create(Widgets.make("other", namespace: ns, spec: ["settings": "elsewhere"]))
            let run = RunningGroup([controller, related])
            #expect(await eventually { reconciler.count == 2 && related.cache.hasSynced })

            _ = try await client.patch(Self.configMap, name: "settings", namespace: ns, type: .merge, patch: ["data": ["colour": "blue"]])
            #expect(await eventually { reconciler.count == 3 })
            #expect(reconciler.seen.value.last?.metadataName == "uses")

            // Not a change the predicate cares about: nothing happens.
            _ = try await client.patch(Self.configMap, name: "settings", namespace: ns, type: .merge,
                                       patch: ["metadata": ["labels": ["x": "y"]]])
            try await Task.sleep(for: .seconds(1))
            #expect(reconciler.count == 3)
            try await run.stop()
        }
    }
}
