import FerryAPI
import Testing
@testable import SourceController

@Suite struct GitReferenceTests {
    static let a = String(repeating: "a", count: 40)
    static let b = String(repeating: "b", count: 40)
    static let c = String(repeating: "c", count: 40)
    static let t = String(repeating: "d", count: 40)

    static let listing = """
        \(a)\trefs/heads/master
        \(b)\trefs/heads/main
        \(c)\trefs/tags/v1.0.0
        \(t)\trefs/tags/v1.1.0
        \(a)\trefs/tags/v1.1.0^{}
        \(b)\trefs/tags/v2.0.0-rc.1
        \(c)\trefs/pull/7/head
        \(b)\trefs/tags/latest
        """

    @Test(arguments: [
        (GitRepositoryRef(), GitReference.branch("master")),
        (GitRepositoryRef(branch: "main"), .branch("main")),
        (GitRepositoryRef(branch: "main", tag: "v1"), .tag("v1")),
        (GitRepositoryRef(branch: "main", tag: "v1", semver: "^1"), .semver("^1")),
        (GitRepositoryRef(tag: "v1", semver: "^1", name: "refs/pull/7/head"), .name("refs/pull/7/head")),
        (GitRepositoryRef(branch: "main", name: "refs/x", commit: "ABC"), .commit("abc", branch: "main")),
        (GitRepositoryRef(branch: "", tag: ""), .branch("master")),
    ])
    func precedence(ref: GitRepositoryRef, expected: GitReference) {
        #expect(GitReference(ref) == expected)
    }

    @Test(arguments: [
        (GitReference.branch("main"), "main@sha1:\(b)"),
        (.branch("master"), "master@sha1:\(a)"),
        (.tag("v1.0.0"), "v1.0.0@sha1:\(c)"),
        (.tag("v1.1.0"), "v1.1.0@sha1:\(a)"),         // annotated: peeled to the commit
        (.semver("^1.0"), "v1.1.0@sha1:\(a)"),        // highest 1.x, pre-release excluded
        (.semver(">=2.0.0-0"), "v2.0.0-rc.1@sha1:\(b)"),
        (.name("refs/pull/7/head"), "refs/pull/7/head@sha1:\(c)"),
        (.commit(a, branch: "main"), "main@sha1:\(a)"),
        (.commit(a, branch: nil), "sha1:\(a)"),
    ])
    func resolution(reference: GitReference, revision: String) throws {
        let resolved = try reference.resolve(in: RemoteRefs(lsRemoteOutput: Self.listing))
        #expect(resolved.revision == revision)
    }

    @Test func annotatedTagKeepsItsObject() throws {
        let resolved = try GitReference.tag("v1.1.0").resolve(in: RemoteRefs(lsRemoteOutput: Self.listing))
        #expect(resolved.tagObject == Self.t)
        #expect(resolved.tagName == "v1.1.0")
        #expect(resolved.commit == Self.a)
        let lightweight = try GitReference.tag("v1.0.0").resolve(in: RemoteRefs(lsRemoteOutput: Self.listing))
        #expect(lightweight.tagObject == nil)
    }

    @Test(arguments: [
        (GitReference.branch("nope"), RefResolutionError.notFound(.branch("nope"))),
        (.tag("v9"), .notFound(.tag("v9"))),
        (.semver("^5"), .noMatchingTag("^5")),
        (.semver("not a range"), .invalidSemver("not a range")),
        (.commit(a, branch: "gone"), .notFound(.branch("gone"))),
    ])
    func missingRefs(reference: GitReference, error: RefResolutionError) {
        #expect(throws: error) { try reference.resolve(in: RemoteRefs(lsRemoteOutput: Self.listing)) }
    }

    @Test(arguments: [
        ("main@sha1:\(a)", a), ("sha1:\(a)", a), ("main/\(a)", a), (a, a), ("refs/pull/1/head@sha1:\(b)", b), ("main@", nil),
    ])
    func commitOfRevision(revision: String, commit: String?) {
        #expect(Revision.commit(of: revision) == commit)
    }

    @Test func legacyRevisionsCompareByCommit() {
        #expect(Revision.same("main/\(Self.a)", "main@sha1:\(Self.a)"))
        #expect(!Revision.same("main@sha1:\(Self.a)", "dev@sha1:\(Self.a)"))
    }

    @Test func shallowOnlyForNamedRefs() throws {
        let refs = RemoteRefs(lsRemoteOutput: Self.listing)
        #expect(try GitReference.branch("main").resolve(in: refs).allowsShallowFetch)
        #expect(try !GitReference.commit(Self.a, branch: nil).resolve(in: refs).allowsShallowFetch)
    }
}
