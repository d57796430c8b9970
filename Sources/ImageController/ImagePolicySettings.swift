import ControllerRuntime
import FerryAPI

/// The choices of an ImagePolicy spec, checked once before anything runs.
///
/// - `spec.policy` must name exactly one valid rule and `spec.filterTags.pattern` must compile:
///   otherwise Stalled/InvalidPolicy with Flux's words ("invalid policy: …", "failed to filter
///   tags: …").
/// - `spec.digestReflectionPolicy: Always` needs `spec.interval` (Stalled/IntervalNotConfigured,
///   Flux's check); `spec.interval` with any other policy is refused with InvalidSpec (Flux's CRD
///   refuses it through a CEL rule Ferry's CRD leaves to the controller).
struct ImagePolicySettings {
    var rule: ImagePolicyRule
    var filter: ImageTagFilterRule?
    var reflection: String
    /// The digest refresh period with `Always`; nil otherwise (the policy then waits for scans).
    var interval: Duration?

    init(spec: ImagePolicySpec) throws(ReconcileError) {
        reflection = spec.effectiveDigestReflectionPolicy
        guard [ImagePolicy.reflectAlways, ImagePolicy.reflectIfNotPresent, ImagePolicy.reflectNever].contains(reflection) else {
            throw .stalled(reason: ConditionReason.invalidSpec,
                           "invalid spec.digestReflectionPolicy '\(reflection)': must be Always, IfNotPresent or Never")
        }
        if reflection == ImagePolicy.reflectAlways {
            guard let text = spec.interval else {
                throw .stalled(reason: ImageReason.intervalNotConfigured,
                               "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'")
            }
            interval = max(ImageRepositorySettings.minimum, try ImageRepositorySettings.duration(text, field: "spec.interval"))
        } else if spec.interval != nil {
            throw .stalled(reason: ConditionReason.invalidSpec,
                           "spec.interval is only accepted when spec.digestReflectionPolicy is set to 'Always'")
        }
        let choices = [spec.policy.semver != nil, spec.policy.alphabetical != nil, spec.policy.numerical != nil].filter { $0 }.count
        guard choices <= 1 else {
            throw .stalled(reason: ImageReason.invalidPolicy, "invalid policy: only one of semver, alphabetical and numerical may be set")
        }
        do { rule = try ImagePolicyRule(spec.policy) } catch {
            throw .stalled(reason: ImageReason.invalidPolicy, "invalid policy: \(error)")
        }
        if let filterTags = spec.filterTags {
            do { filter = try ImageTagFilterRule(filterTags) } catch {
                throw .stalled(reason: ImageReason.invalidPolicy, error.description)
            }
        }
    }
}
