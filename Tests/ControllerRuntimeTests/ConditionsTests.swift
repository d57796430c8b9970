import ControllerRuntime
import FerryAPI
import Manifests
import Testing

@Suite struct ConditionsTests {
    let t1 = Timestamp(rfc3339: "2026-11-25T10:00:00Z")!
    let t2 = Timestamp(rfc3339: "2026-11-25T11:00:00Z")!

    @Test func lastTransitionTimeMovesOnlyWhenTheStatusFlips() {
        var c = Conditions()
        c.set("Ready", .false, reason: "BuildFailed", message: "one", observedGeneration: 1, now: t1)
        c.set("Ready", .false, reason: "PruneFailed", message: "two", observedGeneration: 2, now: t2)
        #expect(c["Ready"]?.lastTransitionTime == "2026-11-25T10:00:00Z")
        #expect(c["Ready"]?.reason == "PruneFailed" && c["Ready"]?.observedGeneration == 2)
        c.set("Ready", .true, reason: "Succeeded", message: "ok", observedGeneration: 2, now: t2)
        #expect(c["Ready"]?.lastTransitionTime == "2026-11-25T11:00:00Z")
    }

    @Test func readsAndWritesStatusConditions() throws {
        let object = try JSONValue(json: #"""
        {"status":{"conditions":[{"type":"Ready","status":"True","observedGeneration":3,
          "lastTransitionTime":"2026-11-25T10:00:00Z","reason":"Succeeded","message":"ok"},{"bogus":1}]}}
        """#)
        let c = Conditions(of: object)
        #expect(c.all.count == 1)
        #expect(c.isTrue("Ready"))
        #expect(Conditions(json: c.json) == c)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var before: [(String, Conditions.Status)] = []
        var state: ReconcileState
        var negative: [String] = []
        var ready: (Conditions.Status, String)
        var reconciling: (Conditions.Status, String)?
        var stalled: (Conditions.Status, String)?
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "in progress", state: .inProgress(message: "building"),
            ready: (.unknown, "Progressing"), reconciling: (.true, "Progressing")),
        Row(name: "success clears Reconciling and Stalled", before: [("Reconciling", .true), ("Stalled", .true)],
            state: .succeeded(message: "Applied revision: main@sha1:abc"), ready: (.true, "Succeeded")),
        Row(name: "stalled error", before: [("Reconciling", .true)],
            state: .failed(.stalled(reason: "InvalidPath", "spec.path does not exist")),
            ready: (.false, "InvalidPath"), stalled: (.true, "InvalidPath")),
        Row(name: "transient error keeps Reconciling with retry", before: [("Reconciling", .true), ("Stalled", .true)],
            state: .failed(.transient(reason: "GitOperationFailed", "connection refused")),
            ready: (.false, "GitOperationFailed"), reconciling: (.true, "ProgressingWithRetry")),
        Row(name: "waiting error", state: .failed(.waiting(after: .seconds(30), reason: "DependencyNotReady", "dep not ready")),
            ready: (.false, "DependencyNotReady"), reconciling: (.true, "ProgressingWithRetry")),
        Row(name: "success with an abnormal kind condition is not Ready", before: [("FetchFailed", .true)],
            state: .succeeded(message: "done"), negative: ["FetchFailed"], ready: (.false, "FetchFailedReason")),
        Row(name: "success with a cleared abnormal condition is Ready", before: [("FetchFailed", .false)],
            state: .succeeded(message: "done"), negative: ["FetchFailed"], ready: (.true, "Succeeded")),
    ]

    @Test(arguments: rows)
    func summarize(row: Row) {
        var c = Conditions()
        for (type, status) in row.before {
            c.set(type, status, reason: type + "Reason", message: "before", observedGeneration: 1, now: t1)
        }
        c.summarize(row.state, generation: 7, negativePolarity: row.negative, now: t2)
        #expect(c["Ready"]?.status == row.ready.0.rawValue)
        #expect(c["Ready"]?.reason == row.ready.1)
        #expect(c["Ready"]?.observedGeneration == 7)
        #expect(c["Reconciling"]?.status == row.reconciling?.0.rawValue)
        #expect(c["Reconciling"]?.reason == row.reconciling?.1)
        #expect(c["Stalled"]?.status == row.stalled?.0.rawValue)
        #expect(c["Stalled"]?.reason == row.stalled?.1)
        if case .failed(let error) = row.state {
            #expect(c["Ready"]?.message == error.message)
        }
        #expect(c.ordered.first?.type == "Ready")
    }
}
