import Foundation
import GoTemplate
import Testing
@testable import Helm

/// Reading the Helm corpus (`../shared/corpus/helm`): a case's chart directory, its
/// `case.json` flags, and what Helm printed.
enum LoaderCorpus {
    static let root = "/work/shared/corpus/helm"

    static func chart(_ name: String) -> String { root + "/" + name + "/chart" }

    /// The text Helm printed after `Error: ` (first line only).
    static func expectedError(_ name: String) -> String? {
        guard let text = try? String(contentsOfFile: root + "/" + name + "/expected-error.txt", encoding: .utf8) else { return nil }
        let first = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
    }

    static func expectedStderr(_ name: String) -> [String] {
        guard let text = try? String(contentsOfFile: root + "/" + name + "/expected-stderr.txt", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    /// The chart paths (`root/charts/sub`) that Helm rendered templates from.
    static func renderedCharts(_ name: String) -> Set<String> {
        guard let text = try? String(contentsOfFile: root + "/" + name + "/expected.yaml", encoding: .utf8) else { return [] }
        var out = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("# Source: ") {
            let path = line.dropFirst("# Source: ".count)
            if let range = path.range(of: "/templates/", options: .backwards) { out.insert(String(path[..<range.lowerBound])) }
        }
        return out
    }

    static func options(_ name: String) -> ValuesOptions {
        guard let data = FileManager.default.contents(atPath: root + "/" + name + "/case.json"),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return ValuesOptions() }
        func strings(_ key: String) -> [String] { json[key] as? [String] ?? [] }
        return ValuesOptions(valueFiles: strings("valuesFiles"), set: strings("set"), setString: strings("setString"),
                             setJSON: strings("setJson"), setFile: strings("setFile"), setLiteral: strings("setLiteral"))
    }

    static func caseDirectory(_ name: String) -> String { root + "/" + name }
}

@Suite struct ChartLoaderTests {
    @Test func loadsChartWithSubchartsAndTemplateNames() throws {
        let chart = try ChartLoader.load(path: LoaderCorpus.chart("syn-subchart-values"))
        #expect(!chart.name.isEmpty)
        #expect(chart.isRoot)
        #expect(!chart.dependencies.isEmpty)
        for sub in chart.dependencies {
            #expect(sub.parent === chart)
            #expect(sub.chartFullPath == chart.name + "/charts/" + sub.name)
            #expect(sub.chartPath == chart.name + "." + sub.name)
        }
        #expect(chart.templates.allSatisfy { $0.name.hasPrefix("templates/") })
        #expect(!chart.raw.isEmpty)
    }

    @Test(arguments: ["helm-chart-bad-requirements", "helm-chart-bad-type", "helm-chart-with-bad-subcharts",
                      "helm-upgradetest", "helm-lib-chart"])
    func refusesBadChartsWithHelmsText(_ name: String) throws {
        let expected = try #require(LoaderCorpus.expectedError(name))
        #expect(throws: HelmError(expected)) { try ChartLoader.load(path: LoaderCorpus.chart(name)) }
    }

    @Test func metadataDecodesAsSigsYAML() throws {
        let dir = try TemporaryChart(files: [
            "Chart.yaml": "apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: 1.0\nkeywords: [a, 2, true]\nAnnotations:\n  note: 5\nunknown: x\ndeprecated: true\n",
            "templates/a.yaml": "a: 1\n",
        ])
        let chart = try ChartLoader.load(path: dir.path)
        #expect(chart.metadata.appVersion == "1")
        #expect(chart.metadata.keywords == ["a", "2", "true"])
        #expect(chart.metadata.annotations == ["note": "5"])
        #expect(chart.metadata.deprecated)
        #expect(chart.metadata.type == "")
    }

    @Test func metadataTypeErrorsReadAsGoDecoder() throws {
        let dir = try TemporaryChart(files: ["Chart.yaml": "apiVersion: v2\nname: [x]\nversion: 1.0.0\n"])
        #expect(throws: HelmError("cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field Metadata.name of type string")) {
            try ChartLoader.load(path: dir.path)
        }
    }

