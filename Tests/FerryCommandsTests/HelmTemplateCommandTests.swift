import ChildProcess
import FerryTesting
import Foundation
import Testing

/// `ferry helm template` against what `helm template` v3.15.4 printed for every case of the
/// Helm corpus (`../shared/corpus/helm`), through the command line: the same flags give the
/// same bytes on stdout and the same warnings on stderr; a failing chart prints Helm's
/// `Error: …` and exits with status 1.
@Suite struct HelmTemplateCommandTests {
    static var corpus: String {
        ProcessInfo.processInfo.environment["FERRY_HELM_CORPUS"].flatMap { $0.isEmpty ? nil : $0 }
            ?? URL(fileURLWithPath: LocalControlPlane.packageRoot + "/../shared/corpus/helm").standardizedFileURL.path
    }

    static func cases() -> [String] {
        let files = FileManager.default
        let names = (try? files.contentsOfDirectory(atPath: corpus)) ?? []
        return names.filter { files.fileExists(atPath: "\(corpus)/\($0)/case.json") }.sorted()
    }

    /// `helm template`'s command line for a case.
    static func arguments(_ name: String) throws -> [String] {
        let dir = "\(corpus)/\(name)"
        let data = try #require(FileManager.default.contents(atPath: dir + "/case.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var args = ["helm", "template"]
        if let release = json["release"] as? String { args.append(release) }
        args.append(dir + "/chart")
        args += ["-n", json["namespace"] as? String ?? "default"]
        for file in json["valuesFiles"] as? [String] ?? [] { args += ["-f", dir + "/" + file] }
        for (key, flag) in [("set", "--set"), ("setString", "--set-string"), ("setJson", "--set-json"),
                            ("setLiteral", "--set-literal"), ("apiVersions", "--api-versions"), ("showOnly", "--show-only")] {
            for value in json[key] as? [String] ?? [] { args += [flag, value] }
        }
        for entry in json["setFile"] as? [String] ?? [] {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            args += ["--set-file", parts.count == 2 && !parts[1].hasPrefix("/") ? parts[0] + "=" + dir + "/" + parts[1] : entry]
        }
        if let kube = json["kubeVersion"] as? String { args += ["--kube-version", kube] }
        if let nameTemplate = json["nameTemplate"] as? String { args += ["--name-template", nameTemplate] }
        for (key, flag) in [("includeCrds", "--include-crds"), ("skipTests", "--skip-tests"), ("noHooks", "--no-hooks"),
                            ("isUpgrade", "--is-upgrade"), ("hideSecret", "--hide-secret")] where json[key] as? Bool == true {
            args.append(flag)
        }
        return args
    }

    @Test func corpusIsPresent() {
        #expect(Self.cases().count >= 100, "the Helm corpus was not found at \(Self.corpus)")
    }

    @Test(arguments: cases())
    func sameOutputAsHelm(name: String) async throws {
        let dir = "\(Self.corpus)/\(name)"
        let result = try await FerryCLI.run(try Self.arguments(name))
        if let expected = try? String(contentsOfFile: dir + "/expected.yaml", encoding: .utf8) {
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stdout == expected, "\(name)")
            let warnings = (try? String(contentsOfFile: dir + "/expected-stderr.txt", encoding: .utf8)) ?? ""
            #expect(result.stderr == warnings, "\(name)")
        } else {
            let expected = try String(contentsOfFile: dir + "/expected-error.txt", encoding: .utf8)
            #expect(result.status == 1, "\(name)")
            #expect(result.stdout.isEmpty, "\(name)")
            #expect(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                    == expected.trimmingCharacters(in: .whitespacesAndNewlines), "\(name)")
        }
    }

    @Test func oneArgumentIsTheChartAndTheReleaseIsCalledReleaseName() async throws {
        let dir = NSTemporaryDirectory() + "helm-cli-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/templates", withIntermediateDirectories: true)
        try "apiVersion: v2\nname: one\nversion: 0.1.0\n".write(toFile: dir + "/Chart.yaml", atomically: true, encoding: .utf8)
        try "kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-{{ .Release.Namespace }}\n"
            .write(toFile: dir + "/templates/cm.yaml", atomically: true, encoding: .utf8)
        let result = try await FerryCLI.run(["helm", "template", dir])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "---\n# Source: one/templates/cm.yaml\nkind: ConfigMap\nmetadata:\n  name: release-name-default\n")
        let missing = try await FerryCLI.run(["helm", "template", dir + "/nope"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("Error: "))
    }
    /// `ferry helm template` is parsed as its own command first (FerryMain's fast path): what a
    /// user sees must not change — help and usage name the whole command, a refused flag reads as
    /// before, and Flux-style `--flag=true` Boolean syntax still works.
    @Test func theFastPathReadsLikeTheFullCommand() async throws {
        let dir = NSTemporaryDirectory() + "helm-cli-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/templates", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/crds", withIntermediateDirectories: true)
        try "apiVersion: v2\nname: one\nversion: 0.1.0\n".write(toFile: dir + "/Chart.yaml", atomically: true, encoding: .utf8)
        try "kind: ConfigMap\nmetadata:\n  name: cm\n".write(toFile: dir + "/templates/cm.yaml", atomically: true, encoding: .utf8)
        try "kind: CustomResourceDefinition\nmetadata:\n  name: crd\n".write(toFile: dir + "/crds/crd.yaml", atomically: true, encoding: .utf8)

        let help = try await FerryCLI.run(["helm", "template", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: ferry helm template"), "\(help.stdout)")
        let unknown = try await FerryCLI.run(["helm", "template", "--no-such-flag", dir])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("Unknown option '--no-such-flag'") && unknown.stderr.contains("ferry helm template"), "\(unknown.stderr)")
        let withCRDs = try await FerryCLI.run(["helm", "template", "x", dir, "--include-crds=true"])
        #expect(withCRDs.status == 0, "\(withCRDs.stderr)")
        #expect(withCRDs.stdout.contains("# Source: one/crds/crd.yaml") && withCRDs.stdout.contains("# Source: one/templates/cm.yaml"))
        let withoutCRDs = try await FerryCLI.run(["helm", "template", "x", dir, "--include-crds=false"])
        #expect(withoutCRDs.status == 0, "\(withoutCRDs.stderr)")
        #expect(!withoutCRDs.stdout.contains("crd.yaml"))
    }
}
