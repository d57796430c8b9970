import FerryAPI
import ControllerRuntime
import Manifests
import Testing

/// The end-of-reconcile status rules, without a cluster.
@Suite struct StatusDraftTests {
    static let object: JSONValue = [
        "metadata": ["name": "w", "generation": 3, "annotations": ["reconcile.fluxcd.io/requestedAt": "now-please"]],
        "status": ["observedGeneration": 2, "artifact": ["revision": "main@sha1:old"]],
    ]
    let now = Timestamp(rfc3339: "2026-11-25T10:00:00Z")!

    @Test func successObservesTheGenerationAndKeepsKindFields() {
        var draft = StatusDraft(Self.object)
        draft.fields["artifact"] = ["revision": "main@sha1:new"]
        let status = draft.finish(.succeeded(message: "stored artifact for revision 'main@sha1:new'"), now: now)
        #expect(status["observedGeneration"] == 3)
        #expect(status[path: "artifact", "revision"] == "main@sha1:new")
        #expect(status["lastHandledReconcileAt"] == "now-please")
        #expect(Conditions(json: status["conditions"])["Ready"]?.message == "stored artifact for revision 'main@sha1:new'")
    }

    @Test func aTransientFailureHasNotObservedTheNewGeneration() {
        let status = StatusDraft(Self.object).finish(.failed(.transient(reason: SourceReason.gitOperationFailed, "timeout")), now: now)
        #expect(status["observedGeneration"] == 2)
        #expect(status["lastHandledReconcileAt"] == "now-please", "the request was handled, even if it failed")
        #expect(Conditions(json: status["conditions"]).isFalse("Ready"))
    }

    @Test func aStallHasObservedIt() {
        let status = StatusDraft(Self.object).finish(.failed(.stalled(reason: "InvalidURL", "bad url")), now: now)
        #expect(status["observedGeneration"] == 3)
        #expect(Conditions(json: status["conditions"]).isTrue("Stalled"))
    }
}
