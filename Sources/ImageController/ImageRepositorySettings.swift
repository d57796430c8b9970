import ControllerRuntime
import FerryAPI

/// The numbers and choices of an ImageRepository spec, checked once before anything runs.
///
/// - `spec.interval` is required; `spec.timeout` defaults to the interval, and both are floored
///   at one second (Flux's `GetTimeout`).
/// - `spec.image` must be a repository without scheme, tag or digest (``ImageName``): otherwise
///   Stalled/ImageURLInvalid, as in Flux.
/// - `spec.exclusionList` defaults to `^.*\.sig$`; a pattern that does not compile stalls with
///   InvalidSpec naming it (Flux fails the scan with the same words and retries).
/// - `spec.serviceAccountName` and a `spec.provider` other than `generic` are refused (InvalidSpec, "… is not supported by Ferry yet").
struct ImageRepositorySettings {
    var interval: Duration
    var timeout: Duration
    var image: ImageName
    var exclusionList: [String]
    var exclusions: [GoRegex]

    static let minimum: Duration = .seconds(1)

    init(spec: ImageRepositorySpec) throws(ReconcileError) {
        interval = max(Self.minimum, try Self.duration(spec.interval, field: "spec.interval"))
        timeout = max(Self.minimum, try spec.timeout.map { text throws(ReconcileError) in try Self.duration(text, field: "spec.timeout") }
            ?? interval)
        if let provider = spec.provider, !provider.isEmpty, provider != "generic" {
            throw Self.unsupported("spec.provider '\(provider)'", because: "registry logins of cloud providers are not implemented")
        }
        if let account = spec.serviceAccountName, !account.isEmpty {
            throw Self.unsupported("spec.serviceAccountName", because: "image pull secrets of service accounts are not read")
        }
        do { image = try ImageName(spec.image) } catch {
            throw .stalled(reason: ImageReason.imageURLInvalid, error.description)
        }
        exclusionList = spec.effectiveExclusionList
        exclusions = try exclusionList.map { pattern throws(ReconcileError) in
            do { return try GoRegex(pattern) } catch {
                throw .stalled(reason: ConditionReason.invalidSpec, "invalid spec.exclusionList: failed to compile regex \(pattern): \(error)")
            }
        }
    }

    /// The tags that match no exclusion pattern.
    func included(_ tags: [String]) -> [String] {
        tags.filter { tag in !exclusions.contains { $0.matches(tag) } }
    }

    static func duration(_ text: String, field: String) throws(ReconcileError) -> Duration {
        switch GoDuration.checked(text) {
        case .success(let value): return value
        case .failure(.outOfRange):
            throw .stalled(reason: ConditionReason.invalidSpec,
                           "invalid \(field) '\(text)': larger than the largest duration, \(GoDuration.maximumText)")
        case .failure(.notADuration):
            throw .stalled(reason: ConditionReason.invalidSpec, "invalid \(field) '\(text)': not a duration such as 1m or 30s")
        }
    }

    static func unsupported(_ field: String, because why: String) -> ReconcileError {
        .stalled(reason: ConditionReason.invalidSpec, "\(field) is not supported by Ferry yet: \(why)")
    }
}