    @Test func validationFollowsHelmOrder() throws {
        let cases: [(String, String)] = [
            ("name: x\n", "validation: chart.metadata.version is required"),
            ("name: x\nversion: one\n", "validation: chart.metadata.version \"one\" is invalid"),
            // %q escapes what Go does not print (a soft hyphen here), as strconv.Quote does.
            ("name: x\nversion: \"one\\u00ad\"\n", "validation: chart.metadata.version \"one\\u00ad\" is invalid"),
            ("name: a/b\nversion: 1.0.0\n", "validation: chart.metadata.name \"a/b\" is invalid"),
            ("name: x\nversion: 1.0.0\ndependencies:\n- name: d\n  alias: bad.alias\n",
             "validation: dependency \"d\" has disallowed characters in the alias"),
            ("name: x\nversion: 1.0.0\ndependencies:\n- name: d\n- name: d\n",
             "validation: more than one dependency with name or alias \"d\""),
        ]
        for (yaml, message) in cases {
            let dir = try TemporaryChart(files: ["Chart.yaml": "apiVersion: v2\n" + yaml])
            #expect(throws: HelmError(message)) { try ChartLoader.load(path: dir.path) }
        }
    }

    @Test func helmignoreAndDefaultsLeaveFilesOut() throws {
        let dir = try TemporaryChart(files: [
            "Chart.yaml": "apiVersion: v2\nname: ign\nversion: 0.1.0\n",
            ".helmignore": "# comment\n*.bak\nsecret/\n/top.txt\n",
            "templates/cm.yaml": "x",
            "templates/.hidden.yaml": "x",
            "files/a.txt": "a",
            "files/a.txt.bak": "b",
            "secret/key": "k",
            "top.txt": "t",
            "files/top.txt": "kept",
        ])
        let chart = try ChartLoader.load(path: dir.path)
        #expect(chart.templates.map(\.name) == ["templates/cm.yaml"])
        #expect(chart.files.map(\.name) == [".helmignore", "files/a.txt", "files/top.txt"])
    }

    @Test func helmignoreRefusesDoubleStar() throws {
        let dir = try TemporaryChart(files: ["Chart.yaml": "apiVersion: v2\nname: x\nversion: 0.1.0\n", ".helmignore": "a/**/b\n"])
        #expect(throws: HelmError("double-star (**) syntax is not supported")) { try ChartLoader.load(path: dir.path) }
    }

    @Test func loadsArchivedSubcharts() throws {
        let chart = try ChartLoader.load(path: LoaderCorpus.chart("helm-chart-with-template-lib-archive-dep"))
        #expect(!chart.dependencies.isEmpty)
        #expect(chart.dependencies.allSatisfy { !$0.templates.isEmpty || !$0.files.isEmpty })
    }

    @Test func refusesNonArchives() throws {
        let dir = try TemporaryChart(files: ["x.tgz": "not gzip at all\n"])
        #expect(throws: HelmError("file '\(dir.path)/x.tgz' does not appear to be a gzipped archive; got 'text/plain; charset=utf-8'")) {
            try ChartLoader.load(path: dir.path + "/x.tgz")
        }
    }

    @Test func rangesMatchMastermindsSemver() {
        let cases: [(String, String, Bool)] = [
            ("0.2.0", "0.2.0", true), ("^1.2", "1.9.0", true), ("^1.2", "2.0.0", false), ("~1.2.3", "1.2.9", true),
            ("~1.2.3", "1.3.0", false), (">=1.0 <2.0", "1.5.0", true), ("1.x", "1.4.0", true), ("1.x", "2.0.0", false),
            ("1.0.0 - 2.0.0", "1.5.0", true), ("<1 || >=3", "3.1.0", true), (">=1.0.0", "1.0.0-beta", false),
            ("*", "4.5.6", true), ("bogus", "1.0.0", false),
            // semver v3.2.1 validates each `||` part first, and an empty part is an improper constraint.
            ("", "1.0.0", false),
        ]
        for (range, version, expected) in cases {
            #expect(ChartVersionRange.isCompatible(range: range, version: version) == expected, "\(range) vs \(version)")
        }
    }
}

/// A chart directory under the temporary directory, removed when the value goes away.
final class TemporaryChart {
    let path: String

    init(files: [String: String]) throws {
        path = NSTemporaryDirectory() + "ferry-chart-" + UUID().uuidString
        for (name, text) in files {
            let full = path + "/" + name
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
