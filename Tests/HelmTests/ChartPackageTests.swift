import Foundation
import GoTemplate
import Testing
@testable import Helm

/// A chart directory on disk, as a Git source would hold it.
struct ChartDirectory {
    let root: String

    init(_ files: [String: String]) throws {
        root = NSTemporaryDirectory() + "ferry-package-" + UUID().uuidString
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    static let demo: [String: String] = [
        "Chart.yaml": """
        apiVersion: v2
        name: demo
        version: 1.2.3
        appVersion: "2.0"
        description: A demo chart
        maintainers:
        - name: Ops
          email: ops@example.com
        dependencies:
        - name: sub
          version: 0.1.0
          repository: file://charts/sub
        """,
        "values.yaml": "replicas: 1\nimage:\n  repository: nginx\n  tag: stable\n",
        "templates/deployment.yaml": "kind: Deployment\nreplicas: {{ .Values.replicas }}\n",
        "templates/_helpers.tpl": "{{- define \"demo.name\" -}}demo{{- end -}}\n",
        "files/config.txt": "setting=1\n",
        "README.md": "# demo\n",
        "secret/key": "do-not-ship\n",
        ".helmignore": "# docs stay out\n*.md\nsecret/\n",
        "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
        "charts/sub/values.yaml": "enabled: true\n",
        "charts/sub/templates/cm.yaml": "kind: ConfigMap\n",
    ]
}

@Suite struct ChartPackageTests {
    @Test func roundTripKeepsTheChart() throws {
        let dir = try ChartDirectory(ChartDirectory.demo)
        defer { dir.remove() }
        let original = try ChartLoader.load(path: dir.root)
        let package = try ChartPackage.package(directory: dir.root)
        #expect(package.fileName == "demo-1.2.3.tgz")
        let loaded = try ChartLoader.load(archive: package.archive)
        #expect(loaded.metadata == original.metadata)
        #expect(loaded.templates == original.templates)
        #expect(loaded.rawValues == original.rawValues)
        // Helm ships `.helmignore` itself; what it names stays out.
        #expect(loaded.files.map(\.name) == [".helmignore", "files/config.txt"])
        #expect(loaded.dependencies.map(\.name) == ["sub"])
        #expect(loaded.dependencies.first?.templates.map(\.name) == ["templates/cm.yaml"])
        guard case .bool(true)? = loaded.dependencies.first?.values["enabled"] else {
            Issue.record("the subchart's values did not survive packaging")
            return
        }
    }

