@testable import KustomizeController
import FerryAPI
import Testing

/// `status.history`: newest first, one line per (digest, outcome), five at most.
@Suite struct HistoryTests {
    @Test func repeatsAreCountedAndTheListIsCapped() {
        var history: [Snapshot] = []
        history = History.upsert(history, digest: "sha256:a", status: "ReconciliationSucceeded", at: "t1", duration: "1s", metadata: ["revision": "r1"])
        history = History.upsert(history, digest: "sha256:a", status: "ReconciliationSucceeded", at: "t2", duration: "2s", metadata: ["revision": "r1"])
        #expect(history.count == 1)
        #expect(history[0].totalReconciliations == 2)
        #expect(history[0].firstReconciled == "t1")
        #expect(history[0].lastReconciled == "t2")
        history = History.upsert(history, digest: "sha256:a", status: "HealthCheckFailed", at: "t3", duration: "1s", metadata: [:])
        #expect(history.map(\.lastReconciledStatus) == ["HealthCheckFailed", "ReconciliationSucceeded"])
        for i in 0..<6 {
            history = History.upsert(history, digest: "sha256:\(i)", status: "ReconciliationSucceeded", at: "u\(i)", duration: "1s", metadata: [:])
        }
        #expect(history.count == 5)
        #expect(history.first?.digest == "sha256:5")
    }
}
