import FerryAPI
import Testing
@testable import SourceController

/// The pure decisions of the reconciler: when the stored artifact is still good, and the conditions it ends with.
@Suite struct ReconcileDecisionTests {
    static let commit = String(repeating: "a", count: 40)
    static func artifact(_ revision: String, digest: String = "sha256:1") -> Artifact {
        Artifact(path: "p", url: "u", revision: revision, digest: digest, lastUpdateTime: "t", size: 1)
    }

    @Test(arguments: [
        (GitReference.branch("main"), "main@sha1:\(commit)", true),
        (.branch("main"), "dev@sha1:\(commit)", false),
        (.branch("main"), "main/\(commit)", true),                       // Flux's legacy format
        (.commit(String(commit.prefix(7)), branch: nil), "sha1:\(commit)", true),
        (.commit(String(commit.prefix(7)), branch: "main"), "main@sha1:\(commit)", true),
        (.commit("bbbbbbb", branch: nil), "sha1:\(commit)", false),
    ])
    func artifactMatchesTheResolvedRef(reference: GitReference, stored: String, matches: Bool) {
        let resolved: ResolvedRef
        switch reference {
        case .commit(let c, let b): resolved = ResolvedRef(reference: reference, refName: b.map { "refs/heads/\($0)" }, commit: c, tagObject: nil)
        default: resolved = ResolvedRef(reference: reference, refName: "refs/heads/main", commit: Self.commit, tagObject: nil)
        }
        #expect(GitRepositoryReconciler.artifactMatches(Self.artifact(stored), resolved) == matches)
    }

    static let include = GitRepositoryInclude(repository: LocalObjectReference(name: "base"), toPath: "vendor")
    static let base = GitRepositorySpec(url: "https://h/r", include: [include])
    static let observed = GitRepositoryStatus(includedArtifacts: [artifact("main@sha1:\(commit)")], observedInclude: [include])

    @Test func unchangedConfigurationIsNotAChange() {
        #expect(!GitRepositoryReconciler.contentConfigChanged(spec: Self.base, status: Self.observed, includes: [Self.artifact("main@sha1:\(Self.commit)")]))
    }

    @Test(arguments: [
        "ignore", "submodules", "sparse", "include", "includedRevision", "includedDigest", "verifyNew", "verifyMoreThanBefore",
    ])
    func changes(what: String) {
        var spec = Self.base
        var status = Self.observed
        var includes = [Self.artifact("main@sha1:\(Self.commit)")]
        switch what {
        case "ignore": spec.ignore = "*.md"
        case "submodules": spec.recurseSubmodules = true
        case "sparse": spec.sparseCheckout = ["deploy"]
        case "include": spec.include = [GitRepositoryInclude(repository: LocalObjectReference(name: "base"), toPath: "elsewhere")]
        case "includedRevision": includes = [Self.artifact("main@sha1:" + String(repeating: "b", count: 40))]
        case "includedDigest": includes = [Self.artifact("main@sha1:\(Self.commit)", digest: "sha256:2")]
        case "verifyNew": spec.verify = GitRepositoryVerification(mode: "HEAD", secretRef: LocalObjectReference(name: "k"))
        case "verifyMoreThanBefore":
            spec.verify = GitRepositoryVerification(mode: "TagAndHEAD", secretRef: LocalObjectReference(name: "k"))
            status.sourceVerificationMode = "HEAD"
        default: break
        }
        #expect(GitRepositoryReconciler.contentConfigChanged(spec: spec, status: status, includes: includes), "\(what)")
    }

    @Test func verificationAlreadyDoneIsNotAChange() {
        var spec = Self.base
        var status = Self.observed
        spec.verify = GitRepositoryVerification(mode: "head", secretRef: LocalObjectReference(name: "k"))
        status.sourceVerificationMode = "HEAD"
        #expect(!GitRepositoryReconciler.contentConfigChanged(spec: spec, status: status, includes: [Self.artifact("main@sha1:\(Self.commit)")]))
    }
}
