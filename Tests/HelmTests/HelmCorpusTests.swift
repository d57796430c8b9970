import Foundation
import Testing
@testable import Helm

/// The differential acceptance test: every case of the Helm corpus (`../shared/corpus/helm`,
/// what `helm template` v3.15.4 printed) renders to the same bytes, or fails where Helm failed
/// with the same cause.
@Suite struct HelmCorpusTests {
    /// The agreement measured when this threshold was last raised (docs/helm-compatibility.md).
    static let threshold = 98.0

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var corpusDirectory: URL? {
        if let env = ProcessInfo.processInfo.environment["FERRY_HELM_CORPUS"], !env.isEmpty {
            return FileManager.default.fileExists(atPath: env) ? URL(fileURLWithPath: env) : nil
        }
        for root in [packageRoot, URL(fileURLWithPath: "/work/main")] {
            let candidate = root.appendingPathComponent("../shared/corpus/helm").standardizedFileURL
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// A case's flags (`case.json`) as template options.
    static func options(_ json: [String: Any], caseDir: URL) -> TemplateOptions {
        var o = TemplateOptions()
        o.releaseName = json["release"] as? String
        o.namespace = json["namespace"] as? String ?? "default"
        o.values.valueFiles = (json["valuesFiles"] as? [String] ?? []).map { caseDir.appendingPathComponent($0).path }
        o.values.set = json["set"] as? [String] ?? []
        o.values.setString = json["setString"] as? [String] ?? []
        o.values.setJSON = json["setJson"] as? [String] ?? []
        o.values.setFile = (json["setFile"] as? [String] ?? []).map { entry in
            guard let eq = entry.firstIndex(of: "=") else { return entry }
            let path = String(entry[entry.index(after: eq)...])
            return String(entry[..<eq]) + "=" + (path.hasPrefix("/") ? path : caseDir.appendingPathComponent(path).path)
        }
        o.values.setLiteral = json["setLiteral"] as? [String] ?? []
        o.kubeVersion = json["kubeVersion"] as? String
        o.apiVersions = json["apiVersions"] as? [String] ?? []
        o.includeCRDs = json["includeCrds"] as? Bool ?? false
        o.skipTests = json["skipTests"] as? Bool ?? false
        o.noHooks = json["noHooks"] as? Bool ?? false
        o.isUpgrade = json["isUpgrade"] as? Bool ?? false
        o.hideSecret = json["hideSecret"] as? Bool ?? false
        o.showOnly = json["showOnly"] as? [String] ?? []
        o.nameTemplate = json["nameTemplate"] as? String
        return o
    }

    struct Outcome {
        var agree = 0
        var total = 0
        var failures: [String] = []
    }

    /// An error's whole text without `Error: ` and surrounding whitespace: the cause, its
    /// location and Helm's hint must all agree.
    static func cause(_ text: String) -> String {
        var line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("Error: ") { line.removeFirst(7) }
        return line
    }

    static func run(_ directory: URL, only: String? = nil) throws -> Outcome {
        var outcome = Outcome()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        for name in names {
            if let only, !name.contains(only) { continue }
            let caseDir = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: caseDir.appendingPathComponent("case.json").path),
                  let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
            outcome.total += 1
            let expectedOut = try? String(contentsOf: caseDir.appendingPathComponent("expected.yaml"), encoding: .utf8)
            let expectedErr = try? String(contentsOf: caseDir.appendingPathComponent("expected-error.txt"), encoding: .utf8)
            let expectedWarn = (try? String(contentsOf: caseDir.appendingPathComponent("expected-stderr.txt"), encoding: .utf8)) ?? ""
            let result: Result<TemplateOutput, HelmError>
            do {
                result = .success(try Helm.template(chart: caseDir.appendingPathComponent("chart").path,
                                                    options: options(json, caseDir: caseDir)))
            } catch {
                result = .failure(error)
            }
            if let dump = ProcessInfo.processInfo.environment["FERRY_HELM_DUMP"] {
                let text: String
                switch result {
                case .success(let o): text = o.manifests
                case .failure(let e): text = "Error: " + e.message + "\n"
                }
                try? text.write(toFile: "\(dump)/\(name).out", atomically: true, encoding: .utf8)
            }
            switch (result, expectedOut, expectedErr) {
            case (.success(let o), let want?, _):
                let warnings = o.warnings.map { $0 + "\n" }.joined()
                if o.manifests == want && warnings == expectedWarn {
                    outcome.agree += 1
                } else if o.manifests != want {
                    outcome.failures.append("\(name): output differs")
                } else {
                    outcome.failures.append("\(name): stderr \(warnings.debugDescription) != \(expectedWarn.debugDescription)")
                }
            case (.failure(let e), _, let want?):
                if cause("Error: " + e.message) == cause(want) {
                    outcome.agree += 1
                } else {
                    outcome.failures.append("\(name): error \(cause(e.message).prefix(300)) != \(cause(want).prefix(300))")
                }
            case (.success, nil, _):
                outcome.failures.append("\(name): rendered, Helm failed")
            case (.failure(let e), nil, nil), (.failure(let e), _?, _):
                outcome.failures.append("\(name): failed, Helm rendered: \(e.message.prefix(300))")
            }
        }
        return outcome
    }

    @Test func corpusAgreement() throws {
        guard let corpus = Self.corpusDirectory else {
            Issue.record("Helm corpus not found ($FERRY_HELM_CORPUS, then ../shared/corpus/helm next to the package)")
            return
        }
        let outcome = try Self.run(corpus, only: ProcessInfo.processInfo.environment["FERRY_HELM_ONLY"])
        let pct = outcome.total == 0 ? 0 : Double(outcome.agree) / Double(outcome.total) * 100
        print("helm corpus: \(outcome.agree)/\(outcome.total) cases agree (\(String(format: "%.1f", pct))%)")
        for f in outcome.failures { print("  ✗ \(f)") }
        #expect(pct >= Self.threshold, "agreement \(pct)% fell below \(Self.threshold)%")
    }
}
