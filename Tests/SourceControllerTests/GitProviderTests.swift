import FerryAPI
import Foundation
import Testing
@testable import SourceController

/// `spec.provider` and `spec.serviceAccountName`: which combinations checkRef accepts, and the
/// condition a refused one gets — before any request is made.
@Suite struct GitProviderTests {
    @Test(arguments: [
        // (provider, serviceAccountName, refusal containing, nil when accepted)
        (String?.none, String?.none, String?.none),
        ("", nil, nil),
        ("generic", nil, nil),
        ("github", nil, nil),
        ("generic", "", nil),
        ("azure", nil, "provider 'azure' is not supported by Ferry: use 'generic' with a secretRef or 'github'"),
        ("aws", nil, "provider 'aws' is not supported by Ferry"),
        ("gcp", nil, "provider 'gcp' is not one of 'generic', 'github', 'azure', 'aws'"),
        (nil, "flux-sa", "serviceAccountName can only be set when provider is 'azure' or 'aws'"),
        ("github", "flux-sa", "serviceAccountName can only be set when provider is 'azure' or 'aws'"),
        ("generic", "flux-sa", "serviceAccountName can only be set when provider is 'azure' or 'aws'"),
        // Allowed by Flux's rule, but the provider itself is refused.
        ("azure", "flux-sa", "provider 'azure' is not supported by Ferry"),
    ])
    func providerAndServiceAccountRules(provider: String?, serviceAccountName: String?, refusal: String?) {
        do {
            let p = try GitProvider.from(spec: provider, serviceAccountName: serviceAccountName)
            #expect(refusal == nil, "accepted \(p)")
        } catch {
            #expect(error.disposition == .stalled)
            #expect(error.reason == SourceReason.invalidProviderConfiguration)
            #expect(error.conditionType == SourceCondition.fetchFailed)
            #expect(refusal.map { error.message.contains($0) } == true, "\(error.message)")
        }
    }

    static let appSecret: [String: [UInt8]] = [GitHubApp.appIDKey: Array("1".utf8), GitHubApp.installationIDKey: Array("2".utf8)]

    func auth(_ provider: String?, url: String, secretName: String? = "creds", secret: [String: [UInt8]]?,
              proxySecret: [String: [UInt8]]? = nil, tokens: GitHubAppTokenSource = GitHubAppTokenSource()) async throws(SourceError) -> GitAuth {
        try await GitProvider.auth(provider: provider, serviceAccountName: nil, url: try! GitURL(url), namespace: "team",
                                   secretName: secretName, secret: secret, proxySecret: proxySecret, tokens: tokens)
    }

    @Test func githubNeedsAnHTTPSURLAndASecretWithAppData() async {
        let tokens = GitHubAppTokenSource()
        let cases: [(String, String?, [String: [UInt8]]?, SourceError.Disposition, String, String)] = [
            ("https://github.com/o/r", nil, nil, .stalled, SourceReason.invalidProviderConfiguration,
             "secretRef with github app data must be specified when provider is set to github"),
            ("ssh://git@github.com/o/r", "creds", Self.appSecret, .stalled, SourceReason.invalidProviderConfiguration,
             "provider 'github' needs an https:// URL"),
            ("https://github.com/o/r", "creds", ["username": Array("u".utf8), "password": Array("p".utf8)], .transient,
             SourceReason.invalidProviderConfiguration, "secretRef with github app data must be specified when provider is set to github"),
            // App data without a key: the token source refuses it, as Flux's client does (AuthenticationFailed).
            ("https://github.com/o/r", "creds", Self.appSecret, .transient, SourceReason.authenticationFailed,
             "failed to configure authentication options: 'githubAppPrivateKey' must be set"),
        ]
        for (url, name, secret, disposition, reason, message) in cases {
            do {
                _ = try await auth("github", url: url, secretName: name, secret: secret, tokens: tokens)
                Issue.record("accepted \(url) with \(secret?.keys.sorted() ?? [])")
            } catch {
                #expect(error.disposition == disposition && error.reason == reason, "\(error)")
                #expect(error.message.contains(message), "\(error.message)")
            }
        }
        #expect(await tokens.exchanges == 0)
    }

    @Test func genericRefusesASecretWithAppDataAndOtherwiseReadsTheSecretAsBefore() async throws {
        do {
            _ = try await auth(nil, url: "https://github.com/o/r", secret: Self.appSecret)
            Issue.record("generic used GitHub App data")
        } catch {
            #expect(error.reason == SourceReason.invalidProviderConfiguration && error.disposition == .transient)
            #expect(error.message == "secretRef 'team/creds' has github app data but provider is not set to github")
        }
        let basic = try await auth("generic", url: "https://example.com/r",
                                   secret: ["username": Array("bob".utf8), "password": Array("pa55word".utf8)])
        guard case .basic("bob", "pa55word") = basic.method else { Issue.record("not basic: \(basic.method)"); return }
        do {
            _ = try await auth(nil, url: "https://example.com/r", secret: ["username": Array("bob".utf8)])
            Issue.record("accepted half a basic auth secret")
        } catch {
            #expect(error.reason == SourceReason.authenticationFailed)
            #expect(error.message == "failed to configure authentication options: invalid secret: basic auth needs both 'username' and 'password'")
        }
    }

    @Test func sshRemotesTakeAnHTTPProxyAndRefuseOthers() async throws {
        let ssh = try await auth(nil, url: "ssh://git@example.com:2222/r", secret: nil,
                                 proxySecret: ["address": Array("http://proxy.local:3128".utf8), "username": Array("p".utf8),
                                               "password": Array("Pr0xyPass".utf8)])
        #expect(ssh.sshProxy == GitSSHProxy.Configuration(host: "proxy.local", port: 3128, username: "p", password: "Pr0xyPass"))
        #expect(ssh.scrub("auth with Pr0xyPass") == "auth with ***")
        do {
            _ = try await auth(nil, url: "ssh://git@example.com/r", secret: nil, proxySecret: ["address": Array("socks5://proxy:1080".utf8)])
            Issue.record("accepted a socks5 proxy for ssh")
        } catch {
            #expect(error.reason == SourceReason.authenticationFailed)
            #expect(error.message.contains("'address' must be http://host:port"), "\(error.message)")
        }
    }
}
