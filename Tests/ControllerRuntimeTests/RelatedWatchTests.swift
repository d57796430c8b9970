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
            // A second pair whose data change, made last, marks when the watch got that far.
            _ = try await client.create(["apiVersion": "v1", "kind": "ConfigMap",
                                         "metadata": ["name": "marker", "namespace": .string(ns)], "data": ["n": "0"]])
            _ = try await client.create(Widgets.make("marked", namespace: ns, spec: ["settings": "marker"]))
            let run = RunningGroup([controller, related])
            #expect(await eventually { reconciler.count == 3 && related.cache.hasSynced })

            _ = try await client.patch(Self.configMap, name: "settings", namespace: ns, type: .merge, patch: ["data": ["colour": "blue"]])
            #expect(await eventually { reconciler.count == 4 })
            #expect(reconciler.seen.value.last?.metadataName == "uses")

            // Not a change the predicate cares about: nothing happens. The marker's data change
            // comes after it on the same watch, so once "marked" has been reconciled again and
            // the queue is idle, anything the label change enqueued would have run too.
            _ = try await client.patch(Self.configMap, name: "settings", namespace: ns, type: .merge,
                                       patch: ["metadata": ["labels": ["x": "y"]]])
            _ = try await client.patch(Self.configMap, name: "marker", namespace: ns, type: .merge, patch: ["data": ["n": "1"]])
            #expect(await eventually { reconciler.count(of: "marked") == 2 })
            #expect(await eventually {
                let queue = await controller.queueSnapshot()
                return queue.ready.isEmpty && queue.processing.isEmpty
            })
            #expect(reconciler.count(of: "uses") == 2)
            #expect(reconciler.count(of: "other") == 1)
            try await run.stop()
        }
    }
}
