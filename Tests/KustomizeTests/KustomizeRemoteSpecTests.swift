import Testing
@testable import Kustomize

/// kustomize v5's reading of remote base URLs (`api/internal/git/repospec.go`), on URLs of
/// the shapes its own tests use, written anew.
@Suite struct KustomizeRemoteSpecTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var url: String
        var host: String
        var repo: String
        var path: String
        var ref = ""
        var timeout: Duration = .seconds(27)
        var submodules = true
        var testDescription: String { url }
    }

    static let rows: [Row] = [
        Row(url: "github.com/acme/platform//deploy/base?ref=v1.2.0", host: "https://github.com/", repo: "acme/platform",
            path: "deploy/base", ref: "v1.2.0"),
        Row(url: "https://github.com/acme/platform/deploy/overlay?ref=main", host: "https://github.com/", repo: "acme/platform",
            path: "deploy/overlay", ref: "main"),
        Row(url: "git@github.com:acme/platform.git//base?ref=release-2", host: "git@github.com:", repo: "acme/platform.git",
            path: "base", ref: "release-2"),
        Row(url: "ssh://git@github.com/acme/platform//base", host: "git@github.com:", repo: "acme/platform", path: "base"),
        Row(url: "ssh://git@git.example.net/team/app.git//deploy?ref=4c1d2e", host: "ssh://git@git.example.net/",
            repo: "team/app.git", path: "deploy", ref: "4c1d2e"),
        Row(url: "git::https://gitlab.example.net/team/app.git//k8s?ref=v2&timeout=90", host: "https://gitlab.example.net/",
            repo: "team/app.git", path: "k8s", ref: "v2", timeout: .seconds(90)),
        Row(url: "https://dev.azure.com/acme/infra/_git/manifests/apps/web?version=v3", host: "https://dev.azure.com/",
            repo: "acme/infra/_git/manifests", path: "apps/web", ref: "v3"),
        Row(url: "deploy@git.example.net:team/app.git/sub/dir?submodules=false&timeout=1m30s", host: "deploy@git.example.net:",
            repo: "team/app.git", path: "sub/dir", timeout: .seconds(90), submodules: false),
        Row(url: "http://127.0.0.1:8080/git/app.git//base?version=v1&ref=v2", host: "http://127.0.0.1:8080/", repo: "git/app.git",
            path: "base", ref: "v2"),
        Row(url: "https://git.example.net/team/app.git?timeout=0&submodules=maybe", host: "https://git.example.net/",
            repo: "team/app.git", path: ""),
        Row(url: "file:///srv/git/app.git//overlay", host: "file://", repo: "/srv/git/app.git", path: "overlay"),
    ]

    @Test(arguments: rows)
    func parsesAsKustomize(_ row: Row) throws {
        let spec = try RemoteSpec.parse(row.url)
        #expect(spec.host == row.host)
        #expect(spec.repoPath == row.repo)
        #expect(spec.path == row.path)
        #expect(spec.ref == row.ref)
        #expect(spec.timeout == row.timeout)
        #expect(spec.submodules == row.submodules)
        #expect(spec.cloneURL == row.host + row.repo)
    }

    @Test(arguments: [
        "git.example.net/team/app.git",              // no scheme, no user, not github.com
        "https://git.example.net/team/app.git//../../etc",
        "/srv/git/app.git",
        "github.com/acme",                             // no repository
    ])
    func refusesWhatKustomizeRefuses(_ url: String) {
        #expect(throws: RemoteSpec.ParseError.self) { try RemoteSpec.parse(url) }
    }

    @Test func credentialsAreMasked() {
        #expect(RemoteSpec.redact("https://bot:t0ken@git.example.net/a.git//b") == "https://bot:***@git.example.net/a.git//b")
        #expect(RemoteSpec.redact("https://t0ken@git.example.net/a.git") == "https://***@git.example.net/a.git")
        #expect(RemoteSpec.redact("ssh://git@git.example.net/a.git") == "ssh://git@git.example.net/a.git")
        #expect(RemoteSpec.redact("https://git.example.net/a.git") == "https://git.example.net/a.git")
    }

    @Test func entriesThatLookRemote() {
        for entry in ["github.com/a/b", "https://h/a.git", "git@h:a/b.git", "ssh://h/a", "git::https://h/a", "gh:a/b"] {
            #expect(RemoteSpec.looksRemote(entry), "\(entry)")
        }
        for entry in ["base", "../shared", "deploy.yaml", "./github", "dir/with@sign"] {
            #expect(!RemoteSpec.looksRemote(entry), "\(entry)")
        }
    }
}
