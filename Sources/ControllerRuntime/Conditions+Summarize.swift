import FerryAPI

/// Where a reconcile ended, as far as conditions are concerned.
public enum ReconcileState: Sendable, Equatable {
    /// Started, not finished: Reconciling=True/Progressing, Ready=Unknown/Progressing.
    case inProgress(message: String)
    /// Finished well: Ready=True with this reason and message.
    case succeeded(reason: String = ConditionReason.succeeded, message: String)
    /// Finished with an error; its kind decides between Stalled and a retry.
    case failed(ReconcileError)
}

extension Conditions {
    /// Computes Ready, Reconciling and Stalled from how the reconcile went — the one place they
    /// are decided. Flux's rules (`fluxcd/pkg/runtime/conditions`, kustomize-controller's
    /// `finalizeStatus`):
    /// - in progress: Reconciling=True/`Progressing`, Ready=Unknown/`Progressing`;
    /// - stalled error: Stalled=True and Ready=False, both with the error's reason; no Reconciling;
    /// - other errors: Ready=False with the error's reason; Reconciling=True/`ProgressingWithRetry`
    ///   (the controller will try again); no Stalled;
    /// - success: Ready=True, unless one of `negativePolarity` (kind-specific abnormal-true
    ///   conditions such as `FetchFailed`) is True, in which case Ready=False with its reason;
    ///   no Reconciling, no Stalled.
    ///
    /// Every condition set here carries `observedGeneration: generation`.
    public mutating func summarize(_ state: ReconcileState, generation: Int?, negativePolarity: [String] = [],
                                   now: Timestamp = .now) {
        switch state {
        case .inProgress(let message):
            set(ConditionType.reconciling, .true, reason: ConditionReason.progressing, message: message,
                observedGeneration: generation, now: now)
            set(ConditionType.ready, .unknown, reason: ConditionReason.progressing, message: message,
                observedGeneration: generation, now: now)
            remove(ConditionType.stalled)
        case .succeeded(let reason, let message):
            remove(ConditionType.reconciling)
            remove(ConditionType.stalled)
            if let abnormal = negativePolarity.compactMap({ self[$0] }).first(where: { $0.status == Status.true.rawValue }) {
                set(ConditionType.ready, .false, reason: abnormal.reason, message: abnormal.message,
                    observedGeneration: generation, now: now)
            } else {
                set(ConditionType.ready, .true, reason: reason, message: message, observedGeneration: generation, now: now)
            }
        case .failed(let error):
            set(ConditionType.ready, .false, reason: error.reason, message: error.message,
                observedGeneration: generation, now: now)
            if error.kind == .stalled {
                set(ConditionType.stalled, .true, reason: error.reason, message: error.message,
                    observedGeneration: generation, now: now)
                remove(ConditionType.reconciling)
            } else {
                remove(ConditionType.stalled)
                let message = self[ConditionType.reconciling]?.message ?? "Reconciliation in progress"
                set(ConditionType.reconciling, .true, reason: ConditionReason.progressingWithRetry,
                    message: message, observedGeneration: generation, now: now)
            }
        }
    }
}
