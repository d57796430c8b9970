import ControllerRuntime
import Manifests
import Testing

@Suite struct StatusPatchTests {
    @Test func theMergePatchHoldsOnlyTheDifferencesAndNullsRemovedFields() {
        let old: JSONValue = ["observedGeneration": 1, "artifact": ["revision": "a", "size": 10], "lastHandledReconcileAt": "x",
                              "conditions": [["type": "Ready", "status": "False"]]]
        let new: JSONValue = ["observedGeneration": 2, "artifact": ["revision": "b", "size": 10],
                              "conditions": [["type": "Ready", "status": "True"]]]
        let patch = StatusPatch.mergePatch(from: old, to: new)
        #expect(patch == ["observedGeneration": 2, "artifact": ["revision": "b"], "conditions": [["type": "Ready", "status": "True"]],
                          "lastHandledReconcileAt": nil])
    }

    @Test func anUnchangedStatusGivesAnEmptyPatch() {
        let status: JSONValue = ["observedGeneration": 1, "conditions": [["type": "Ready"]]]
        #expect(StatusPatch.mergePatch(from: status, to: status) == [:])
    }

    @Test func lastHandledReconcileAtEchoesTheAnnotation() {
        let object: JSONValue = ["metadata": ["annotations": ["reconcile.fluxcd.io/requestedAt": "2026-11-25T10:00:00Z"]]]
        #expect(StatusPatch.lastHandledReconcileAt(object) == "2026-11-25T10:00:00Z")
        #expect(StatusPatch.lastHandledReconcileAt(["metadata": [:]]) == nil)
    }
}
