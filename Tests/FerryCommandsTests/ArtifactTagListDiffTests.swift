import Archive
import ChildProcess
import FerryTesting
import Foundation
import OCI
import Testing

/// `ferry tag artifact`, `list artifacts`, `diff artifact` and `build artifact` against a real
/// registry, with flux's output and exit codes.
@Suite struct ArtifactTagListDiffTests {
    typealias Support = ArtifactTestSupport

    @Test func tagsKeepTheDigestAndListShowsSourceAndRevision() async throws {
        let registry = try await RegistryFixture.shared()
        let source = try Support.temporaryDirectory("artifact-src")
        defer { try? FileManager.default.removeItem(atPath: source) }
        try Support.write(["app.yaml": "kind: ConfigMap\n"], under: source)
        let repository = "\(registry.host)/\(registry.uniquePath("tags"))/app"
        for (tag, revision) in [("1.0.0", "v1.0.0@sha1:aaaa"), ("2.0.0", "v2.0.0@sha1:bbbb")] {
            try Support.write(["app.yaml": "kind: ConfigMap # \(tag)\n"], under: source)
            let push = try await FerryCLI.run(["push", "artifact", "oci://\(repository):\(tag)", "--path", source,
                                               "--source", "https://git.example/app.git", "--revision", revision])
            try #require(push.status == 0, "\(push.stderr)")
        }
        let tag = try await FerryCLI.run(["tag", "artifact", "oci://\(repository):2.0.0", "--tag", "latest", "--tag", "stable"])
        try #require(tag.status == 0, "\(tag.stderr)")
        #expect(tag.stdout.contains("✔ artifact tagged as \(repository):latest"))
        #expect(tag.stdout.contains("✔ artifact tagged as \(repository):stable"))

        // skopeo reads the same manifest under the three tags.
        let digests = try await withThrowingTaskGroup(of: String.self) { group in
            for tag in ["2.0.0", "latest", "stable"] {
                group.addTask {
                    // The digest of the manifest bytes exactly as skopeo received them.
                    let output = try await Support.skopeo(["inspect", "--raw", "--tls-verify=false", "docker://\(repository):\(tag)"])
                    return output.status == 0 ? OCIClient.digest(output.stdout) : "skopeo failed: \(output.stderrText)"
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(digests.count == 1 && digests.first?.hasPrefix("sha256:") == true, "\(digests)")
        let digest = try #require(digests.first)

        let list = try await FerryCLI.run(["list", "artifacts", "oci://\(repository)"])
        try #require(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(lines.first == ["ARTIFACT", "DIGEST", "SOURCE", "REVISION"])
        #expect(lines.dropFirst().map { $0.first ?? "" } == ["\(repository):stable", "\(repository):latest",
                                                             "\(repository):2.0.0", "\(repository):1.0.0"])
        #expect(lines.dropFirst().first == ["\(repository):stable", digest, "https://git.example/app.git", "v2.0.0@sha1:bbbb"])
        #expect(lines.last?.last == "v1.0.0@sha1:aaaa")

        let semver = try await FerryCLI.run(["list", "artifacts", "oci://\(repository)", "--filter-semver", ">=1.5.0"])
        #expect(semver.stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != " " }) } == ["\(repository):2.0.0"])
        let regex = try await FerryCLI.run(["list", "artifacts", "oci://\(repository)", "--filter-regex", "^(latest|1\\.)"])
        #expect(regex.stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != " " }) }
                == ["\(repository):latest", "\(repository):1.0.0"])
    }

    @Test func diffExitsZeroWhenTheSameAndOneWhenDifferent() async throws {
        let registry = try await RegistryFixture.shared()
        let source = try Support.temporaryDirectory("artifact-src")
        defer { try? FileManager.default.removeItem(atPath: source) }
        try Support.write(Support.sampleTree, under: source)
        let url = "oci://\(registry.host)/\(registry.uniquePath("diff"))/app:v1"
        let push = try await FerryCLI.run(["push", "artifact", url, "--path", source, "--source", "s", "--revision", "r"])
        try #require(push.status == 0, "\(push.stderr)")

        // Touching files (new mtimes) changes nothing: the layer is reproducible.
        for path in Support.sampleTree.keys { _ = utimes(source + "/" + path, nil) }
        let same = try await FerryCLI.run(["diff", "artifact", url, "--path", source])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout.contains("✔ no changes detected"))
        // A file that is ignored changes nothing either.
        try Support.write(["other.draft": "ignored\n"], under: source)
        #expect(try await FerryCLI.run(["diff", "artifact", url, "--path", source]).status == 0)

