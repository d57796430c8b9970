import Foundation
import Testing
@testable import SourceController

/// The git driver against bare repositories on the local filesystem (`file://`), made by the test.
@Suite struct GitDriverTests {
    let fx: GitFixture
    let repo: (work: String, bare: String, url: String)
    let driver: GitDriver
    var url: GitURL { try! GitURL(repo.url, allowFile: true) }

    init() async throws {
        fx = try GitFixture()
        repo = try await fx.makeRepository("app")
        driver = GitDriver(allowFileProtocol: true, temporaryDirectory: fx.root)
        try await fx.write(repo.work + "/deploy/app.yaml", "v: 1\n")
        try await fx.write(repo.work + "/docs/readme.md", "docs\n")
        try await fx.commit(repo.work, "first")
        try await fx.git(["tag", "v1.0.0"], in: repo.work)
        try await fx.write(repo.work + "/deploy/app.yaml", "v: 2\n")
        try await fx.commit(repo.work, "second")
        try await fx.git(["tag", "-a", "-m", "release 1.1", "v1.1.0"], in: repo.work)
        try await fx.git(["tag", "v2.0.0-rc.1"], in: repo.work)
        try await fx.push(repo.work, ["--all"])
        try await fx.push(repo.work, ["--tags"])
    }

    /// The deadline for git operations that must succeed (or fail for another reason than
    /// time): generous, because a loaded machine runs git slowly and these tests are about what
    /// git answers, not how fast. `slowGitTimesOut` tests the deadline itself.
    static let generous: Duration = .seconds(300)

    func head() async throws -> String { try await fx.git(["rev-parse", "HEAD"], in: repo.work) }

    func checkout(_ ref: GitReference, options: GitDriver.CheckoutOptions = .init()) async throws -> (GitDriver.Checkout, String) {
        let resolved = try await driver.resolve(url: url, auth: GitAuth(), reference: ref, timeout: Self.generous)
        let dir = fx.root + "/co-" + UUID().uuidString.prefix(6)
        let result = try await driver.checkout(url: url, auth: GitAuth(), ref: resolved, into: dir, options: options, timeout: Self.generous)
        return (result, dir)
    }

    func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func branchIsShallowAndNamedByRevision() async throws {
        let (co, dir) = try await checkout(.branch("master"))
        #expect(co.commit == (try await head()))
        #expect(co.resolved.revision == "master@sha1:\(try await head())")
        #expect(co.subject == "second")
        #expect(contents(dir + "/deploy/app.yaml") == "v: 2\n")
        #expect(try await fx.git(["rev-parse", "--is-shallow-repository"], in: dir) == "true")
    }

    @Test func movingTheBranchMovesTheRevision() async throws {
        let before = try await driver.resolve(url: url, auth: GitAuth(), reference: .branch("master"), timeout: Self.generous)
        try await fx.write(repo.work + "/deploy/app.yaml", "v: 3\n")
        let third = try await fx.commit(repo.work, "third")
        try await fx.push(repo.work, ["master"])
        let after = try await driver.resolve(url: url, auth: GitAuth(), reference: .branch("master"), timeout: Self.generous)
        #expect(before.commit != after.commit)
        #expect(after.revision == "master@sha1:\(third)")
    }

    @Test func tagsAnnotatedAndLightweight() async throws {
        let (light, dir) = try await checkout(.tag("v1.0.0"))
        #expect(contents(dir + "/deploy/app.yaml") == "v: 1\n")
        #expect(light.resolved.revision.hasPrefix("v1.0.0@sha1:"))
        #expect(light.resolved.tagObject == nil)
        let (annotated, dir2) = try await checkout(.tag("v1.1.0"))
        #expect(annotated.commit == (try await head()))
        #expect(annotated.resolved.tagObject != nil)
        // The tag object itself was fetched (needed to verify it).
        #expect(try await fx.git(["cat-file", "-t", "refs/tags/v1.1.0"], in: dir2) == "tag")
    }

    @Test func semverPicksTheHighestMatchingTag() async throws {
        let (co, _) = try await checkout(.semver("^1.0.0"))
        #expect(co.resolved.revision == "v1.1.0@sha1:\(try await head())")
        let (pre, _) = try await checkout(.semver(">=2.0.0-0"))
        #expect(pre.resolved.revision.hasPrefix("v2.0.0-rc.1@sha1:"))
    }

