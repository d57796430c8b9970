import ControllerRuntime
import FerryAPI

extension SourceReason {
    /// A spec value the controller cannot use (a duration out of range, an invalid semver range):
    /// Ready=False and Stalled=True with this reason until the spec changes. Flux has no reason
    /// for this (its API server decoding refuses such objects); the name is Ferry's.
    public static let invalidSpec = "InvalidSpec"
}

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
    /// Go's largest `time.Duration`.
    static let maximumDuration: Duration = .nanoseconds(Int64.max)

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

    /// A Go duration from a spec field, range-checked before any conversion to an integer.
    static func duration(_ text: String, field: String) throws(SourceError) -> Duration {
        let tooLarge = invalid(field, text, because: "larger than the largest duration, 2562047h47m16s")
        guard let seconds = GoDuration.parse(text), seconds.isFinite, seconds >= 0 else {
            // The parser refuses what Go cannot hold; tell that apart from text that is no duration.
            throw looksLikeDuration(text) ? tooLarge : invalid(field, text, because: "not a duration such as 1m or 30s")
        }
        // Compared as Doubles: the conversion below cannot overflow once this holds.
        guard seconds < 9_223_372_036 else {
            throw tooLarge
        }
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }

    /// Whether `text` has the form of a Go duration (`1h30m`, `1.5s`, `250ms`), whatever its size.
    static func looksLikeDuration(_ text: String) -> Bool {
        var rest = Substring(text)
        guard !rest.isEmpty else { return false }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number.filter({ $0 == "." }).count <= 1, number != "." else { return false }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter || $0 == "µ" }
            guard ["ns", "us", "µs", "ms", "s", "m", "h"].contains(String(unit)) else { return false }
            rest = rest.dropFirst(unit.count)
        }
        return true
    }

    static func invalid(_ field: String, _ value: String, because why: String) -> SourceError {
        SourceError(.stalled, SourceCondition.fetchFailed, reason: SourceReason.invalidSpec,
                    message: "invalid \(field) '\(value)': \(why)")
    }
}
