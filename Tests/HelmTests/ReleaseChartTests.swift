import GoTemplate
import Testing

@testable import Helm

/// A loaded chart into a release record and back: what Helm stores of a chart, and that the
/// stored chart loads and renders again (for `--reuse-values` upgrades and rollbacks).
@Suite struct ReleaseChartTests {
    static func load(_ files: [String: String]) throws -> Chart {
        var warnings: [String] = []
        let list = files.keys.sorted().map { ChartFile(name: $0, data: Array(files[$0, default: ""].utf8)) }
        return try ChartLoader.loadFiles(list, warnings: &warnings)
    }

    static let chartYAML = "apiVersion: v2\nname: demo\nversion: 0.1.0\ndescription: A demo & more\n"
    static let template = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}
        data:
          replicas: {{ .Values.replicas | quote }}
          ratio: {{ .Values.ratio | quote }}
          name: {{ .Values.name }}

        """

    @Test func storedChartLoadsAndRendersAsBefore() throws {
        let chart = try Self.load([
            "Chart.yaml": Self.chartYAML, "values.yaml": "replicas: 2\nratio: 0.5\nname: demo\n",
            "templates/cm.yaml": Self.template, "README.md": "# demo\n", "values.schema.json": "{\"type\":\"object\"}",
        ])
        var release = Release(name: "demo", namespace: "apps", version: 1, chart: StoredChart(chart),
                              config: GoMap(["replicas": .float(5)]))
        release.info?.status = .deployed
        let back = try ReleaseStorage.release(fromSecret: ReleaseStorage.secret(for: release))
        let stored = try #require(back.chart)
        #expect(stored.metadata == chart.metadata)
        #expect(stored.templates == chart.templates)
        #expect(stored.files.map(\.name) == ["README.md"])
        #expect(stored.schema == Array("{\"type\":\"object\"}".utf8))

        let reloaded = try stored.loadedChart()
        var options = TemplateOptions()
        options.releaseName = "demo"
        let userValues = try #require(back.config)
        let before = try Helm.template(loaded: chart, userValues: GoMap(["replicas": .float(5)]), options: options)
        let after = try Helm.template(loaded: reloaded, userValues: userValues, options: options)
        #expect(after.manifests == before.manifests)
        #expect(after.manifests.contains("replicas: \"5\""))
        #expect(after.manifests.contains("ratio: \"0.5\""))
    }

    @Test(arguments: [
        (nil, "null"),
        ("# only a comment\n", "null"),
        ("{}\n", "{}"),
        ("a: 1\n", #"{"a":1}"#),
    ] as [(String?, String)])
    func valuesAreNullOnlyWhereHelmsAreNil(valuesYAML: String?, expected: String) throws {
        var files = ["Chart.yaml": Self.chartYAML]
        if let valuesYAML { files["values.yaml"] = valuesYAML }
        let stored = StoredChart(try Self.load(files))
        let release = Release(name: "demo", namespace: "", version: 1, info: nil, chart: stored)
        let json = String(decoding: try release.jsonBytes(), as: UTF8.self)
        #expect(json.contains(#""values":\#(expected),"schema":null,"files":null}"#))
        #expect(json.contains(#""templates":null"#))
    }

    @Test func storedValuesAreACopy() throws {
        let chart = try Self.load(["Chart.yaml": Self.chartYAML, "values.yaml": "a: 1\n"])
        let stored = StoredChart(chart)
        chart.values["a"] = .float(2)
        #expect(stored.values?["a"].map { if case .float(1) = $0 { true } else { false } } == true)
    }

    @Test func aRecordWithoutUsableMetadataDoesNotLoad() {
        #expect(throws: HelmError.self) { try StoredChart(metadata: nil).loadedChart() }
        var metadata = ChartMetadata()
        metadata.name = "x"
        #expect(throws: HelmError("stored chart: validation: chart.metadata.apiVersion is required")) {
            try StoredChart(metadata: metadata).loadedChart()
        }
    }
}
