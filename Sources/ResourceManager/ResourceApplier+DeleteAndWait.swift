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
        let (outcome, waiting) = await waitGone(pruned.deleted.map(\.object), uids: uids, until: deadline, interval: interval)
        return DeleteAndWaitResult(outcome: outcome, pruned: pruned, terminating: waiting)
    }

    /// Polls every `interval` until each of `objects` — deleted by the caller, with the uid
    /// each had (`uids`) — is really gone: NotFound, or present again with another uid
    /// (re-created by someone else; an object without a uid here was already gone when it was
    /// deleted). Ends at `deadline` or when the task is cancelled, returning the objects still
    /// there. A GET that fails counts as still there.
    public func waitGone(_ objects: [InventoryObject], uids: [ObjectID: String], until deadline: ContinuousClock.Instant,
                         interval: Duration) async -> (outcome: DeleteAndWaitResult.Outcome, remaining: [InventoryObject]) {
        var waiting = objects
        let client = self.client
        while true {
            if !waiting.isEmpty {
                let still = await concurrentMap(waiting, limit: concurrency) { object -> Bool in
                    switch await Self.get(client, object) {
                    case .absent: return false
                    case .found(let live):
                        guard let uid = uids[object.id] else { return false }
                        return live.uid == uid
                    case .failed: return true
                    }
                }
                waiting = zip(waiting, still).filter(\.1).map(\.0)
            }
            if waiting.isEmpty { return (.terminated, []) }
            if Task.isCancelled { return (.cancelled, waiting) }
            let now = ContinuousClock.now
            if now >= deadline { return (.timedOut, waiting) }
            do {
                try await Task.sleep(for: min(interval, now.duration(to: deadline)))
            } catch {
                return (.cancelled, waiting)
            }
        }
    }
}
