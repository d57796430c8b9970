import FerryAPI
import Foundation

extension GitProvider {
    /// The credentials checkRef hands the driver, for every provider: the one call between
    /// reading the Secrets and listing the remote. Follows Flux's `getAuthOpts`:
    ///
    /// - Stalls, InvalidProviderConfiguration: `serviceAccountName` without `azure`/`aws`; a provider
    ///   Ferry does not implement (`azure`, `aws`); `github` without `secretRef`; `github` with an
    ///   `ssh://` URL (installation tokens are HTTP passwords).
    /// - InvalidProviderConfiguration (retried): `github` whose Secret has no GitHub App fields;
    ///   `generic` whose Secret has them ("provider should have been github").
    /// - AuthenticationFailed (retried), "failed to configure authentication options: …": a Secret
    ///   that does not fit the URL, GitHub App fields that cannot be used (missing id, bad key),
    ///   or a token exchange the GitHub API refused or did not answer.
    ///
    /// For `github` the Secret's other keys still apply (`ca.crt`, `tls.crt`/`tls.key` for git),
    /// the proxy Secret is used for the API requests as well as git, and git authenticates as
    /// `x-access-token` with the installation token as password. Tokens come from `tokens`
    /// (``GitHubAppTokenSource/shared`` in the controller), cached across reconciles.
    public static func auth(provider: String?, serviceAccountName: String?, url: GitURL, namespace: String,
                            secretName: String?, secret: [String: [UInt8]]?, proxySecret: [String: [UInt8]]?,
                            tokens: GitHubAppTokenSource, now: Date = Date(),
                            timeout: Duration = .seconds(30)) async throws(SourceError) -> GitAuth {
        func invalid(_ message: String, stalled: Bool) -> SourceError {
            SourceError(stalled ? .stalled : .transient, SourceCondition.fetchFailed,
                        reason: SourceReason.invalidProviderConfiguration, message: message)
        }
        func authFailed(_ message: String) -> SourceError {
            SourceError(.transient, SourceCondition.fetchFailed, reason: SourceReason.authenticationFailed,
                        message: "failed to configure authentication options: \(message)")
        }
        let provider = try GitProvider.from(spec: provider, serviceAccountName: serviceAccountName)
        let missingAppData = "secretRef with github app data must be specified when provider is set to github"
        if provider == .github {
            guard secretName != nil else { throw invalid(missingAppData, stalled: true) }
            guard url.scheme != .ssh else {
                throw invalid("provider 'github' needs an https:// URL: GitHub App installation tokens do not work over ssh", stalled: true)
            }
            guard GitHubApp.hasAppData(secret) else { throw invalid(missingAppData, stalled: false) }
        } else if let secretName, GitHubApp.hasAppData(secret) {
            throw invalid("secretRef '\(namespace)/\(secretName)' has github app data but provider is not set to github", stalled: false)
        }

        // The GitHub App keys are not git credentials: the rest of the Secret is read as for generic.
        let gitSecret = provider == .github ? secret?.filter { !$0.key.hasPrefix("githubApp") } : secret
        var auth: GitAuth
        do {
            auth = try GitAuth(url: url, secret: gitSecret, proxySecret: proxySecret)
        } catch {
            throw authFailed(error.message)
        }
        guard provider == .github, let secret else { return auth }

        var apiProxy: GitHubAppTokenSource.Proxy?
        if let proxySecret {
            do {
                apiProxy = try GitHubAppTokenSource.Proxy(proxySecret: proxySecret)
            } catch {
                throw authFailed(error.message)
            }
        }
        do {
            let credentials = try await tokens.credentials(secret: secret, proxy: apiProxy, now: now, timeout: timeout)
            auth.useBasicAuth(username: credentials.username, password: credentials.password)
        } catch {
            throw authFailed(auth.scrub(error.message))
        }
        return auth
    }
}
