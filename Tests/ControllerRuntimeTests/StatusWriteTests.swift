import ControllerRuntime
import FerryTesting
import KubernetesClient
import Manifests
import Testing

/// Writing status against the real API server.
@Suite struct StatusWriteTests {
    @Test func patchStatusWritesTheDifferencesAndNothingWhenNothingChanged() async throws {
        try await Widgets.with("status-patch") { _, client, ns in
            var widget = try await client.create(Widgets.make("w", namespace: ns))
            widget = try await client.patchStatus(of: widget, to: ["observedGeneration": 1, "lastHandledReconcileAt": "a", "note": "x"])
            #expect(unordered(widget["status"]) == ["observedGeneration": 1, "lastHandledReconcileAt": "a", "note": "x"])

            // An idle reconcile computes the same status: no write, so no new resourceVersion and no watch event.
            let same = try await client.patchStatus(of: widget, to: ["observedGeneration": 1, "lastHandledReconcileAt": "a", "note": "x"])
            #expect(same.resourceVersion == widget.resourceVersion)
            #expect(try await client.get(Widgets.kind, name: "w", namespace: ns).resourceVersion == widget.resourceVersion)

            // A field the new status leaves out is removed; the spec is untouched.
            widget = try await client.patchStatus(of: widget, to: ["observedGeneration": 2, "note": "x"])
            #expect(unordered(widget["status"]) == ["observedGeneration": 2, "note": "x"])
            #expect(widget[path: "spec", "size"] == 1)
        }
    }

    @Test func applyStatusOwnsItsFieldsUnderItsFieldManager() async throws {
        try await Widgets.with("status-apply") { _, client, ns in
            let widget = try await client.create(Widgets.make("w", namespace: ns))
            var conditions = Conditions()
            conditions.summarize(.succeeded(message: "ok"), generation: 1)
            let applied = try await client.applyStatus(of: widget, to: ["observedGeneration": 1, "conditions": conditions.json],
                                                       fieldManager: "gotk-widget-controller")
            #expect(Conditions(of: applied).isTrue("Ready"))
            let managers = (applied[path: "metadata", "managedFields"]?.arrayValue ?? []).compactMap { $0["manager"]?.stringValue }
            #expect(managers.contains("gotk-widget-controller"))
            #expect(applied[path: "spec", "size"] == 1)
        }
    }
}

/// An object's members without their order (the server sorts keys).
func unordered(_ value: JSONValue?) -> [String: JSONValue] {
    var out: [String: JSONValue] = [:]
    for (k, v) in value?.objectValue ?? [:] { out[k] = v }
    return out
}
