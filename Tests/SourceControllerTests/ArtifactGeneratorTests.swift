import Archive
import FerryAPI
import Foundation
import Manifests
import Testing
@testable import SourceController

/// The ArtifactGenerator's copy builder against source-watcher's documented semantics: globs,
/// `to` with and without a trailing slash, exclude, and the Overwrite/Merge/Extract strategies.
@Suite struct ArtifactGeneratorTests {
    /// A temporary directory with `files` (path → contents) written below `root/<alias>`.
    final class Workspace {
        let root = NSTemporaryDirectory() + "ag-test-" + UUID().uuidString
        var sources: [String: String] = [:]

        init(_ trees: [String: [String: String]]) throws {
            for (alias, files) in trees {
                let dir = root + "/sources/" + alias
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                for (path, contents) in files { try Self.write(contents, to: dir + "/" + path) }
                sources[alias] = dir
            }
        }

        static func write(_ contents: String, to path: String) throws {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        }

        /// Stages `copy` as one artifact and returns the staged files (path → contents).
        func stage(_ copy: [CopyOperation], name: String = "out") throws -> [String: String] {
            let staging = root + "/staging-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            try ArtifactGeneratorBuild(sources: sources).stage(OutputArtifact(name: name, copy: copy), into: staging)
            return try Self.files(below: staging)
        }

        static func files(below dir: String) throws -> [String: String] {
            var out: [String: String] = [:]
            for case let path as String in FileManager.default.enumerator(atPath: dir)?.allObjects ?? [] {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    out[path] = try String(contentsOfFile: dir + "/" + path, encoding: .utf8)
                }
            }
            return out
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    static let monorepo: [String: String] = [
        "apps/a/kustomization.yaml": "resources: [deploy.yaml]\n",
        "apps/a/deploy.yaml": "kind: ConfigMap\n",
        "apps/a/nested/extra.yaml": "kind: Secret\n",
        "apps/a/README.md": "# a\n",
        "apps/b/deploy.yaml": "kind: Service\n",
        "top.yaml": "top: true\n",
    ]

