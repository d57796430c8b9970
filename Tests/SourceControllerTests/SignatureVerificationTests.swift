import Foundation
import Testing
@testable import SourceController

/// Commits and tags signed with throwaway OpenPGP and SSH keys made by the test.
@Suite struct SignatureVerificationTests {
    let fx: GitFixture
    let repo: (work: String, bare: String, url: String)
    let verifier: SignatureVerifier

    init() async throws {
        fx = try GitFixture()
        repo = try await fx.makeRepository("signed")
        verifier = SignatureVerifier(temporaryDirectory: fx.root)
        try FileManager.default.createDirectory(atPath: fx.root + "/gnupg", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// Makes an OpenPGP key in the fixture's keyring; returns (fingerprint, armored public key).
    func makeGPGKey(_ name: String) async throws -> (String, [UInt8]) {
        try await fx.run("gpg", ["--batch", "--quiet", "--passphrase", "", "--quick-gen-key", "\(name) <\(name)@example.com>", "ed25519", "sign", "never"])
        let listing = try await fx.run("gpg", ["--batch", "--with-colons", "--list-secret-keys", "\(name)@example.com"])
        let fpr = listing.split(separator: "\n").first { $0.hasPrefix("fpr:") }!.split(separator: ":", omittingEmptySubsequences: false)[9]
        let armored = try await fx.run("gpg", ["--batch", "--armor", "--export", String(fpr)])
        return (String(fpr), Array(armored.utf8))
    }

    /// Makes an SSH key pair; returns (private key path, public key line).
    func makeSSHKey(_ name: String) async throws -> (String, String) {
        let path = fx.root + "/\(name)_ed25519"
        try await fx.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path])
        return (path, String(decoding: FileManager.default.contents(atPath: path + ".pub")!, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func gpgCommit(_ fpr: String, _ message: String) async throws -> String {
        try await fx.commit(repo.work, message, flags: ["-S"], config: ["gpg.program=gpg", "user.signingkey=\(fpr)"])
    }

    func sshCommit(_ key: String, _ message: String) async throws -> String {
        try await fx.commit(repo.work, message, flags: ["-S"], config: ["gpg.format=ssh", "user.signingkey=\(key)"])
    }

    @Test func openPGPSignedCommitIsVerifiedAndOthersAreNot() async throws {
        let (alice, alicePub) = try await makeGPGKey("alice")
        let (mallory, _) = try await makeGPGKey("mallory")
        let keys = SignatureVerifier.Keys(secret: ["alice.asc": alicePub])
        #expect(keys.openPGP.count == 1)

        let good = try await gpgCommit(alice, "signed by alice")
        let signers = try await verifier.verify([.commit(good)], repository: repo.work, keys: keys)
        #expect(signers == [alice])

        let bad = try await gpgCommit(mallory, "signed by mallory")
        await #expect(throws: SignatureVerifier.Failure.self) { try await verifier.verify([.commit(bad)], repository: repo.work, keys: keys) }
        do { _ = try await verifier.verify([.commit(bad)], repository: repo.work, keys: keys) } catch {
            #expect(error.kind == .badSignature)
            #expect(error.message.contains("unknown PGP key"), "\(error)")
        }

        let unsigned = try await fx.commit(repo.work, "unsigned")
        do {
            _ = try await verifier.verify([.commit(unsigned)], repository: repo.work, keys: keys)
            Issue.record("unsigned commit verified")
        } catch {
            #expect(error.kind == .unsigned)
        }
    }

    @Test func sshSignedCommitIsVerifiedAndAnUnknownSSHKeyIsRejected() async throws {
        let (trusted, trustedPub) = try await makeSSHKey("trusted")
        let (stranger, _) = try await makeSSHKey("stranger")
        let keys = SignatureVerifier.Keys(secret: ["dev.sshpub": Array((trustedPub + "\n").utf8)])
        #expect(keys.ssh.count == 1)

        let good = try await sshCommit(trusted, "ssh signed")
        let signers = try await verifier.verify([.commit(good)], repository: repo.work, keys: keys)
        #expect(signers.first?.hasPrefix("SHA256:") == true)

        // Git calls a good signature by a key outside the allowed signers "good, trust undefined".
        let bad = try await sshCommit(stranger, "ssh signed by a stranger")
        do {
            _ = try await verifier.verify([.commit(bad)], repository: repo.work, keys: keys)
            Issue.record("stranger's signature accepted")
        } catch {
            #expect(error.kind == .badSignature, "\(error)")
        }
    }

    @Test func signedTagsAndMixedKeys() async throws {
        let (alice, alicePub) = try await makeGPGKey("alice")
        let (_, sshPub) = try await makeSSHKey("other")
        let head = try await gpgCommit(alice, "release")
        try await fx.git(["-c", "gpg.program=gpg", "-c", "user.signingkey=\(alice)", "tag", "-s", "-m", "v3", "v3.0.0"], in: repo.work)
        try await fx.git(["tag", "-a", "-m", "unsigned", "v3.0.1"], in: repo.work)
        let keys = SignatureVerifier.Keys(secret: ["alice.asc": alicePub, "ci.sshpub": Array(sshPub.utf8)])
        let signers = try await verifier.verify([.tag("v3.0.0"), .commit(head)], repository: repo.work, keys: keys)
        #expect(signers == [alice, alice])
        do {
            _ = try await verifier.verify([.tag("v3.0.1")], repository: repo.work, keys: keys)
            Issue.record("unsigned tag verified")
        } catch {
            #expect(error.kind == .unsigned)
            #expect(error.message.contains("tag 'v3.0.1'"))
        }
    }

    @Test func noKeysIsAnError() async throws {
        let head = try await fx.commit(repo.work, "x")
        do {
            _ = try await verifier.verify([.commit(head)], repository: repo.work, keys: SignatureVerifier.Keys(secret: ["x": [1, 2]]))
            Issue.record("verified without keys")
        } catch {
            #expect(error.kind == .noKeys)
        }
    }
}
