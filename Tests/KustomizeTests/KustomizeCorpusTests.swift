import Foundation
import Testing
@testable import Kustomize

/// The differential acceptance test: every run of every case in the kustomize corpus
/// (`../shared/corpus/kustomize`, answers recorded from `kubectl kustomize` v5.5.0) must
/// print the same bytes, or fail where the oracle failed.
@Suite struct KustomizeCorpusTests {
    /// The agreement measured when this threshold was last raised (see docs/kustomize-compatibility.md).
    static let threshold = 99.8

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var corpusDirectory: URL? {
        if let env = ProcessInfo.processInfo.environment["FERRY_KUSTOMIZE_CORPUS"], !env.isEmpty {
            return FileManager.default.fileExists(atPath: env) ? URL(fileURLWithPath: env) : nil
        }
        let candidate = packageRoot.appendingPathComponent("../shared/corpus/kustomize").standardizedFileURL
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }

    struct Outcome {
        var agree = 0
        var total = 0
        var failures: [String] = []
    }

    static func options(_ flags: [String]) -> Kustomize.Options {
        var o = Kustomize.Options()
        var i = 0
        while i < flags.count {
            switch flags[i] {
            case "--reorder":
                o.reorder = flags[i + 1] == "none" ? Kustomize.Reorder.none : .legacy; i += 1
            case "--load-restrictor":
                o.loadRestrictor = flags[i + 1] == "LoadRestrictionsNone" ? .none : .rootOnly; i += 1
            case "--enable-alpha-plugins": o.enableAlphaPlugins = true
            case "--enable-managedby-label": o.enableManagedByLabel = true
            default: break
            }
            i += 1
        }
        return o
    }

    /// Runs every case below `directory` (a corpus or the project's own fixtures).
    static func run(_ directory: URL, only: String? = nil) throws -> Outcome {
        var outcome = Outcome()
        let cases = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        for name in cases {
            if let only, !name.contains(only) { continue }
            let caseDir = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: caseDir.appendingPathComponent("case.json").path),
                  let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let runs = json["runs"] as? [[String: Any]] else { continue }
            let root = caseDir.appendingPathComponent("fs").appendingPathComponent(json["root"] as? String ?? ".").path
            for (n, run) in runs.enumerated() {
                outcome.total += 1
                let flags = run["flags"] as? [String] ?? []
                var result: String
                do {
                    result = try Kustomize.buildYAML(directory: root, options: options(flags))
                } catch {
                    result = "ERROR: \(error)"
                }
                if let dump = ProcessInfo.processInfo.environment["FERRY_KUSTOMIZE_DUMP"] {
                    try? result.write(toFile: "\(dump)/\(name)#\(n + 1).yaml", atomically: true, encoding: .utf8)
                }
                if let out = run["output"] as? String {
                    let expected = (try? String(contentsOf: caseDir.appendingPathComponent(out), encoding: .utf8)) ?? ""
                    if result == expected { outcome.agree += 1 } else { outcome.failures.append("\(name)#\(n + 1): \(result.prefix(200))") }
                } else if result.hasPrefix("ERROR: ") {
                    outcome.agree += 1
                } else {
                    outcome.failures.append("\(name)#\(n + 1): expected an error")
                }
            }
        }
        return outcome
    }

    @Test func corpusAgreement() throws {
        guard let corpus = Self.corpusDirectory else {
            print("kustomize corpus: not found (looked at $FERRY_KUSTOMIZE_CORPUS, then ../shared/corpus/kustomize next to the package); only the project's own cases run")
            return
        }
        let outcome = try Self.run(corpus, only: ProcessInfo.processInfo.environment["FERRY_KUSTOMIZE_ONLY"])
        let pct = outcome.total == 0 ? 0 : Double(outcome.agree) / Double(outcome.total) * 100
        print("kustomize corpus: \(outcome.agree)/\(outcome.total) runs agree (\(String(format: "%.1f", pct))%)")
        if let report = ProcessInfo.processInfo.environment["FERRY_KUSTOMIZE_REPORT"] {
            try outcome.failures.joined(separator: "\n").write(toFile: report, atomically: true, encoding: .utf8)
        }
        #expect(pct >= Self.threshold, "agreement \(pct)% fell below \(Self.threshold)%")
    }

    @Test func projectFixtures() throws {
        let fixtures = Self.packageRoot.appendingPathComponent("Tests/KustomizeTests/Fixtures")
        guard FileManager.default.fileExists(atPath: fixtures.path) else { return }
        let outcome = try Self.run(fixtures)
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
    }
}