        try Support.write(["deploy/app.yaml": "kind: ConfigMap # changed\n"], under: source)
        let changed = try await FerryCLI.run(["diff", "artifact", url, "--path", source])
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("✗ the remote artifact contents differs from the local one"), "\(changed.stderr)")

        let missing = try await FerryCLI.run(["diff", "artifact", url.replacingOccurrences(of: ":v1", with: ":v9"), "--path", source])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("not found"), "\(missing.stderr)")
    }

    /// `--reproducible`: the created annotation is the epoch, so the same content pushed twice
    /// has one manifest digest; `--path -` pushes standard input as `stdin.yaml`.
    @Test func reproduciblePushesFromStandardInput() async throws {
        let registry = try await RegistryFixture.shared()
        let url = "oci://\(registry.host)/\(registry.uniquePath("repro"))/app"
        var digests: [String] = []
        for tag in ["a", "b"] {
            let push = try await ChildProcess.run(FerryCLI.executable, ["push", "artifact", "\(url):\(tag)", "--path", "-", "--source", "s",
                                                                        "--revision", "r", "--reproducible", "-o", "json"],
                                                  input: Array("kind: ConfigMap\n\n".utf8))
            try #require(push.status == 0, "\(push.stderrText)")
            let info = try #require(try JSONSerialization.jsonObject(with: Data(push.stdout)) as? [String: String])
            digests.append(try #require(info["digest"]))
        }
        #expect(digests[0] == digests[1])
        let manifest = try await Support.manifest("\(url.dropFirst(6)):a")
        #expect((manifest["annotations"] as? [String: String])?["org.opencontainers.image.created"] == "1970-01-01T00:00:00Z")

        let out = try Support.temporaryDirectory("artifact-stdin")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let pull = try await FerryCLI.run(["pull", "artifact", "\(url):a", "--output", out])
        try #require(pull.status == 0, "\(pull.stderr)")
        #expect(Support.files(under: out) == ["stdin.yaml": "kind: ConfigMap"])
    }

    @Test func buildIsReproducibleAndHonoursIgnoreRules() async throws {
        let source = try Support.temporaryDirectory("artifact-src")
        defer { try? FileManager.default.removeItem(atPath: source) }
        try Support.write(Support.sampleTree, under: source)
        let first = try await FerryCLI.run(["build", "artifact", "--path", source, "--output", source + "/../first.tgz"])
        try #require(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("✔ artifact created at \(source)/../first.tgz"))
        for path in Support.sampleTree.keys { _ = utimes(source + "/" + path, nil) }
        let second = try await FerryCLI.run(["build", "artifact", "--path", source, "--output", source + "/../second.tgz"])
        try #require(second.status == 0, "\(second.stderr)")
        let a = try #require(FileManager.default.contents(atPath: source + "/../first.tgz"))
        let b = try #require(FileManager.default.contents(atPath: source + "/../second.tgz"))
        defer { for name in ["first", "second", "single"] { try? FileManager.default.removeItem(atPath: source + "/../\(name).tgz") } }
        #expect(a == b)

        let entries = try TarReader.entries(Gunzip.decompress([UInt8](a)))
        #expect(entries.map(\.path) == [".sourceignore", "README.md", "deploy/app.yaml", "deploy/nested/service.yaml"])
        // GNU tar's view: owner 0/0 and the epoch for every entry.
        let listing = try await Support.run("/bin/tar", ["--numeric-owner", "--full-time", "-tvzf", source + "/../first.tgz"])
        for line in listing.stdoutText.split(separator: "\n") {
            #expect(line.contains(" 0/0 ") && line.contains("1970-01-01 00:00:00"), "\(line)")
        }

        // --ignore-paths replaces flux's default list: the png comes in, README.md goes.
        let custom = try await FerryCLI.run(["build", "artifact", "--path", source, "--output", source + "/../second.tgz",
                                             "--ignore-paths", "README.md"])
        try #require(custom.status == 0, "\(custom.stderr)")
        let customEntries = try TarReader.entries(Gunzip.decompress([UInt8](try #require(FileManager.default.contents(atPath: source + "/../second.tgz")))))
        #expect(customEntries.map(\.path) == [".sourceignore", "deploy/app.yaml", "deploy/nested/service.yaml", "logo.png"])

        // An output inside the tree is not archived into itself.
        let inside = try await FerryCLI.run(["build", "artifact", "--path", source, "--output", source + "/artifact.tgz"])
        try #require(inside.status == 0, "\(inside.stderr)")
        let insideEntries = try TarReader.entries(Gunzip.decompress([UInt8](try #require(FileManager.default.contents(atPath: source + "/artifact.tgz")))))
        #expect(insideEntries.map(\.path) == entries.map(\.path))

        // A single file is archived under its own name.
        let single = try await FerryCLI.run(["build", "artifact", "--path", source + "/deploy/app.yaml", "--output", source + "/../single.tgz"])
        try #require(single.status == 0, "\(single.stderr)")
        let singleEntries = try TarReader.entries(Gunzip.decompress([UInt8](try #require(FileManager.default.contents(atPath: source + "/../single.tgz")))))
        #expect(singleEntries.map(\.path) == ["app.yaml"])
    }
}
