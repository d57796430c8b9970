import FerryAPI

/// `status.history`: the last reconciliations, newest first, one entry per distinct
/// (manifests digest, outcome) — Flux's `History.Upsert`. A reconcile that built the same
/// manifests with the same outcome as an earlier one bumps that entry's count and time instead
/// of adding a line, so five entries cover the last five *different* states.
enum History {
    static let limit = 5

    static func upsert(_ history: [Snapshot], digest: String, status: String, at time: String, duration: String,
                       metadata: [String: String]) -> [Snapshot] {
        var history = history
        if let index = history.firstIndex(where: { $0.digest == digest && $0.lastReconciledStatus == status }) {
            var entry = history.remove(at: index)
            entry.lastReconciled = time
            entry.lastReconciledDuration = duration
            entry.totalReconciliations += 1
            entry.metadata = metadata
            history.insert(entry, at: 0)
        } else {
            history.insert(Snapshot(digest: digest, firstReconciled: time, lastReconciled: time, lastReconciledDuration: duration,
                                    lastReconciledStatus: status, totalReconciliations: 1, metadata: metadata), at: 0)
        }
        return Array(history.prefix(limit))
    }
}
