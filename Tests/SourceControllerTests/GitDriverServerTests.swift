import FerryAPI
import FerryTesting
import Foundation
import Testing
@testable import SourceController

/// The driver against the real test Git servers (nginx + git http-backend, sshd) of
/// `scripts/git-server`: the run's shared set, started here when the test script did not.
/// Only the server's `env` values are used (URLs, credentials, file paths).
@Suite struct GitDriverServerTests {
    let env: GitServerEnv
    let fx: GitFixture
    let name: String
    let commit: String
    let driver: GitDriver

    init() async throws {
        fx = try GitFixture()
        let seeded = try await GitServerEnv.withRepository(prefix: "src", fixture: fx)
        env = seeded.env
        name = seeded.name
        commit = seeded.commit
        driver = GitDriver(temporaryDirectory: fx.root)
    }

    func url(_ key: String) throws(GitError) -> GitURL { try GitURL(env[key] + "/\(name).git") }
    func file(_ key: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: env[key]) ?? Data()) }
    func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    func resolve(_ key: String, _ secret: [String: [UInt8]]?) async throws(GitError) -> ResolvedRef {
        let u = try url(key)
        let auth = try GitAuth(url: u, secret: secret)
        return try await driver.resolve(url: u, auth: auth, reference: .branch("master"), timeout: .seconds(30))
    }

    func expectFailure(_ key: String, _ secret: [String: [UInt8]]?, kind: GitError.Kind, hiding secrets: [String] = []) async {
        do {
            _ = try await resolve(key, secret)
            Issue.record("\(key) succeeded")
        } catch {
            #expect(error.kind == kind, "\(key): \(error)")
            for s in secrets { #expect(!error.message.contains(s), "\(key) leaked a secret") }
        }
    }

    @Test func anonymousHTTPAndCheckout() async throws {
        let u = try url("HTTP_URL")
        let resolved = try await driver.resolve(url: u, auth: GitAuth(), reference: .branch("master"), timeout: .seconds(30))
        #expect(resolved.revision == "master@sha1:\(commit)")
        let co = try await driver.checkout(url: u, auth: GitAuth(), ref: resolved, into: fx.root + "/co", timeout: .seconds(30))
        #expect(co.commit == commit)
        #expect(FileManager.default.fileExists(atPath: fx.root + "/co/deploy/app.yaml"))
        // A bare commit over smart HTTP: fetched by id (or, if the server refuses, with history).
        for (i, id) in [commit, String(commit.prefix(8))].enumerated() {
            let byCommit = ResolvedRef(reference: .commit(id, branch: nil), refName: nil, commit: id, tagObject: nil)
            let c = try await driver.checkout(url: u, auth: GitAuth(), ref: byCommit, into: fx.root + "/co-commit-\(i)", timeout: .seconds(30))
            #expect(c.commit == commit)
            #expect(c.resolved.revision == "sha1:\(commit)")
        }
    }

    @Test func basicAuth() async throws {
        let good = ["username": text(env["BASIC_USER"]), "password": text(env["BASIC_PASSWORD"])]
        #expect(try await resolve("HTTP_AUTH_URL", good).commit == commit)
        await expectFailure("HTTP_AUTH_URL", ["username": text(env["BASIC_USER"]), "password": text("Wr0ngPassword")],
                            kind: .authenticationFailed, hiding: ["Wr0ngPassword"])
        await expectFailure("HTTP_AUTH_URL", nil, kind: .authenticationFailed)
        // Credentials written into the URL work too, without reaching git's command line.
        let inURL = try GitURL(env["HTTP_AUTH_URL"].replacingOccurrences(of: "://", with: "://\(env["BASIC_USER"]):\(env["BASIC_PASSWORD"])@")
                               + "/\(name).git")
        let refs = try await driver.lsRemote(url: inURL, auth: GitAuth(url: inURL, secret: nil), patterns: [], timeout: .seconds(30))
        #expect(refs.refs["refs/heads/master"] == commit)
    }

    @Test func bearerToken() async throws {
        #expect(try await resolve("HTTP_TOKEN_URL", ["bearerToken": text(env["BEARER_TOKEN"])]).commit == commit)
        await expectFailure("HTTP_TOKEN_URL", ["bearerToken": text("Wr0ngToken123")], kind: .authenticationFailed, hiding: ["Wr0ngToken123"])
    }

    @Test func httpsWithCustomCAAndClientCertificates() async throws {
        #expect(try await resolve("HTTPS_URL", ["ca.crt": file("CA_FILE")]).commit == commit)
        await expectFailure("HTTPS_URL", nil, kind: .unreachable)
        let basic = ["username": text(env["BASIC_USER"]), "password": text(env["BASIC_PASSWORD"]), "ca.crt": file("CA_FILE")]
        #expect(try await resolve("HTTPS_AUTH_URL", basic).commit == commit)
        let mtls = ["ca.crt": file("CA_FILE"), "tls.crt": file("CLIENT_CERT"), "tls.key": file("CLIENT_KEY")]
        #expect(try await resolve("HTTPS_MTLS_URL", mtls).commit == commit)
        await expectFailure("HTTPS_MTLS_URL", ["ca.crt": file("CA_FILE")], kind: .authenticationFailed)
    }

    @Test func sshWithStrictHostKeys() async throws {
        let good = ["identity": file("SSH_KEY"), "known_hosts": file("KNOWN_HOSTS")]
        let resolved = try await resolve("SSH_URL", good)
        #expect(resolved.commit == commit)
        let u = try url("SSH_URL")
        let co = try await driver.checkout(url: u, auth: GitAuth(url: u, secret: good), ref: resolved, into: fx.root + "/ssh-co",
                                           timeout: .seconds(30))
        #expect(co.commit == commit)

        // A known_hosts entry with some other key for this host: strict checking refuses.
        let other = fx.root + "/otherhost"
        try await fx.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", other])
        let otherPub = String(decoding: FileManager.default.contents(atPath: other + ".pub")!, as: UTF8.self)
            .split(separator: " ").prefix(2).joined(separator: " ")
        let wrongHost = "[127.0.0.1]:\(env["SSH_PORT"]) \(otherPub)\n"
        await expectFailure("SSH_URL", ["identity": file("SSH_KEY"), "known_hosts": text(wrongHost)], kind: .unknownHostKey)
        await expectFailure("SSH_URL", ["identity": file("SSH_KEY"), "known_hosts": text("[elsewhere]:22 \(otherPub)\n")],
                            kind: .unknownHostKey)
        // Right host, wrong client key.
        let wrongKey = [UInt8](FileManager.default.contents(atPath: other)!)
        await expectFailure("SSH_URL", ["identity": wrongKey, "known_hosts": file("KNOWN_HOSTS")], kind: .authenticationFailed)
    }

    @Test func passphraseProtectedSSHKey() async throws {
        let copy = fx.root + "/locked_key"
        try FileManager.default.copyItem(atPath: env["SSH_KEY"], toPath: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy)
        try await fx.run("ssh-keygen", ["-q", "-p", "-P", "", "-N", "Kn0ckKnock", "-f", copy])
        let locked = [UInt8](FileManager.default.contents(atPath: copy)!)
        let good = ["identity": locked, "known_hosts": file("KNOWN_HOSTS"), "password": text("Kn0ckKnock")]
        #expect(try await resolve("SSH_URL", good).commit == commit)
        await expectFailure("SSH_URL", ["identity": locked, "known_hosts": file("KNOWN_HOSTS"), "password": text("WrongPhrase")],
                            kind: .authenticationFailed, hiding: ["WrongPhrase"])
    }

    /// The whole reconcile with credentials from a Secret, over ssh, with a signed commit verified.
    @Test func reconcileOverSSHWithVerification() async throws {
        let signing = fx.root + "/signing"
        try await fx.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", signing])
        let work = fx.root + "/work"
        try await fx.write(work + "/deploy/app.yaml", "v: 2\n")
        let signed = try await fx.commit(work, "signed", flags: ["-S"], config: ["gpg.format=ssh", "user.signingkey=\(signing)"])
        try await fx.git(["push", "-q", env["REPOS_DIR"] + "/\(name).git", "master"], in: work)
        let pub = String(decoding: FileManager.default.contents(atPath: signing + ".pub")!, as: UTF8.self)
        let secrets = InMemorySecrets(["default/ssh": ["identity": String(decoding: file("SSH_KEY"), as: UTF8.self),
                                                       "known_hosts": String(decoding: file("KNOWN_HOSTS"), as: UTF8.self)],
                                       "default/keys": ["ci.sshpub": pub]])
        let storage = ArtifactStorage(root: fx.root + "/storage", advertisedAddress: "localhost")
        let r = GitRepositoryReconciler(storage: storage, driver: driver, verifier: SignatureVerifier(temporaryDirectory: fx.root),
                                        secrets: secrets, includes: InMemoryArtifacts(artifacts: [:]), workDirectory: fx.root)
        let spec = GitRepositorySpec(url: env["SSH_URL"] + "/\(name).git", secretRef: .init(name: "ssh"),
                                     verify: .init(mode: "HEAD", secretRef: .init(name: "keys")))
        let result = await r.reconcile(GitRepository(metadata: .init(name: "app", namespace: "default", generation: 1), spec: spec))
        #expect(result.status.artifact?.revision == "master@sha1:\(signed)", "\(result.outcome)")
        #expect(result.status.condition("SourceVerified")?.status == "True")
    }

    @Test func unreachableHost() async throws {
        let u = try GitURL("https://127.0.0.1:1/nothing.git")
        do {
            _ = try await driver.lsRemote(url: u, auth: GitAuth(), patterns: [], timeout: .seconds(20))
            Issue.record("reached port 1")
        } catch {
            #expect(error.kind == .unreachable)
        }
    }
}
