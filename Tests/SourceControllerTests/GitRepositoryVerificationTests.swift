import FerryAPI
import Foundation
import Testing
@testable import SourceController

/// `spec.verify` through the reconciler: a revision that is not signed by a key in the Secret is never published.
@Suite struct GitRepositoryVerificationTests {
    let fx: GitFixture
    let repo: (work: String, bare: String, url: String)
    let storage: ArtifactStorage
    let sshKey: String
    let sshPub: String

    init() async throws {
        fx = try GitFixture()
        repo = try await fx.makeRepository("signed")
        storage = ArtifactStorage(root: fx.root + "/storage", advertisedAddress: "localhost")
        sshKey = fx.root + "/dev_ed25519"
        try await fx.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "dev", "-f", sshKey])
        sshPub = String(decoding: FileManager.default.contents(atPath: sshKey + ".pub")!, as: UTF8.self)
        try await fx.write(repo.work + "/app.yaml", "a\n")
    }

    func reconciler() -> GitRepositoryReconciler {
        GitRepositoryReconciler(storage: storage, driver: GitDriver(allowFileProtocol: true, temporaryDirectory: fx.root),
                                verifier: SignatureVerifier(temporaryDirectory: fx.root),
                                secrets: InMemorySecrets(["default/keys": ["dev.sshpub": sshPub]]),
                                includes: InMemoryArtifacts(artifacts: [:]), workDirectory: fx.root)
    }

    func object(_ spec: GitRepositorySpec, status: GitRepositoryStatus? = nil) -> GitRepository {
        GitRepository(metadata: ObjectMetadata(name: "signed", namespace: "default", generation: 1), spec: spec, status: status)
    }

    func signedCommit(_ message: String) async throws -> String {
        try await fx.commit(repo.work, message, flags: ["-S"], config: ["gpg.format=ssh", "user.signingkey=\(sshKey)"])
    }

    @Test func signedHeadIsPublishedUnsignedIsNot() async throws {
        let signed = try await signedCommit("signed")
        try await fx.push(repo.work)
        let spec = GitRepositorySpec(url: repo.url, verify: GitRepositoryVerification(mode: "HEAD", secretRef: LocalObjectReference(name: "keys")))
        let r = reconciler()
        let good = await r.reconcile(object(spec))
        #expect(good.status.artifact?.revision == "master@sha1:\(signed)")
        #expect(good.status.condition("SourceVerified")?.status == "True")
        #expect(good.status.condition("SourceVerified")?.message.contains("commit '\(signed)' with key 'SHA256:") == true)
        #expect(good.status.sourceVerificationMode == "HEAD")

        try await fx.write(repo.work + "/app.yaml", "b\n")
        try await fx.commit(repo.work, "unsigned")
        try await fx.push(repo.work)
        let bad = await r.reconcile(object(spec, status: good.status))
        #expect(bad.status.artifact == good.status.artifact)
        #expect(bad.status.condition("SourceVerified")?.status == "False")
        #expect(bad.status.condition("SourceVerified")?.reason == "InvalidCommitSignature")
        #expect(bad.status.condition("Ready")?.status == "False")
    }

    @Test func tagModeNeedsASignedTag() async throws {
        _ = try await signedCommit("release")
        try await fx.git(["tag", "-a", "-m", "unsigned tag", "v1.0.0"], in: repo.work)
        try await fx.git(["-c", "gpg.format=ssh", "-c", "user.signingkey=\(sshKey)", "tag", "-s", "-m", "signed tag", "v1.0.1"], in: repo.work)
        try await fx.push(repo.work, ["--all"])
        try await fx.push(repo.work, ["--tags"])
        let verify = GitRepositoryVerification(mode: "TagAndHEAD", secretRef: LocalObjectReference(name: "keys"))
        let r = reconciler()
        let unsignedTag = await r.reconcile(object(GitRepositorySpec(url: repo.url, ref: GitRepositoryRef(tag: "v1.0.0"), verify: verify)))
        #expect(unsignedTag.status.artifact == nil)
        #expect(unsignedTag.status.condition("SourceVerified")?.reason == "InvalidTagSignature")
        let signedTag = await r.reconcile(object(GitRepositorySpec(url: repo.url, ref: GitRepositoryRef(semver: "~1.0"), verify: verify)))
        #expect(signedTag.status.artifact?.revision.hasPrefix("v1.0.1@sha1:") == true)
        #expect(signedTag.status.sourceVerificationMode == "TagAndHEAD")

        let onBranch = await r.reconcile(object(GitRepositorySpec(url: repo.url, verify: GitRepositoryVerification(
            mode: "Tag", secretRef: LocalObjectReference(name: "keys")))))
        guard case .failed(let error) = onBranch.outcome else { Issue.record("\(onBranch.outcome)"); return }
        #expect(error.kind == .stalled)
        #expect(onBranch.status.condition("SourceVerified")?.reason == "InvalidVerificationMode")
    }
}