    @Test func aDirectoryGlobCopiesWhatIsBelowItsPrefix() throws {
        let ws = try Workspace(["repo": Self.monorepo])
        let staged = try ws.stage([CopyOperation(from: "@repo/apps/a/**", to: "@artifact/")])
        #expect(staged == [
            "kustomization.yaml": "resources: [deploy.yaml]\n", "deploy.yaml": "kind: ConfigMap\n",
            "nested/extra.yaml": "kind: Secret\n", "README.md": "# a\n",
        ])
    }

    @Test func aDirectoryWithoutGlobIsCopiedUnderItsName() throws {
        let ws = try Workspace(["repo": Self.monorepo])
        let staged = try ws.stage([CopyOperation(from: "@repo/apps/b", to: "@artifact/deploy/")])
        #expect(staged == ["deploy/b/deploy.yaml": "kind: Service\n"])
    }

    @Test func aFileGoesToTheNamedPathOrIntoADirectoryWithATrailingSlash() throws {
        let ws = try Workspace(["repo": Self.monorepo])
        #expect(try ws.stage([CopyOperation(from: "@repo/top.yaml", to: "@artifact/renamed.yaml")]) == ["renamed.yaml": "top: true\n"])
        #expect(try ws.stage([CopyOperation(from: "@repo/top.yaml", to: "@artifact/dir/")]) == ["dir/top.yaml": "top: true\n"])
        // A destination an earlier operation made a directory is one too (cp-like).
        let staged = try ws.stage([
            CopyOperation(from: "@repo/apps/b/deploy.yaml", to: "@artifact/dir/"),
            CopyOperation(from: "@repo/top.yaml", to: "@artifact/dir"),
        ])
        #expect(staged == ["dir/deploy.yaml": "kind: Service\n", "dir/top.yaml": "top: true\n"])
    }

    @Test func otherGlobsKeepTheMatchedPath() throws {
        let ws = try Workspace(["repo": Self.monorepo])
        #expect(try ws.stage([CopyOperation(from: "@repo/apps/*/deploy.yaml", to: "@artifact/all/")]) == [
            "all/apps/a/deploy.yaml": "kind: ConfigMap\n", "all/apps/b/deploy.yaml": "kind: Service\n",
        ])
        // `**` crosses directories; a matched directory is copied whole.
        #expect(try ws.stage([CopyOperation(from: "@repo/apps/**/extra.yaml", to: "@artifact/")]) == ["apps/a/nested/extra.yaml": "kind: Secret\n"])
        #expect(try ws.stage([CopyOperation(from: "@repo/apps/*", to: "@artifact/")]).count == 5)
    }

    @Test func excludeDropsFilesByNameAndDirectoriesBelowTheSelection() throws {
        let ws = try Workspace(["repo": Self.monorepo])
        let staged = try ws.stage([CopyOperation(from: "@repo/apps/a/**", to: "@artifact/", exclude: ["*.md", "nested/**"])])
        #expect(staged == ["kustomization.yaml": "resources: [deploy.yaml]\n", "deploy.yaml": "kind: ConfigMap\n"])
        // A directory matched by a pattern is left out with all it holds.
        let withoutNested = try ws.stage([CopyOperation(from: "@repo/apps", to: "@artifact/", exclude: ["apps/a/nested"])])
        #expect(withoutNested["apps/a/nested/extra.yaml"] == nil && withoutNested["apps/a/deploy.yaml"] != nil)
    }

    @Test func overwriteReplacesAndMergeMergesValuesAsHelmDoes() throws {
        let ws = try Workspace(["chart": ["values.yaml": "image:\n  repository: app\n  tag: \"1.0\"\nports: [80, 443]\nreplicas: 1\n"],
                                "env": ["prod.yaml": "image:\n  tag: \"2.0\"\nports: [8080]\n"]])
        let overwritten = try ws.stage([CopyOperation(from: "@chart/values.yaml", to: "@artifact/values.yaml"),
                                        CopyOperation(from: "@env/prod.yaml", to: "@artifact/values.yaml")])
        #expect(overwritten == ["values.yaml": "image:\n  tag: \"2.0\"\nports: [8080]\n"])
        let merged = try ws.stage([CopyOperation(from: "@chart/values.yaml", to: "@artifact/values.yaml"),
                                   CopyOperation(from: "@env/prod.yaml", to: "@artifact/values.yaml", strategy: "Merge")])
        let values = try #require(merged["values.yaml"])
        let decoded = try Manifests.YAML.document(values)
        #expect(decoded[path: "image", "repository"]?.stringValue == "app")
        #expect(decoded[path: "image", "tag"]?.stringValue == "2.0")
        #expect(decoded["ports"]?.arrayValue?.count == 1)       // lists are replaced, not merged
        #expect(decoded["replicas"]?.intValue == 1)
    }

    @Test func mergeRefusesYAMLThatIsNotAMapping() throws {
        let ws = try Workspace(["a": ["v.yaml": "x: 1\n"], "b": ["v.yaml": "- 1\n- 2\n"]])
        #expect(throws: ArtifactGeneratorBuild.Failure.self) {
            try ws.stage([CopyOperation(from: "@a/v.yaml", to: "@artifact/v.yaml"),
                          CopyOperation(from: "@b/v.yaml", to: "@artifact/v.yaml", strategy: "Merge")])
        }
    }

    @Test func extractUnpacksTarballs() throws {
        let ws = try Workspace(["repo": ["readme.txt": "x"]])
        let tar = Tar.file(path: "podinfo/Chart.yaml", contents: Array("name: podinfo\n".utf8)) + Tar.trailer
        var gz: [UInt8] = []
        let writer = try GzipWriter { gz += $0 }
        try writer.write(tar)
        try writer.finish()
        let repo = try #require(ws.sources["repo"])
        try FileManager.default.createDirectory(atPath: repo + "/charts", withIntermediateDirectories: true)
        try Data(gz).write(to: URL(fileURLWithPath: repo + "/charts/podinfo-1.0.0.tgz"))
        #expect(try ws.stage([CopyOperation(from: "@repo/**/*.tgz", to: "@artifact/", strategy: "Extract")])
                == ["podinfo/Chart.yaml": "name: podinfo\n"])
        #expect(throws: ArtifactGeneratorBuild.Failure.self) {
            try ws.stage([CopyOperation(from: "@repo/readme.txt", to: "@artifact/", strategy: "Extract")])
        }
    }

    @Test(arguments: [
        CopyOperation(from: "@nope/x", to: "@artifact/"),                 // unknown alias
        CopyOperation(from: "@repo/missing.yaml", to: "@artifact/"),      // nothing there
        CopyOperation(from: "@repo/apps/*.json", to: "@artifact/"),       // no match
        CopyOperation(from: "@repo/apps/a/**", to: "@artifact/", exclude: ["**"]),  // everything excluded
        CopyOperation(from: "@repo/top.yaml", to: "@artifact/../escape"),  // leaves the artifact
        CopyOperation(from: "@repo/../etc/passwd", to: "@artifact/"),     // leaves the source
        CopyOperation(from: "@repo/top.yaml", to: "artifact/x"),          // not @artifact
        CopyOperation(from: "@repo/top.yaml", to: "@artifact/", strategy: "Append"),
        CopyOperation(from: "@repo/[ab", to: "@artifact/"),               // unclosed set
    ])
    func badOperationsFailNamingTheOperation(operation: CopyOperation) throws {
        let ws = try Workspace(["repo": Self.monorepo])
        do {
            _ = try ws.stage([operation])
            Issue.record("expected \(operation) to fail")
        } catch let failure as ArtifactGeneratorBuild.Failure {
            #expect(failure.description.contains("'\(operation.from)'"))
        }
    }

    /// The same files give the same archive, so an unchanged app keeps its revision; one changed
    /// byte gives a new digest.
    @Test func identicalContentArchivesToTheSameDigest() throws {
        let first = try Workspace(["repo": Self.monorepo])
        let second = try Workspace(["repo": Self.monorepo])
        func digest(_ ws: Workspace) throws -> String {
            let staging = ws.root + "/staging"
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            try ArtifactGeneratorBuild(sources: ws.sources).stage(OutputArtifact(name: "a", copy: [CopyOperation(from: "@repo/apps/a/**", to: "@artifact/")]),
                                                                  into: staging)
            return try Archiver.archive(directory: staging, to: ws.root + "/a.tar.gz", matcher: IgnoreMatcher(patterns: [])).digest
        }
        let one = try digest(first)
        #expect(try digest(second) == one)
        try Workspace.write("kind: Secret\ndata: {}\n", to: try #require(second.sources["repo"]) + "/apps/a/nested/extra.yaml")
        try FileManager.default.removeItem(atPath: second.root + "/staging")
        #expect(try digest(second) != one)
    }

    @Test(arguments: [
        ("apps/a/**", "apps/a/x.yaml", true), ("apps/a/**", "apps/a/d/x.yaml", true), ("apps/a/**", "apps/a", false),
        ("apps/*", "apps/a", true), ("apps/*", "apps/a/x", false), ("**/*.yaml", "x.yaml", true), ("**/*.yaml", "a/b/c.yaml", true),
        ("*.y?ml", "a.yaml", true), ("[ab].txt", "b.txt", true), ("[!ab].txt", "a.txt", false), ("a\\*", "a*", true),
        ("*a*b*c*", "xxaxxbxxcxx", true), ("*a*b*c*", String(repeating: "a", count: 2_000), false),
    ])
    func globs(pattern: String, path: String, matches: Bool) throws {
        #expect(try ArtifactGlob(pattern).matches(path) == matches)
    }
}
