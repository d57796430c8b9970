import ControllerRuntime
import Crypto
import _CryptoExtras
import FerryTesting
import Foundation
import NIOHTTP1
import Testing
@testable import SourceController

/// GitHub App installation tokens against a local stand-in for the GitHub API that checks what
/// GitHub checks: the JWT's RS256 signature with the App's public key, its issuer and times, and
/// the installation in the path.
@Suite struct GitHubAppTokenTests {
    static let appID: Int64 = 4242
    static let installationID: Int64 = 9_001
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// What the stand-in does and what it saw.
    struct State {
        var tokensIssued = 0
        var lookups: [String] = []
        /// Overrides the token answer: (status, body).
        var answer: (HTTPResponseStatus, String)?
        /// The time the server believes it is (the test's clock).
        var now = GitHubAppTokenTests.start
        var jwtProblems: [String] = []
    }

    let key: _RSA.Signing.PrivateKey
    let state = LockedBox(State())
    let server: HTTPServer
    let running: Task<Void, any Error>
    let base: String

    init() async throws {
        key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let publicKey = key.publicKey
        let state = self.state
        server = HTTPServer(host: "127.0.0.1", port: 0, routes: [
            HTTPRoute(.POST, .prefix("/api/v3/app/installations/")) { request in
                let now = state.update { $0.now }
                if let problem = Self.checkJWT(request, publicKey: publicKey, now: now) {
                    state.update { $0.jwtProblems.append(problem) }
                    return .text(#"{"message":"A JSON web token could not be decoded"}"#, status: .unauthorized, contentType: "application/json")
                }
                if let (status, body) = state.update({ $0.answer }) { return .text(body, status: status, contentType: "application/json") }
                guard request.path == "/api/v3/app/installations/\(Self.installationID)/access_tokens" else {
                    return .text(#"{"message":"Not Found"}"#, status: .notFound, contentType: "application/json")
                }
                let n = state.update { $0.tokensIssued += 1; return $0.tokensIssued }
                let expires = ISO8601DateFormatter().string(from: now.addingTimeInterval(3600))
                return .text(#"{"token":"ghs_issued\#(n)_abcdefghij","expires_at":"\#(expires)"}"#, status: .created, contentType: "application/json")
            },
            HTTPRoute(.GET, .prefix("/api/v3/")) { request in
                state.update { $0.lookups.append(request.path) }
                if let problem = Self.checkJWT(request, publicKey: publicKey, now: state.update { $0.now }) {
                    return .text(#"{"message":"\#(problem)"}"#, status: .unauthorized, contentType: "application/json")
                }
                // "octo-user" is a user with the App installed; no organization has it.
                guard request.path == "/api/v3/users/octo-user/installation" else {
                    return .text(#"{"message":"Not Found"}"#, status: .notFound, contentType: "application/json")
                }
                return .text(#"{"id":\#(Self.installationID),"account":{"login":"octo-user"}}"#, contentType: "application/json")
            },
        ])
        let server = self.server
        running = Task { try await server.run() }
        base = "http://127.0.0.1:\(try await server.boundPort())/api/v3"
    }

    /// GitHub's checks on the App JWT; nil when it passes.
    static func checkJWT(_ request: HTTPRequest, publicKey: _RSA.Signing.PublicKey, now: Date) -> String? {
        guard let header = request.headers.first(name: "Authorization"), header.hasPrefix("Bearer ") else { return "no bearer" }
        guard request.headers.first(name: "Accept") == "application/vnd.github+json" else { return "wrong accept" }
        let parts = header.dropFirst("Bearer ".count).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let signature = base64URLDecode(parts[2]),
              publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature),
                                         for: Array((parts[0] + "." + parts[1]).utf8), padding: .insecurePKCS1v1_5) else {
            return "bad signature"
        }
        guard let headerJSON = base64URLDecode(parts[0]).flatMap({ try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }),
              headerJSON["alg"] as? String == "RS256" else { return "bad header" }
        guard let claims = base64URLDecode(parts[1]).flatMap({ try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }),
              let iat = (claims["iat"] as? NSNumber)?.doubleValue, let exp = (claims["exp"] as? NSNumber)?.doubleValue else {
            return "bad claims"
        }
        guard claims["iss"] as? String == String(appID) else { return "wrong issuer" }
        let t = now.timeIntervalSince1970
        guard iat <= t, exp > t, exp - iat <= 600 else { return "expired or too long" }
        return nil
    }

    static func base64URLDecode(_ text: String) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }

    func secret(installation: (String, String)? = nil, key pem: String? = nil) -> [String: [UInt8]] {
        let (k, v) = installation ?? (GitHubApp.installationIDKey, String(Self.installationID))
        return [GitHubApp.appIDKey: Array(String(Self.appID).utf8), k: Array(v.utf8),
                GitHubApp.privateKeyKey: Array((pem ?? key.pemRepresentation).utf8), GitHubApp.baseURLKey: Array(base.utf8)]
    }

    @Test func fetchesATokenCachesItAndRefreshesItBeforeItExpires() async throws {
        defer { running.cancel() }
        let source = GitHubAppTokenSource()
        let first = try await source.credentials(secret: secret(), now: Self.start)
        #expect(first.username == "x-access-token")
        #expect(first.password == "ghs_issued1_abcdefghij")
        #expect(state.update { $0.jwtProblems }.isEmpty)

        // 40 minutes on: still within 80% of the hour, no request is made.
        state.update { $0.now = Self.start.addingTimeInterval(2400) }
        #expect(try await source.credentials(secret: secret(), now: Self.start.addingTimeInterval(2400)).password == first.password)
        #expect(state.update { $0.tokensIssued } == 1)

        // 50 minutes on (past 48): a new token, with a new JWT the server accepts at its time.
        state.update { $0.now = Self.start.addingTimeInterval(3000) }
        let refreshed = try await source.credentials(secret: secret(), now: Self.start.addingTimeInterval(3000))
        #expect(refreshed.password == "ghs_issued2_abcdefghij")
        #expect(state.update { $0.tokensIssued } == 2)
        #expect(await source.exchanges == 2)

        // The same App with its key in PKCS#8 form (`BEGIN PRIVATE KEY`) works too.
        let pkcs8 = try await GitHubAppTokenSource().credentials(secret: secret(key: key.pkcs8PEMRepresentation),
                                                                 now: Self.start.addingTimeInterval(3000))
        #expect(pkcs8.password == "ghs_issued3_abcdefghij")
    }

    @Test func looksUpTheInstallationOfAnOwnerAsOrganizationThenUser() async throws {
        defer { running.cancel() }
        let source = GitHubAppTokenSource()
        let owner = secret(installation: (GitHubApp.installationOwnerKey, "octo-user"))
        #expect(try await source.credentials(secret: owner, now: Self.start).password == "ghs_issued1_abcdefghij")
        #expect(state.update { $0.lookups } == ["/api/v3/orgs/octo-user/installation", "/api/v3/users/octo-user/installation"])

        do {
            _ = try await source.credentials(secret: secret(installation: (GitHubApp.installationOwnerKey, "nobody")), now: Self.start)
            Issue.record("found an installation for nobody")
        } catch {
            #expect(error.kind == .exchangeFailed)
            #expect(error.message.contains("no installation of GitHub App 4242 found for owner 'nobody'"), "\(error.message)")
            #expect(error.message.contains("HTTP 404"))
        }
    }

    @Test(arguments: [
        (HTTPResponseStatus.unauthorized, #"{"message":"Bad credentials"}"#, "HTTP 401 Unauthorized: Bad credentials"),
        (.notFound, #"{"message":"Not Found"}"#, "HTTP 404 Not Found: Not Found"),
        (.internalServerError, "<html>oops</html>", "HTTP 500 Internal Server Error"),
        (.created, "not json at all", "is not a token with expires_at"),
        (.created, #"{"token":"ghs_x"}"#, "is not a token with expires_at"),
    ])
    func apiFailuresGiveClearErrorsWithoutSecrets(status: HTTPResponseStatus, body: String, expected: String) async throws {
        defer { running.cancel() }
        state.update { $0.answer = (status, body) }
        let source = GitHubAppTokenSource()
        do {
            _ = try await source.credentials(secret: secret(), now: Self.start)
            Issue.record("got a token from \(status)")
        } catch {
            #expect(error.kind == .exchangeFailed)
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(error.message.contains("4242") && error.message.contains(base))
            expectNoSecrets(error.message)
        }
    }

    @Test func aServerEchoingTheJWTDoesNotLeakIt() async throws {
        defer { running.cancel() }
        let app = try GitHubApp(secret: secret())
        let jwt = try app.jwt(now: Self.start)
        state.update { $0.answer = (.unauthorized, #"{"message":"rejected \#(jwt)"}"#) }
        do {
            _ = try await GitHubAppTokenSource().credentials(secret: secret(), now: Self.start)
            Issue.record("got a token")
        } catch {
            #expect(!error.message.contains(jwt) && error.message.contains("rejected ***"), "\(error.message)")
            expectNoSecrets(error.message)
        }
    }

    @Test func unusableSecretsAreRefusedBeforeAnyRequest() async throws {
        defer { running.cancel() }
        let small = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024)).pemRepresentation
        var noID = secret(); noID[GitHubApp.appIDKey] = nil
        var noKey = secret(); noKey[GitHubApp.privateKeyKey] = nil
        var both = secret(); both[GitHubApp.installationOwnerKey] = Array("octo-user".utf8)
        var neither = secret(); neither[GitHubApp.installationIDKey] = nil
        var badBase = secret(); badBase[GitHubApp.baseURLKey] = Array("ftp://example.com".utf8)
        let cases: [([String: [UInt8]], String)] = [
            (noID, "'githubAppID' must be set"),
            (noKey, "'githubAppPrivateKey' must be set"),
            (both, "only one of 'githubAppInstallationID' and 'githubAppInstallationOwner'"),
            (neither, "one of 'githubAppInstallationID' and 'githubAppInstallationOwner' must be set"),
            (secret(installation: (GitHubApp.installationIDKey, "12ab")), "'githubAppInstallationID' must be a positive number"),
            (secret(installation: (GitHubApp.installationOwnerKey, "../admin")), "must be a GitHub organization or user name"),
            (secret(key: "-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----\n"), "is not a PEM-encoded RSA private key"),
            (secret(key: small), "is not a PEM-encoded RSA private key of at least 2048 bits"),
            (badBase, "'githubAppBaseURL' must be an http(s) URL"),
        ]
        let source = GitHubAppTokenSource()
        for (bad, expected) in cases {
            do {
                _ = try await source.credentials(secret: bad, now: Self.start)
                Issue.record("accepted a secret that should fail with \(expected)")
            } catch {
                #expect(error.kind == .invalidSecret)
                #expect(error.message.contains(expected), "\(error.message)")
                expectNoSecrets(error.message)
            }
        }
        #expect(await source.exchanges == 0)
        #expect(state.update { $0.tokensIssued } == 0)
    }

    /// The whole provider path: `provider: github` turns the App Secret into git credentials
    /// (`x-access-token` and the installation token) that a real Git server accepts for a clone.
    /// The Git server is this test's own, with the installation token added to its basic-auth users.
    @Test func providerGithubClonesFromARealGitServerWithTheInstallationToken() async throws {
        defer { running.cancel() }
        let git = try await GitServer.start(name: "ghapp")
        do {
            let fx = try GitFixture()
            let hash = try await fx.run("openssl", ["passwd", "-apr1", "ghs_issued1_abcdefghij"])
            let htpasswd = git.directory + "/htpasswd"
            let users = (try String(contentsOfFile: htpasswd, encoding: .utf8)) + "x-access-token:\(hash)\n"
            try users.write(toFile: htpasswd, atomically: true, encoding: .utf8)
            let bare = git.repositoriesDirectory + "/app.git"
            try await fx.run("git", ["init", "-q", "--bare", bare])
            let work = fx.root + "/work"
            try await fx.run("git", ["-c", "init.defaultBranch=main", "init", "-q", work])
            try await fx.write(work + "/deploy/app.yaml", "v: 1\n")
            let commit = try await fx.commit(work, "first")
            try await fx.git(["push", "-q", bare, "HEAD:main"], in: work)

            let url = try GitURL(git.httpAuthURL + "/app.git")
            let tokens = GitHubAppTokenSource()
            let auth = try await GitProvider.auth(provider: "github", serviceAccountName: nil, url: url, namespace: "team",
                                                  secretName: "app", secret: secret(), proxySecret: nil, tokens: tokens, now: Self.start)
            let driver = GitDriver(temporaryDirectory: fx.root)
            let resolved = try await driver.resolve(url: url, auth: auth, reference: .branch("main"), timeout: .seconds(30))
            let checkout = try await driver.checkout(url: url, auth: auth, ref: resolved, into: fx.root + "/co", timeout: .seconds(30))
            #expect(checkout.commit == commit)
            #expect(FileManager.default.fileExists(atPath: fx.root + "/co/deploy/app.yaml"))

            // Without the App (the generic provider, no credentials), the same server refuses.
            do {
                _ = try await driver.resolve(url: url, auth: GitAuth(), reference: .branch("main"), timeout: .seconds(30))
                Issue.record("the server let an anonymous client in")
            } catch {
                #expect(error.kind == .authenticationFailed, "\(error)")
            }
            // A git failure with the token in use never shows it.
            do {
                _ = try await driver.resolve(url: url, auth: auth, reference: .branch("missing"), timeout: .seconds(30))
            } catch {
                #expect(!error.message.contains("ghs_"), "\(error.message)")
            }
        } catch {
            try? await git.stop()
            throw error
        }
        try await git.stop()
    }

    func expectNoSecrets(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!message.contains("PRIVATE KEY"), sourceLocation: sourceLocation)
        #expect(!message.contains("eyJ"), "a JWT leaked: \(message)", sourceLocation: sourceLocation)
        #expect(!message.contains("ghs_"), sourceLocation: sourceLocation)
    }
}
