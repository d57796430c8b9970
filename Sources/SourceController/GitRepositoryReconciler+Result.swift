import ControllerRuntime
import FerryAPI
import Manifests

extension GitRepositoryReconciler {
    /// How a turn ended, in the source controller's words.
    public enum Outcome: Equatable, Sendable {
        /// A new artifact was stored; check again after the interval.
        case stored(requeueAfter: Duration?)
        /// The remote revision and the content configuration are unchanged; nothing was fetched.
        case upToDate(requeueAfter: Duration?)
        /// `spec.suspend` is true; nothing was done.
        case suspended
        /// The object is being deleted and its artifacts are gone; the finalizer goes.
        case deleted
        /// A step failed; the error's kind says whether and when to retry.
        case failed(ReconcileError)
    }

    /// A turn's ``ReconcileReport`` read as a GitRepository: the typed status and the outcome.
    public struct Result: Sendable {
        /// The status the runtime writes (the object's own when nothing is written).
        public var status: GitRepositoryStatus
        public var outcome: Outcome
        /// Events besides the failure's own (NewArtifact, a failed garbage collection).
        public var events: [EventDraft]
        /// The revision the status now points at.
        public var revision: String? { status.artifact?.revision }
    }

    /// Runs one turn on `object` without writing anything (``StepReconciler/report(for:progress:now:)``)
    /// and reads the report as a GitRepository. A stored artifact is told from an up-to-date one
    /// by its `NewArtifact` event, which Flux records exactly when it stores one.
    public func reconcile(object: JSONValue, progress: ProgressSink = .discard) async -> Result {
        let report: ReconcileReport
        do {
            report = try await self.report(for: object, progress: progress)
        } catch {
            report = ReconcileReport(status: nil, outcome: .failure(.transient(reason: ConditionReason.reconciliationFailed, "cancelled")))
        }
        let previous = object["status"].flatMap { try? GitRepositoryStatus(json: $0) } ?? GitRepositoryStatus()
        let status = report.status.flatMap { try? GitRepositoryStatus(json: $0) } ?? previous
        let outcome: Outcome
        switch report.outcome {
        case .failure(let error):
            outcome = .failed(error)
        case .success(let result):
            if report.finalizer == .remove {
                outcome = .deleted
            } else if report.status == nil {
                outcome = .suspended
            } else if report.events.contains(where: { $0.reason == SourceReason.newArtifact }) {
                outcome = .stored(requeueAfter: result.requeueAfter)
            } else {
                outcome = .upToDate(requeueAfter: result.requeueAfter)
            }
        }
        return Result(status: status, outcome: outcome, events: report.events)
    }

    /// The same for a typed object.
    public func reconcile(_ repository: GitRepository, progress: ProgressSink = .discard) async -> Result {
        var object = repository.json
        object["apiVersion"] = .string(GitRepository.apiVersion)
        object["kind"] = .string(GitRepository.kind)
        return await reconcile(object: object, progress: progress)
    }
}