    @Test func tarListsEntriesUnderTheChartName() throws {
        let dir = try ChartDirectory(ChartDirectory.demo)
        defer { dir.remove() }
        let package = try ChartPackage.package(directory: dir.root)
        let archive = dir.root + "/" + package.fileName
        try Data(package.archive).write(to: URL(fileURLWithPath: archive))
        let listing = try runTool("/usr/bin/env", ["tar", "-tzf", archive])
        #expect(listing == [
            "demo/Chart.yaml", "demo/values.yaml", "demo/templates/_helpers.tpl", "demo/templates/deployment.yaml",
            "demo/.helmignore", "demo/files/config.txt", "demo/charts/sub/Chart.yaml", "demo/charts/sub/values.yaml",
            "demo/charts/sub/templates/cm.yaml",
        ])
        let verbose = try runTool("/usr/bin/env", ["tar", "-tvzf", archive])
        #expect(verbose.allSatisfy { $0.hasPrefix("-rw-r--r-- 0/0") })
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let first = try ChartDirectory(ChartDirectory.demo)
        let second = try ChartDirectory(ChartDirectory.demo)
        defer { first.remove(); second.remove() }
        let a = try ChartPackage.package(directory: first.root)
        let b = try ChartPackage.package(directory: second.root)
        #expect(a.archive == b.archive)
        var changed = ChartDirectory.demo
        changed["values.yaml"] = "replicas: 2\n"
        let third = try ChartDirectory(changed)
        defer { third.remove() }
        #expect(try ChartPackage.package(directory: third.root).archive != a.archive)
    }

    @Test func chartYAMLIsRewrittenAsHelmMarshalsIt() throws {
        let dir = try ChartDirectory(ChartDirectory.demo)
        defer { dir.remove() }
        let package = try ChartPackage.package(directory: dir.root)
        let archive = dir.root + "/out.tgz"
        try Data(package.archive).write(to: URL(fileURLWithPath: archive))
        let chartYAML = try runTool("/usr/bin/env", ["tar", "-xzOf", archive, "demo/Chart.yaml"])
        #expect(chartYAML == [
            "apiVersion: v2", "appVersion: \"2.0\"", "dependencies:", "- name: sub", "  repository: file://charts/sub",
            "  version: 0.1.0", "description: A demo chart", "maintainers:", "- email: ops@example.com", "  name: Ops",
            "name: demo", "version: 1.2.3",
        ])
    }

    @Test func versionOverrideFollowsFluxsRevisionRule() throws {
        let dir = try ChartDirectory(ChartDirectory.demo)
        defer { dir.remove() }
        let metadata = ChartPackage.buildMetadata(fromRevision: "main@sha1:0123456789abcdef0123456789abcdef01234567")
        #expect(metadata == "0123456789ab")
        #expect(ChartPackage.buildMetadata(fromRevision: "sha256:fedcba9876543210fedcba") == "fedcba987654")
        #expect(ChartPackage.buildMetadata(fromRevision: "main/0011223344556677") == "001122334455")
        let version = try ChartPackage.version("v1.2", buildMetadata: metadata)
        #expect(version == "1.2.0+0123456789ab")
        #expect(try ChartPackage.version("1.2.3-rc.1+old", buildMetadata: "new") == "1.2.3-rc.1+new")
        #expect(try ChartPackage.version("1.2.3", buildMetadata: "") == "1.2.3")
        let package = try ChartPackage.package(directory: dir.root, options: .init(version: version))
        #expect(package.fileName == "demo-1.2.0+0123456789ab.tgz")
        #expect(try ChartLoader.load(archive: package.archive).metadata.version == "1.2.0+0123456789ab")
    }

    @Test func badVersionsFailWithFluxsAndHelmsText() throws {
        #expect(throws: HelmError("failed to parse version from chart metadata as SemVer: Invalid Semantic Version")) {
            try ChartPackage.version("one", buildMetadata: "abc")
        }
        #expect(throws: HelmError("failed to set SemVer metadata on chart version: Invalid Metadata string")) {
            try ChartPackage.version("1.0.0", buildMetadata: "a_b")
        }
        let dir = try ChartDirectory(ChartDirectory.demo)
        defer { dir.remove() }
        #expect(throws: HelmError("chart validation: validation: chart.metadata.version \"next\" is invalid")) {
            try ChartPackage.package(directory: dir.root, options: .init(version: "next"))
        }
    }

    @Test func mergedValuesFilesReplaceValuesYAML() throws {
        var files = ChartDirectory.demo
        files["envs/base.yaml"] = "replicas: 2\nimage:\n  tag: \"1.25\"\n  pullPolicy: Always\nports: [80, 443]\n"
        files["envs/prod.yaml"] = "replicas: 5\nimage:\n  pullPolicy: null\nports: [8443]\n"
        let dir = try ChartDirectory(files)
        defer { dir.remove() }
        let merged = try ValuesFilesMerge.merge(["envs/base.yaml", "envs/absent.yaml", "envs/prod.yaml"], ignoreMissing: true) { path throws(HelmError) in
            guard let data = FileManager.default.contents(atPath: dir.root + "/" + path) else { return .missing }
            return .file([UInt8](data))
        }
        #expect(merged.files == ["envs/base.yaml", "envs/prod.yaml"])
        let package = try ChartPackage.package(directory: dir.root, options: .init(values: merged.values))
        let chart = try ChartLoader.load(archive: package.archive)
        #expect(String(decoding: chart.rawValues, as: UTF8.self) == "image:\n  pullPolicy: null\n  tag: \"1.25\"\nports:\n- 8443\nreplicas: 5\n")
        // The chart's own values.yaml is not a layer: Flux writes only the merged files.
        #expect(chart.values["image"]?.mapValue?["repository"] == nil)
    }

    @Test func valuesFileErrorsUseFluxsText() throws {
        let read: (String) throws(HelmError) -> ValuesFilesMerge.Contents = { path in
            switch path {
            case "list.yaml": return .file(Array("- a\n".utf8))
            case "dir": return .notRegularFile
            default: return .missing
            }
        }
        #expect(throws: HelmError("no values file found at path '/envs/none.yaml' (reference './envs/none.yaml')")) {
            try ValuesFilesMerge.merge(["./envs/none.yaml"], read: read)
        }
        #expect(throws: HelmError("no values file found at path '/dir' (reference 'dir')")) {
            try ValuesFilesMerge.merge(["dir"], ignoreMissing: true, read: read)
        }
        #expect(throws: HelmError("unmarshaling values from 'list.yaml' failed: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}")) {
            try ValuesFilesMerge.merge(["list.yaml"], read: read)
        }
        let chart = Chart(metadata: { var m = ChartMetadata(); m.name = "x"; m.version = "1.0.0"; m.apiVersion = "v2"; return m }())
        #expect(throws: HelmError("failed to locate values file: values.yaml")) {
            try ChartPackage.package(chart, options: .init(values: GoMap(["a": .string("b")])))
        }
    }

    @Test func handBuiltChartsCannotClimbOutOfTheArchive() throws {
        var metadata = ChartMetadata()
        metadata.apiVersion = "v2"
        metadata.name = "x"
        metadata.version = "1.0.0"
        for name in ["../escape.yaml", "/etc/passwd", "templates/../../x", "templates//a.yaml"] {
            let chart = Chart(metadata: metadata, templates: [ChartFile(name: name, data: [])])
            #expect(throws: HelmError("chart file \"\(name)\" is not a clean path inside the chart")) { try ChartPackage.package(chart) }
        }
        metadata.name = ".."
        #expect(throws: HelmError("chart name \"..\" cannot name an archive directory")) { try ChartPackage.package(Chart(metadata: metadata)) }
    }

    @Test func mergeMapsIsDeepAndLaterWins() {
        let a = GoMap(["keep": .string("a"), "nested": .dict(["x": .integer(1), "deep": .dict(["p": .integer(1)])]), "swap": .dict(["m": .integer(1)])])
        let b = GoMap(["nested": .dict(["y": .integer(2), "deep": .dict(["q": .integer(2)])]), "swap": .string("scalar")])
        let out = ValuesFilesMerge.mergeMaps(a, b)
        #expect(out["keep"]?.stringValue == "a")
        #expect(out["nested"]?.mapValue?.sortedKeys == ["deep", "x", "y"])
        #expect(out["nested"]?.mapValue?["deep"]?.mapValue?.sortedKeys == ["p", "q"])
        #expect(out["swap"]?.stringValue == "scalar")
        #expect(a["nested"]?.mapValue?.sortedKeys == ["deep", "x"])
    }
}

/// Runs a command and returns its output lines.
func runTool(_ tool: String, _ arguments: [String]) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}