    @Test func commitsFullShortAndOnABranch() async throws {
        let first = try await fx.git(["rev-parse", "v1.0.0^{commit}"], in: repo.work)
        let (full, dir) = try await checkout(.commit(first, branch: nil))
        #expect(full.resolved.revision == "sha1:\(first)")
        #expect(contents(dir + "/deploy/app.yaml") == "v: 1\n")
        let (short, _) = try await checkout(.commit(String(first.prefix(10)), branch: nil))
        #expect(short.commit == first)
        let (onBranch, _) = try await checkout(.commit(first, branch: "master"))
        #expect(onBranch.resolved.revision == "master@sha1:\(first)")
    }

    @Test func commitInARepositoryWhoseHEADDangles() async throws {
        let first = try await fx.git(["rev-parse", "v1.0.0^{commit}"], in: repo.work)
        try await fx.git(["symbolic-ref", "HEAD", "refs/heads/gone"], in: repo.bare)
        let (co, _) = try await checkout(.commit(first, branch: nil))
        #expect(co.commit == first)
        let empty = try await fx.makeRepository("empty")
        for ref in [GitReference.commit(first, branch: nil), .branch("master"), .semver("*")] {
            do {
                _ = try await driver.resolve(url: try GitURL(empty.url, allowFile: true), auth: GitAuth(), reference: ref, timeout: Self.generous)
                Issue.record("empty repository resolved")
            } catch {
                #expect(error.kind == .emptyRepository, "\(ref)")
            }
        }
    }

    @Test func sha256Repositories() async throws {
        let bare = fx.root + "/sha256.git", work = fx.root + "/sha256"
        try await fx.run("git", ["-c", "init.defaultBranch=master", "init", "-q", "--bare", "--object-format=sha256", bare])
        try await fx.run("git", ["-c", "init.defaultBranch=master", "init", "-q", "--object-format=sha256", work])
        try await fx.write(work + "/a.yaml", "a\n")
        let commit = try await fx.commit(work, "sha256")
        try await fx.git(["push", "-q", bare, "master"], in: work)
        let url = try GitURL("file://" + bare, allowFile: true)
        let resolved = try await driver.resolve(url: url, auth: GitAuth(), reference: .branch("master"), timeout: Self.generous)
        #expect(resolved.revision == "master@sha256:\(commit)")
        let co = try await driver.checkout(url: url, auth: GitAuth(), ref: resolved, into: fx.root + "/co256", timeout: Self.generous)
        #expect(co.commit == commit)
    }

    @Test func commitNotOnTheBranchIsRefused() async throws {
        try await fx.git(["checkout", "-q", "-b", "side"], in: repo.work)
        let side = try await fx.commit(repo.work, "side only")
        try await fx.push(repo.work, ["side"])
        await #expect(throws: GitError.self) { _ = try await checkout(.commit(side, branch: "master")) }
        let (ok, _) = try await checkout(.commit(side, branch: "side"))
        #expect(ok.commit == side)
    }

    @Test func namedRef() async throws {
        try await fx.git(["push", "-q", "origin", "HEAD:refs/pull/7/head"], in: repo.work)
        let (co, _) = try await checkout(.name("refs/pull/7/head"))
        #expect(co.resolved.revision == "refs/pull/7/head@sha1:\(try await head())")
    }

    @Test func missingRefsAndRepositories() async throws {
        for ref in [GitReference.branch("nope"), .tag("v9.9.9"), .semver(">=5"), .name("refs/pull/999/head")] {
            do {
                _ = try await driver.resolve(url: url, auth: GitAuth(), reference: ref, timeout: Self.generous)
                Issue.record("\(ref) resolved")
            } catch {
                #expect(error.kind == .refNotFound, "\(ref): \(error)")
            }
        }
        do {
            _ = try await checkout(.commit(String(repeating: "1", count: 40), branch: nil))
            Issue.record("missing commit checked out")
        } catch let error as GitError {
            #expect(error.kind == .refNotFound, "\(error)")
        }
        let missing = try GitURL("file://" + fx.root + "/nothing.git", allowFile: true)
        do {
            _ = try await driver.lsRemote(url: missing, auth: GitAuth(), patterns: [], timeout: Self.generous)
            Issue.record("listed a missing repository")
        } catch {
            #expect(error.kind == .repositoryNotFound, "\(error)")
        }
    }

