import FerryAPI
import FerryTesting
import Foundation
import Testing
@testable import SourceController

/// Credentials written into the URL (`https://TOKEN@host/…`, `https://user:password@host/…`) take
/// the credential path: never git's command line (what `ps` shows) or `.git/config`, never a
/// message; and the fetch still authenticates with them.
@Suite struct GitTokenURLTests {
    /// A reconciler whose git records every command line it is run with.
    func reconciler(_ fx: GitFixture) async throws -> (GitRepositoryReconciler, argv: String) {
        let log = fx.root + "/argv.log"
        let wrapper = fx.root + "/recording-git"
        try await fx.write(wrapper, "#!/bin/sh\necho \"$*\" >> '\(log)'\nexec git \"$@\"\n", executable: true)
        let r = GitRepositoryReconciler(storage: ArtifactStorage(root: fx.root + "/storage", advertisedAddress: "localhost:9090"),
                                        driver: GitDriver(git: wrapper, temporaryDirectory: fx.root), secrets: InMemorySecrets(),
                                        includes: InMemoryArtifacts(artifacts: [:]), workDirectory: fx.root)
        return (r, log)
    }

    func object(_ url: String, branch: String = "main") -> GitRepository {
        GitRepository(metadata: ObjectMetadata(name: "tok", namespace: "default", generation: 1),
                      spec: GitRepositorySpec(url: url, ref: GitRepositoryRef(branch: branch)))
    }

    static func withUserInfo(_ url: String, _ userInfo: String) -> String {
        url.replacingOccurrences(of: "://", with: "://\(userInfo)@")
    }

    @Test func aPasswordInTheURLAuthenticatesWithoutReachingTheCommandLine() async throws {
        let server = try await GitServer.shared()
        let repo = try await GitRepoFixture.create("url-creds", on: server)
        try await repo.commit(files: ["app.yaml": "a: 1\n"], message: "app")
        try await repo.push()
        let fx = try GitFixture()
        let (r, argv) = try await reconciler(fx)
        let url = Self.withUserInfo(repo.url(.httpAuth), "\(server.basicUser):\(server.basicPassword)")
        let result = await r.reconcile(object(url))
        guard case .stored = result.outcome else { Issue.record("\(result.outcome)"); return }
        let commandLines = try String(contentsOfFile: argv, encoding: .utf8)
        #expect(commandLines.contains("remote add origin " + repo.url(.httpAuth)))   // .git/config gets the bare URL
        #expect(!commandLines.contains(server.basicPassword))
    }

    @Test func aTokenAsTheUserAppearsNowhere() async throws {
        let server = try await GitServer.shared()
        let repo = try await GitRepoFixture.create("url-token", on: server)
        try await repo.commit(files: ["app.yaml": "a: 1\n"], message: "app")
        try await repo.push()
        let fx = try GitFixture()
        let (r, argv) = try await reconciler(fx)
        let token = "ghp_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        for (endpoint, branch) in [(GitServer.Endpoint.http, "main"), (.http, "no-such-branch"), (.httpAuth, "main")] {
            let result = await r.reconcile(object(Self.withUserInfo(repo.url(endpoint), token), branch: branch))
            let everything = "\(result.status.json) \(result.events) \(result.outcome)"
            #expect(!everything.contains(token), "\(endpoint) \(branch): \(everything)")
            if endpoint == .http && branch == "main" {
                guard case .stored = result.outcome else { Issue.record("\(result.outcome)"); continue }
            } else {
                guard case .failed(let error) = result.outcome else { Issue.record("\(result.outcome)"); continue }
                #expect(error.message.contains("***@127.0.0.1"), "\(error.message)")
            }
        }
        #expect(!(try String(contentsOfFile: argv, encoding: .utf8)).contains(token))
    }

    @Test func urlsAreRedactedAndStrippedForGit() throws {
        let token = try GitURL("https://ghp_abcdef123456@host:8443/org/r.git")
        #expect(token.forGit == "https://host:8443/org/r.git")
        #expect(token.description == "https://***@host:8443/org/r.git")
        #expect(token.origin == "https://host:8443")
        guard case .basic("ghp_abcdef123456", "") = try GitAuth(url: token, secret: nil).method else { Issue.record("not basic"); return }
        #expect(try GitAuth(url: token, secret: nil).scrub("ghp_abcdef123456 leaked") == "*** leaked")
        #expect(try GitURL("https://bob:In-Url-Pw@host/r").forGit == "https://host/r")
        #expect(try GitURL("ssh://git@host:2222/r.git").forGit == "ssh://git@host:2222/r.git")
        #expect(GitURL.redact("fatal: unable to access 'https://tok123@host/r/'") == "fatal: unable to access 'https://***@host/r/'")
        #expect(GitURL.redact("ssh://git@host/r and https://bob:pw@h/x") == "ssh://git@host/r and https://bob:***@h/x")
    }
}
