import ControllerRuntime
import FerryAPI

/// The numbers of a GitRepository spec, checked and computed once before anything runs.
///
/// - `spec.interval` (required) and `spec.timeout` (default 60 s, Flux's) must be Go durations
///   that Go could hold (at most 2562047h47m16.854775807s, `time.Duration`'s largest): a value the
///   CRD pattern lets through but no Flux controller could decode is an invalid spec, not a trap.
/// - The requeue interval has a floor of ``minimumInterval`` (Flux has none beyond the CRD
///   pattern), so `interval: 1ns` cannot keep a worker spinning.
/// - `spec.ref.semver`, when it is the reference used, must parse as a range.
///
/// Any violation is a stalled ``SourceError`` with reason ``SourceReason/invalidSpec`` whose
/// message names the field and the value.
struct GitRepositorySettings: Equatable {
    /// When to check the remote again (never less than ``minimumInterval``).
    var interval: Duration
    /// The bound of each git operation.
    var timeout: Duration

    static let defaultTimeout: Duration = .seconds(60)
    static let minimumInterval: Duration = .seconds(1)

    init(spec: GitRepositorySpec) throws(SourceError) {
        interval = max(Self.minimumInterval, try Self.duration(spec.interval, field: "spec.interval"))
        timeout = try spec.timeout.map { text throws(SourceError) in try Self.duration(text, field: "spec.timeout") } ?? Self.defaultTimeout
        if case .semver(let range) = GitReference(spec.ref) {
            do { _ = try SemverConstraint(range) } catch {
                throw Self.invalid("spec.ref.semver", range, because: "\(error)")
            }
        }
    }

    /// `spec.timeout` bounds each git operation (a fetch, an include's fetch); the whole
    /// reconcile gets twice that — a fetch, then verification and archiving — plus
    /// ``deadlineGrace`` for storage and the status write. The runtime cancels it after that.
    var reconcileDeadline: ReconcileDeadline {
        let format = { (d: Duration) in GoDuration.format(seconds: d / .seconds(1)) }
        return ReconcileDeadline(timeout * 2 + Self.deadlineGrace,
                                 origin: "2 × spec.timeout \(format(timeout)) + \(format(Self.deadlineGrace))")
    }

    static let deadlineGrace: Duration = .seconds(30)

    /// A Go duration from a spec field (``GoDuration/checked(_:)``), or an invalid spec naming it.
    static func duration(_ text: String, field: String) throws(SourceError) -> Duration {
        switch GoDuration.checked(text) {
        case .success(let value): return value
        case .failure(.outOfRange): throw invalid(field, text, because: "larger than the largest duration, \(GoDuration.maximumText)")
        case .failure(.notADuration): throw invalid(field, text, because: "not a duration such as 1m or 30s")
        }
    }

    static func invalid(_ field: String, _ value: String, because why: String) -> SourceError {
        SourceError(.stalled, SourceCondition.fetchFailed, reason: ConditionReason.invalidSpec,
                    message: "invalid \(field) '\(value)': \(why)")
    }
}
