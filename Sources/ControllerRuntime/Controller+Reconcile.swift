import FerryAPI
import KubernetesClient
import Logging
import Manifests

extension Controller {
    /// One turn for one key: reconcile the cached object, time it, log one line (constant message
    /// `reconciled`, the outcome in `result`), and tell the queue what comes next.
    func process(_ key: ObjectKey) async {
        guard let object = cache.get(key) else {
            // Deleted since it was queued; the delete event already cleaned up.
            await queue.finish(key, outcome: .succeeded(requeueAfter: nil))
            return
        }
        let start = ContinuousClock.now
        var outcome: WorkQueue<ObjectKey>.Outcome
        var failure: (any Error)?
        var revision: String?
        do {
            let result = try await reconciler.reconcile(object)
            outcome = .succeeded(requeueAfter: result.requeueAfter.map { options.jitter.apply(to: $0) })
            revision = result.revision
        } catch let error as ReconcileError {
            outcome = error.outcome
            failure = error
        } catch {
            outcome = .failed
            failure = error
        }
        if Task.isCancelled { outcome = .abandoned }
        let duration = ContinuousClock.now - start
        var metadata: Logger.Metadata = [
            "kind": .string(kind.kind), "name": .string(key.name), "namespace": .string(key.namespace),
            "duration": .string(Self.seconds(duration)),
        ]
        switch outcome {
        case .abandoned:
            metadata["result"] = "abandoned"
            logger.info("reconciled", metadata: metadata)
        case .succeeded(let after):
            if let after { metadata["next"] = .string(Self.seconds(after)) }
            if let revision { metadata["revision"] = .string(revision) }
            metadata["result"] = "succeeded"
            metrics?.recordDuration(kind: kind.kind, key: key, duration)
            logger.info("reconciled", metadata: metadata)
        case .stalled, .waiting, .failed:
            metadata["error"] = .string(failure.map { "\($0)" } ?? "")
            metrics?.recordDuration(kind: kind.kind, key: key, duration)
            // Waiting (a dependency, a source not ready yet) is expected and says so calmly, as Flux
            // does with an info event; stalls and failures are warnings.
            let waiting: Bool
            if case .waiting(let after) = outcome, case .waiting = (failure as? ReconcileError)?.kind {
                metadata["next"] = .string(Self.seconds(after))
                waiting = true
                metadata["result"] = "waiting"
                logger.info("reconciled", metadata: metadata)
            } else {
                waiting = false
                if case .waiting(let after) = outcome { metadata["next"] = .string(Self.seconds(after)) }
                metadata["result"] = outcome == .stalled ? "stalled" : "failed"
                logger.error("reconciled", metadata: metadata)
            }
            if let events, let failure {
                let error = failure as? ReconcileError
                await events.record(object, type: waiting ? .normal : .warning,
                                    reason: error?.reason ?? ConditionReason.reconciliationFailed,
                                    message: error?.message ?? "\(failure)")
            }
        }
        await queue.finish(key, outcome: outcome)
    }

    static func seconds(_ d: Duration) -> String {
        let ms = Int((d / .milliseconds(1)).rounded())
        return "\(ms / 1000).\(String(1000 + ms % 1000).dropFirst())s"
    }
}
