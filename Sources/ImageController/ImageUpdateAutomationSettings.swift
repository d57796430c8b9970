import ControllerRuntime
import FerryAPI
import Foundation
import Manifests

/// The choices of an ImageUpdateAutomation spec that need no other object, checked once before
/// anything runs (Flux's `NewSourceManager` and `ApplyPolicies` checks, in that order).
///
/// - `spec.interval` must be a Go duration (stalls with InvalidSpec otherwise).
/// - `spec.sourceRef.kind` must be `GitRepository` and `spec.git` must be set: stalls with
///   InvalidSourceConfiguration ("source kind 'X' not supported", "… necessitates field .spec.git").
/// - `spec.update` must be `strategy: Setters`: stalls with InvalidUpdateStrategy.
/// - `spec.policySelector` must be a valid label selector: stalls with InvalidPolicySelector.
/// - `spec.git.push.refspec` must not force (`+`) or delete (`:`); a signing key `type` must be
///   `gpg` or `ssh`: stalls with InvalidSourceConfiguration.
struct ImageUpdateAutomationSettings: Equatable {
    var interval: Duration
    var git: ImageUpdateGitSpec
    /// The label selector in its string form, nil for every policy of the namespace.
    var policySelector: String?
    /// `spec.update.path`, as written ("" for the root).
    var path: String
    var sourceNamespace: String

    init(_ automation: ImageUpdateAutomation) throws(ReconcileError) {
        let spec = automation.spec
        switch GoDuration.checked(spec.interval) {
        case .success(let value): interval = max(value, .seconds(1))
        case .failure:
            throw .stalled(reason: ConditionReason.invalidSpec, "invalid spec.interval '\(spec.interval)': not a duration such as 1m or 30s")
        }
        guard spec.sourceRef.kind == "GitRepository" else {
            throw .stalled(reason: ImageUpdateReason.invalidSourceConfiguration,
                           "source kind '\(spec.sourceRef.kind)' not supported: invalid source configuration")
        }
        guard let git = spec.git else {
            throw .stalled(reason: ImageUpdateReason.invalidSourceConfiguration,
                           "source kind 'GitRepository' necessitates field .spec.git: invalid source configuration")
        }
        self.git = git
        sourceNamespace = spec.sourceRef.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? automation.metadata.namespace ?? "default"
        guard let update = spec.update else {
            throw .stalled(reason: ImageUpdateReason.invalidUpdateStrategy, "no update strategy")
        }
        guard (update.strategy ?? ImageUpdateAutomation.strategySetters) == ImageUpdateAutomation.strategySetters else {
            throw .stalled(reason: ImageUpdateReason.invalidUpdateStrategy, "unsupported update strategy: \(update.strategy ?? "")")
        }
        path = update.path ?? ""
        policySelector = try Self.selector(spec.policySelector)
        if let refspec = git.push?.refspec, refspec.hasPrefix("+") || refspec.hasPrefix(":") {
            throw .stalled(reason: ImageUpdateReason.invalidSourceConfiguration,
                           "invalid spec.git.push.refspec '\(refspec)': refspecs that force-update or delete references are not supported")
        }
        if let type = git.commit.signingKey?.type, !["", "gpg", "ssh"].contains(type) {
            throw .stalled(reason: ImageUpdateReason.invalidSourceConfiguration,
                           "invalid spec.git.commit.signingKey.type '\(type)': must be 'gpg' or 'ssh'")
        }
    }

    /// A metav1.LabelSelector as the API server's `labelSelector` query reads it; nil when it
    /// selects everything.
    static func selector(_ selector: ImagePolicySelector?) throws(ReconcileError) -> String? {
        guard let selector else { return nil }
        var parts: [String] = []
        for key in (selector.matchLabels ?? [:]).keys.sorted() {
            parts.append(key + "=" + (selector.matchLabels?[key] ?? ""))
        }
        for requirement in selector.matchExpressions ?? [] {
            let values = (requirement.values ?? []).joined(separator: ",")
            switch requirement.operator {
            case "In": parts.append("\(requirement.key) in (\(values))")
            case "NotIn": parts.append("\(requirement.key) notin (\(values))")
            case "Exists": parts.append(requirement.key)
            case "DoesNotExist": parts.append("!" + requirement.key)
            case let other:
                throw .stalled(reason: ImageUpdateReason.invalidPolicySelector,
                               "invalid policy selector: \"\(other)\" is not a valid label selector operator")
            }
            if ["In", "NotIn"].contains(requirement.operator), (requirement.values ?? []).isEmpty {
                throw .stalled(reason: ImageUpdateReason.invalidPolicySelector,
                               "invalid policy selector: values for operator \(requirement.operator) on key '\(requirement.key)' must not be empty")
            }
        }
        guard !parts.isEmpty else { return nil }
        let text = parts.joined(separator: ",")
        do { _ = try LabelSelector(text) } catch {
            throw .stalled(reason: ImageUpdateReason.invalidPolicySelector, "invalid policy selector: \(error)")
        }
        return text
    }

    /// The directory to update inside `checkout`: `path` joined to it with `..` kept inside
    /// (Flux's SecureJoin); a symlink leading out of the checkout is refused.
    static func updateDirectory(checkout: String, path: String) throws(ReconcileError) -> String {
        var components: [String] = []
        for part in path.split(separator: "/") where part != "." && !part.isEmpty {
            if part == ".." { _ = components.popLast() } else { components.append(String(part)) }
        }
        let joined = ([checkout] + components).joined(separator: "/")
        let real = URL(fileURLWithPath: joined).resolvingSymlinksInPath().path
        let root = URL(fileURLWithPath: checkout).resolvingSymlinksInPath().path
        guard real == root || real.hasPrefix(root + "/") else {
            throw .transient(reason: ImageUpdateReason.updateFailed, "failed to apply policies: path '\(path)' leads outside the repository")
        }
        return joined
    }
}
