import Foundation
import GoTemplate
import Manifests
import Testing
@testable import Helm

/// Every values-schema case of the Helm corpus (`../shared/corpus/helm`, Helm v3.15.4's
/// answers): the chart's schema and values read from the case, the case's `--set` flags
/// applied by hand, each chart validated with its own slice of the values as Helm does, and
/// the assembled message compared with Helm's stderr byte for byte.
@Suite struct SchemaCorpusTests {
    static var corpus: URL? {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for candidate in [root.appendingPathComponent("../shared/corpus/helm").standardizedFileURL,
                          URL(fileURLWithPath: "/work/shared/corpus/helm")]
        where FileManager.default.fileExists(atPath: candidate.path) {
            return candidate
        }
        return nil
    }

    static func read(_ caseName: String, _ path: String) throws -> String {
        let corpus = try #require(corpus)
        return try String(contentsOf: corpus.appendingPathComponent(caseName).appendingPathComponent(path), encoding: .utf8)
    }

    /// A values file as Helm holds it: every number a float64.
    static func values(_ caseName: String, _ path: String) throws -> GoMap {
        let text = try read(caseName, path)
        let document = try YAML.documents(text).first ?? .null
        return goValue(document).mapValue ?? GoMap()
    }

    static func goValue(_ json: JSONValue) -> GoValue {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .float(Double(i))
        case .double(let d): return .float(d)
        case .string(let s): return .string(s)
        case .array(let items): return .array(items.map(goValue))
        case .object(let members):
            var entries: [String: GoValue] = [:]
            for (key, value) in members { entries[key] = goValue(value) }
            return .dict(entries)
        }
    }

    /// Helm's error as the CLI prints it, or nil when every chart conforms.
    static func stderr(_ charts: [(name: String, schema: String, values: GoValue)]) throws -> String? {
        var reports: [(chartName: String, errors: [String])] = []
        for chart in charts {
            let schema = try ValuesSchema(json: chart.schema)
            reports.append((chart.name, schema.validate(chart.values)))
        }
        return ValuesSchema.message(perChart: reports).map { "Error: " + $0 + "\n" }
    }

    static func expected(_ caseName: String) throws -> String? {
        let corpus = try #require(corpus)
        let path = corpus.appendingPathComponent(caseName).appendingPathComponent("expected-error.txt")
        guard FileManager.default.fileExists(atPath: path.path) else { return nil }
        return try String(contentsOf: path, encoding: .utf8)
    }

    @Test(arguments: ["helm-chart-with-schema", "helm-chart-with-schema-negative"])
    func personSchema(caseName: String) throws {
        let schema = try Self.read(caseName, "chart/values.schema.json")
        let values = try Self.values(caseName, "chart/values.yaml")
        let got = try Self.stderr([("empty", schema, .map(values))])
        #expect(got == (try Self.expected(caseName)))
    }

    @Test func parentAndSubchartEachWithItsOwnSchema() throws {
        let caseName = "helm-chart-with-schema-and-subchart"
        let parent = try Self.values(caseName, "chart/values.yaml")
        let sub = try Self.values(caseName, "chart/charts/subchart-with-schema/values.yaml")
        parent["subchart-with-schema"] = .map(sub)
        let got = try Self.stderr([
            ("chart-without-schema", try Self.read(caseName, "chart/values.schema.json"), .map(parent)),
            ("subchart-with-schema", try Self.read(caseName, "chart/charts/subchart-with-schema/values.schema.json"), .map(sub)),
        ])
        #expect(got == (try Self.expected(caseName)))
        #expect(got != nil)
    }

    /// `syn-values-schema*`: the same chart with one `--set` each.
    @Test(arguments: [
        ("syn-values-schema", "", GoValue?.none),
        ("syn-values-schema-invalid-enum", "image.pullPolicy", GoValue.string("Sometimes")),
        ("syn-values-schema-invalid-item-type", "ports", GoValue.array([.string("http")])),
        ("syn-values-schema-invalid-minimum", "replicas", GoValue.int(0, .int64)),
        ("syn-values-schema-missing-required", "image", GoValue?.none),
    ])
    func schemedChart(caseName: String, path: String, value: GoValue?) throws {
        let values = try Self.values(caseName, "chart/values.yaml")
        if !path.isEmpty {
            let keys = path.split(separator: ".").map(String.init)
            var map = values
            for key in keys.dropLast() { map = map[key]?.mapValue ?? GoMap() }
            // `--set key=null` deletes the key.
            map[keys[keys.count - 1]] = value
        }
        let got = try Self.stderr([("schemed", try Self.read(caseName, "chart/values.schema.json"), .map(values))])
        #expect(got == (try Self.expected(caseName)))
        #expect((got == nil) == path.isEmpty)
    }

    @Test(arguments: [("syn-values-schema-subchart", GoValue?.none), ("syn-values-schema-subchart-invalid", .int(99999, .int64))])
    func subchartSchemaOnly(caseName: String, port: GoValue?) throws {
        let parent = try Self.values(caseName, "chart/values.yaml")
        let defaults = try Self.values(caseName, "chart/charts/sub/values.yaml")
        let sub = parent["sub"]?.mapValue ?? GoMap()
        for (key, value) in defaults.entries where sub[key] == nil { sub[key] = value }
        if let port { sub["port"] = port }
        let got = try Self.stderr([("sub", try Self.read(caseName, "chart/charts/sub/values.schema.json"), .map(sub))])
        #expect(got == (try Self.expected(caseName)))
    }
}
