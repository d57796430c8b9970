import Foundation
import GoTemplate
import Testing
@testable import Helm

/// What `helm template` does before rendering: user values merged, dependencies checked and
/// processed, values coalesced.
struct PreparedCase {
    let chart: Chart
    let values: GoMap
    let warnings: [String]

    init(_ name: String) throws {
        let chart = try ChartLoader.load(path: LoaderCorpus.chart(name))
        let user = try LoaderCorpus.options(name).merge(baseDirectory: LoaderCorpus.caseDirectory(name))
        try Dependencies.check(chart)
        var warnings: [String] = []
        try Dependencies.process(chart, userValues: user, warnings: &warnings)
        values = try Values.coalesce(chart: chart, userValues: user, warnings: &warnings)
        self.chart = chart
        self.warnings = warnings
    }

    /// Full paths of the charts whose templates would be rendered (library charts only lend
    /// their defines).
    var renderedCharts: Set<String> {
        var out = Set<String>()
        func visit(_ c: Chart) {
            if !c.isLibrary && c.templates.contains(where: { !ChartMetadata.baseName($0.name).hasPrefix("_") }) {
                out.insert(c.chartFullPath)
            }
            c.dependencies.forEach(visit)
        }
        visit(chart)
        return out
    }
}

/// A compact, key-sorted JSON-like text of a value, for comparing with what templates printed.
func canonical(_ value: GoValue?) -> String {
    switch value {
    case nil, .missing?, .null?: return "null"
    case .bool(let b)?: return b ? "true" : "false"
    case .int(let i, _)?: return String(i)
    case .uint(let u, _)?: return String(u)
    case .float(let d)?: return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    case .string(let s)?: return "\"" + s + "\""
    case .list(let l)?: return "[" + l.items.map { canonical($0) }.joined(separator: ",") + "]"
    case .map(let m)?: return "{" + m.sortedKeys.map { "\"\($0)\":" + canonical(m[$0]) }.joined(separator: ",") + "}"
    default: return "?"
    }
}

@Suite struct DependenciesTests {
    @Test(arguments: ["helm-chart-missing-deps", "helm-issue-7233", "syn-missing-dependency"])
    func missingSubchartsFailAsHelmTemplate(_ name: String) throws {
        let expected = try #require(LoaderCorpus.expectedError(name))
        let chart = try ChartLoader.load(path: LoaderCorpus.chart(name))
        #expect(throws: HelmError(expected)) { try Dependencies.check(chart) }
    }

    @Test(arguments: ["syn-dependency-alias", "syn-dependency-conditions-tags", "syn-dependency-conditions-tags-toggled",
                      "syn-subchart-values", "syn-global-values", "helm-subchart", "syn-library-chart-dependency"])
    func rendersTheSubchartsHelmRendered(_ name: String) throws {
        let prepared = try PreparedCase(name)
        #expect(prepared.renderedCharts == LoaderCorpus.renderedCharts(name))
    }

    @Test func nonBoolConditionWarnsAsHelm() throws {
        let name = "syn-subchart-condition-on-parent-value-type-error"
        let prepared = try PreparedCase(name)
        #expect(prepared.warnings == LoaderCorpus.expectedStderr(name))
        #expect(prepared.renderedCharts == LoaderCorpus.renderedCharts(name))
    }

    @Test func aliasesRenameCopiesOfOneSubchart() throws {
        let prepared = try PreparedCase("syn-dependency-alias")
        #expect(Set(prepared.chart.dependencies.map(\.name)) == ["fast", "slow"])
        #expect(prepared.chart.metadata.dependencies.compactMap { $0?.name } == ["fast", "slow"])
        #expect(prepared.values["fast"]?.mapValue != nil)
        #expect(prepared.values["slow"]?.mapValue != nil)
    }

    @Test func importValuesLandBelowParentValues() throws {
        let prepared = try PreparedCase("syn-import-values")
        // Rendered by Helm as {"x":1} and {"host":"db.local","port":1111}.
        #expect(canonical(prepared.values["exportedThing"]) == "{\"x\":1}")
        #expect(canonical(prepared.values["database"]) == "{\"host\":\"db.local\",\"port\":1111}")
    }

    @Test func importValuesWarnWhenTheChildTableIsMissing() throws {
        let dir = try TemporaryChart(files: [
            "Chart.yaml": "apiVersion: v2\nname: p\nversion: 0.1.0\ndependencies:\n- name: c\n  version: 0.1.0\n  import-values:\n  - nothere\n  - child: a.b\n    parent: x\n",
            "charts/c/Chart.yaml": "apiVersion: v2\nname: c\nversion: 0.1.0\n",
            "charts/c/values.yaml": "a: 1\n",
        ])
        let chart = try ChartLoader.load(path: dir.path)
        var warnings: [String] = []
        try Dependencies.process(chart, userValues: GoMap(), warnings: &warnings)
        #expect(warnings == [
            "dependencies.go:285: Warning: ImportValues missing table: \"exports\" is not a table",
            "dependencies.go:268: Warning: ImportValues missing table from chart c: \"a\" is not a table",
        ])
    }

    @Test func libraryChartsAreNotInstallable() throws {
        let dir = try TemporaryChart(files: ["Chart.yaml": "apiVersion: v2\nname: lib\nversion: 0.1.0\ntype: library\n"])
        let chart = try ChartLoader.load(path: dir.path)
        #expect(throws: HelmError("library charts are not installable")) { try Dependencies.checkInstallable(chart) }
    }
}
