import ChildProcess
import FerryTesting
import Foundation
import Testing

/// `ferry kustomize` against the real `kubectl kustomize` (kustomize v5.5) on the same trees
/// with the same flags: same bytes on stdout, and failure where kubectl fails.
@Suite struct KustomizeCommandTests {
    static var fixtures: String { LocalControlPlane.packageRoot + "/Tests/KustomizeTests/Fixtures" }

    /// Every fixture with a `case.json`, and every real-world tree (`realworld/<case>`, a
    /// kustomization at its root).
    static func cases() throws -> [String] {
        let files = FileManager.default
        let fixtures = try files.contentsOfDirectory(atPath: fixtures).filter { files.fileExists(atPath: "\(Self.fixtures)/\($0)/case.json") }
        let realWorld = try files.contentsOfDirectory(atPath: Self.fixtures + "/realworld").map { "realworld/" + $0 }
        return (fixtures + realWorld).sorted()
    }

    func root(_ name: String) throws -> String {
        if name.hasPrefix("realworld/") { return "\(Self.fixtures)/\(name)" }
        let data = try #require(FileManager.default.contents(atPath: "\(Self.fixtures)/\(name)/case.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return "\(Self.fixtures)/\(name)/fs/\(json["root"] as? String ?? ".")"
    }

    @Test(arguments: try cases())
    func sameOutputAsKubectl(name: String) async throws {
        let dir = try root(name)
        for flags in [[], ["--reorder", "none"], ["--enable-managedby-label"]] {
            let ours = try await FerryCLI.run(["kustomize", dir] + flags)
            let theirs = try await ChildProcess.run("kubectl", ["kustomize", dir] + flags)
            #expect(ours.status == 0 ? theirs.status == 0 : theirs.status != 0, "\(name) \(flags): \(ours.stderr) vs \(theirs.stderrText)")
            #expect(ours.stdout == theirs.stdoutText, "\(name) \(flags)")
        }
    }

    @Test func brokenKustomizationFailsWithOneClearError() async throws {
        let dir = NSTemporaryDirectory() + "broken-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "resources:\n- missing.yaml\n".write(toFile: dir + "/kustomization.yaml", atomically: true, encoding: .utf8)
        let ours = try await FerryCLI.run(["kustomize", dir])
        let theirs = try await ChildProcess.run("kubectl", ["kustomize", dir])
        #expect(ours.status == 1 && theirs.status != 0)
        #expect(ours.stdout.isEmpty)
        #expect(ours.stderr.hasPrefix("✗ ") && ours.stderr.contains("missing.yaml"), "\(ours.stderr)")
    }

    @Test func outputFileFlag() async throws {
        let dir = try root(try Self.cases().first ?? "")
        let out = NSTemporaryDirectory() + "kout-" + UUID().uuidString + ".yaml"
        let ours = try await FerryCLI.run(["kustomize", dir, "-o", out])
        #expect(ours.status == 0)
        let theirs = try await ChildProcess.run("kubectl", ["kustomize", dir])
        #expect(try String(contentsOfFile: out, encoding: .utf8) == theirs.stdoutText)
    }
}