    @Test func sparseCheckoutAndMissingSparseDirectory() async throws {
        let (_, dir) = try await checkout(.branch("master"), options: .init(sparseCheckout: ["deploy"]))
        #expect(contents(dir + "/deploy/app.yaml") == "v: 2\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/docs/readme.md"))
        do {
            _ = try await checkout(.branch("master"), options: .init(sparseCheckout: ["nope"]))
            Issue.record("missing sparse dir accepted")
        } catch let error as GitError {
            #expect(error.kind == .sparseCheckoutPathMissing)
        }
    }

    @Test func submodulesWhenAsked() async throws {
        let sub = try await fx.makeRepository("lib")
        try await fx.write(sub.work + "/lib.yaml", "lib\n")
        try await fx.commit(sub.work, "lib")
        try await fx.push(sub.work)
        try await fx.git(["submodule", "-q", "add", sub.url, "vendor/lib"], in: repo.work)
        try await fx.commit(repo.work, "add submodule")
        try await fx.push(repo.work, ["master"])
        let (_, plain) = try await checkout(.branch("master"))
        #expect(!FileManager.default.fileExists(atPath: plain + "/vendor/lib/lib.yaml"))
        let (_, recursive) = try await checkout(.branch("master"), options: .init(recurseSubmodules: true))
        #expect(contents(recursive + "/vendor/lib/lib.yaml") == "lib\n")
    }

    @Test func credentialsNeverAppearInErrors() async throws {
        // Nothing listens on port 9; git reports the URL it tried.
        let remote = try GitURL("http://bob:Sup3rSecretPw@127.0.0.1:9/r.git")
        let auth = try GitAuth(url: remote, secret: ["username": Array("bob".utf8), "password": Array("An0therSecret".utf8)])
        do {
            _ = try await driver.lsRemote(url: remote, auth: auth, patterns: [], timeout: Self.generous)
            Issue.record("expected failure")
        } catch {
            #expect(error.kind == .unreachable, "\(error)")
            #expect(!error.message.contains("Sup3rSecretPw"))
            #expect(!error.message.contains("An0therSecret"))
        }
        let bearer = try GitAuth(url: GitURL("http://127.0.0.1:9/r.git"), secret: ["bearerToken": Array("TokenValue123".utf8)])
        do {
            _ = try await driver.lsRemote(url: try GitURL("http://127.0.0.1:9/r.git"), auth: bearer, patterns: [], timeout: Self.generous)
        } catch {
            #expect(!error.message.contains("TokenValue123"))
        }
    }

    @Test func sshNeverPrompts() async throws {
        let remote = try GitURL("ssh://git@127.0.0.1:9/r.git")
        let auth = try GitAuth(url: remote, secret: ["identity": Array("not a key\n".utf8), "known_hosts": Array("x ssh-ed25519 AAAA\n".utf8)])
        do {
            _ = try await driver.lsRemote(url: remote, auth: auth, patterns: [], timeout: Self.generous)
            Issue.record("expected failure")
        } catch {
            #expect(error.kind == .unreachable || error.kind == .authenticationFailed, "\(error)")
        }
    }

    @Test func slowGitTimesOut() async throws {
        let slow = fx.root + "/slow-git", finished = fx.root + "/slow-git-finished"
        // A git that takes 30 s and then leaves a mark: the mark exists only if it ran to the end.
        try await fx.write(slow, "#!/bin/sh\nsleep 30\ntouch '\(finished)'\n", executable: true)
        let slowDriver = GitDriver(git: slow, allowFileProtocol: true, temporaryDirectory: fx.root)
        do {
            _ = try await slowDriver.lsRemote(url: url, auth: GitAuth(), patterns: [], timeout: .seconds(1))
            Issue.record("expected a timeout")
        } catch {
            #expect(error.kind == .timeout)
        }
        // The child was killed rather than waited for (however slowly the machine got here).
        #expect(!FileManager.default.fileExists(atPath: finished), "the slow git ran to completion")
    }

    @Test func fileURLsNeedPermission() async throws {
        let strict = GitDriver(temporaryDirectory: fx.root)
        do {
            _ = try await strict.lsRemote(url: url, auth: GitAuth(), patterns: [], timeout: Self.generous)
            Issue.record("file:// allowed")
        } catch {
            #expect(error.kind == .invalidURL)
        }
    }

    @Test func sessionDirectoriesAreRemoved() async throws {
        _ = try await checkout(.branch("master"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fx.root).filter { $0.hasPrefix("ferry-git-") }
        #expect(leftovers.isEmpty)
    }
}
