import KubernetesClient
import Manifests

/// What a deletion that waits for termination did (Flux's `deletionPolicy: WaitForTermination`).
public struct DeleteAndWaitResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Every deleted object is gone (finalizers done).
        case terminated
        /// The deadline passed with objects still terminating (``DeleteAndWaitResult/terminating``).
        case timedOut
        /// The task was cancelled while waiting.
        case cancelled
    }

    public var outcome: Outcome
    /// The deletion itself: deleted, skipped (not ours any more, opted out) and failed objects.
    public var pruned: PruneResult
    /// Deleted objects still present at the end (a finalizer holds them), in deletion order.
    public var terminating: [InventoryObject]

    public init(outcome: Outcome, pruned: PruneResult, terminating: [InventoryObject]) {
        self.outcome = outcome
        self.pruned = pruned
        self.terminating = terminating
    }

    /// Empty when terminated; otherwise one `Kind/ns/name termination timeout` per object still
    /// there (Flux's text, which names only the first), or `... termination wait cancelled`.
    public var message: String {
        let suffix: String
        switch outcome {
        case .terminated: return ""
        case .timedOut: suffix = "termination timeout"
        case .cancelled: suffix = "termination wait cancelled"
        }
        return terminating.map { "\($0.id) \(suffix)" }.joined(separator: ", ")
    }
}

extension ResourceApplier {
    /// Deletes `objects` as ``prune(_:)`` does (only what still carries the owner labels and
    /// does not opt out; reverse apply order; background propagation) and then polls every
    /// `interval` until each deleted object is really gone — NotFound, or present again with
    /// another uid (re-created by someone else) — or `timeout` passes, or the task is cancelled.
    ///
    /// Flux's `WaitForTermination` does this when a Kustomization is deleted; on a timeout it
    /// records an error ("failed to wait for resources termination") and removes the
    /// Kustomization's finalizer anyway. That decision is the caller's: this reports which
    /// objects were still terminating. A GET that fails counts as still terminating.
    public func deleteAndWait(_ objects: [InventoryObject], timeout: Duration,
                              interval: Duration = .seconds(2)) async -> DeleteAndWaitResult {
        let deadline = ContinuousClock.now + timeout
        let (pruned, uids) = await pruneKeepingUIDs(objects)
        var waiting = pruned.deleted.map(\.object)
        let client = self.client
        while true {
            if !waiting.isEmpty {
                let still = await concurrentMap(waiting, limit: concurrency) { object -> Bool in
                    switch await Self.get(client, object) {
                    case .absent: return false
                    case .found(let live):
                        // Gone before we deleted it, so what is there now is someone else's.
                        guard let uid = uids[object.id] else { return false }
                        return live.uid == uid
                    case .failed: return true
                    }
                }
                waiting = zip(waiting, still).filter(\.1).map(\.0)
            }
            if waiting.isEmpty { return DeleteAndWaitResult(outcome: .terminated, pruned: pruned, terminating: []) }
            if Task.isCancelled { return DeleteAndWaitResult(outcome: .cancelled, pruned: pruned, terminating: waiting) }
            let now = ContinuousClock.now
            if now >= deadline { return DeleteAndWaitResult(outcome: .timedOut, pruned: pruned, terminating: waiting) }
            do {
                try await Task.sleep(for: min(interval, now.duration(to: deadline)))
            } catch {
                return DeleteAndWaitResult(outcome: .cancelled, pruned: pruned, terminating: waiting)
            }
        }
    }
}
