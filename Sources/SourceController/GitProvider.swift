import FerryAPI

/// `spec.provider` of a GitRepository: who supplies the credentials.
///
/// Flux's enum is `generic` (the default: credentials from `spec.secretRef`), `github` (a GitHub
/// App's installation token, minted from the App's key in `spec.secretRef`), and `azure`/`aws`
/// (workload identity of the controller's, or `spec.serviceAccountName`'s, cloud identity).
/// Ferry does `generic` and `github`; `azure` and `aws` need a cloud's token service, so they
/// stall with a message that says what to use instead.
public enum GitProvider: String, Sendable, CaseIterable {
    case generic, github, azure, aws

    /// The provider a spec names: unset or empty is `generic`, as Flux's `GetProvider`.
    /// Stalls with InvalidProviderConfiguration for a provider Ferry does not implement (or one
    /// that is not Flux's at all), and for `spec.serviceAccountName` with any provider but
    /// `azure`/`aws` (Flux's CEL rule on the spec, which Ferry's CRD does not carry).
    public static func from(spec provider: String?, serviceAccountName: String?) throws(SourceError) -> GitProvider {
        if let message = serviceAccountNameProblem(provider: provider, serviceAccountName: serviceAccountName) {
            throw SourceError(.stalled, SourceCondition.fetchFailed, reason: SourceReason.invalidProviderConfiguration, message: message)
        }
        if let message = refusal(provider: provider) {
            throw SourceError(.stalled, SourceCondition.fetchFailed, reason: SourceReason.invalidProviderConfiguration, message: message)
        }
        return GitProvider(rawValue: provider ?? "") ?? .generic
    }

    /// Why Ferry cannot use `provider`, or nil when it can (`generic`, `github`, unset, empty).
    /// The text names the alternatives, for the FetchFailed/InvalidProviderConfiguration condition.
    public static func refusal(provider: String?) -> String? {
        guard let provider, !provider.isEmpty else { return nil }
        switch GitProvider(rawValue: provider) {
        case .generic, .github:
            return nil
        case .azure, .aws:
            return "provider '\(provider)' is not supported by Ferry: use 'generic' with a secretRef or 'github'"
        case nil:
            return "provider '\(provider)' is not one of 'generic', 'github', 'azure', 'aws': use 'generic' with a secretRef or 'github'"
        }
    }

    /// Flux's rule for `spec.serviceAccountName` (the CEL validation on GitRepositorySpec): it is
    /// only for the workload identity of `azure` and `aws`. nil when the combination is allowed.
    /// An empty name is unset, as the controller reads it (`ServiceAccountName != ""`).
    public static func serviceAccountNameProblem(provider: String?, serviceAccountName: String?) -> String? {
        guard let serviceAccountName, !serviceAccountName.isEmpty else { return nil }
        if provider == GitProvider.azure.rawValue || provider == GitProvider.aws.rawValue { return nil }
        return "serviceAccountName can only be set when provider is 'azure' or 'aws'"
    }
}
