import GoTemplate

/// A chart's `values.schema.json`, compiled once and checked against values the way Helm
/// 3.15.4 checks them (gojsonschema v1.2.0): the same keywords, error texts, field names
/// (`(root)`, `image.tag`, `ports.0`) and order, the same `values don't meet the
/// specifications…` message over a chart tree.
///
/// gojsonschema walks Go maps (a schema's `properties`, a value's keys) in random order, so
/// Helm's order among errors of sibling properties varies from run to run; here it is sorted
/// by name. Only references within the schema document resolve: Helm would fetch a remote
/// `$ref` over the network, a renderer must not.
public struct ValuesSchema: Sendable {
    private let nodes: [SchemaNode]
    private let root: Int

    /// Compiles `json`; throws Go's JSON decoder error or gojsonschema's schema error, with the
    /// text Helm prints under the chart's name.
    public init(json: String) throws(SchemaError) {
        let document: SchemaJSON
        do {
            document = try SchemaJSON.decode(json)
        } catch {
            throw SchemaError(message: error.message)
        }
        let draft: SchemaDraft
        switch document {
        case .bool:
            draft = .hybrid
        case .object(let members):
            draft = try Self.draft(of: members["$schema"])
        default:
            throw SchemaError(message: "schema is invalid")
        }
        var compiler = SchemaCompiler(documents: SchemaDocuments(root: document))
        root = try compiler.compileRoot(draft: draft)
        nodes = compiler.nodes
    }

    /// The draft a `$schema` names; any other (or none) means gojsonschema's hybrid mode.
    private static func draft(of schema: SchemaJSON?) throws(SchemaError) -> SchemaDraft {
        guard let schema else { return .hybrid }
        guard case .string(let url) = schema else { throw SchemaError(message: "$schema must be of type string") }
        switch SchemaReference(url).key {
        case "http://json-schema.org/draft-04/schema": return .draft4
        case "http://json-schema.org/draft-06/schema": return .draft6
        case "http://json-schema.org/draft-07/schema": return .draft7
        default: return .hybrid
        }
    }

    /// The violations of `values`, one line each as Helm prints them (`- age: Must be greater
    /// than or equal to 0`); empty when the values conform. A value JSON cannot carry (NaN,
    /// ±Inf) yields the one line Go's encoder error makes.
    public func validate(_ values: GoValue) -> [String] {
        switch check(values) {
        case .violations(let lines): return lines
        case .failure(let message): return [message]
        }
    }

    /// What validating one chart's values produced, for ``message(perChart:)``.
    public enum Report: Sendable, Equatable {
        /// Violation lines, `- field: description` (none when the values conform).
        case violations([String])
        /// An error Helm prints bare, with no `- ` and no line break: an unusable schema, or
        /// values JSON cannot hold.
        case failure(String)
    }

    /// `validate`, keeping apart an error Helm prints differently from violations.
    public func check(_ values: GoValue) -> Report {
        switch SchemaInstance.document(from: values) {
        case .failure(let error):
            return .failure(error.message)
        case .success(let document):
            let validator = SchemaValidator(nodes: nodes)
            let result = validator.subValidate(root, document, "(root)", depth: 0)
            return .violations(result.errors.map { "- \($0.field): \($0.description)" })
        }
    }

    /// Helm's error for a chart tree: each chart with violations, in the order given (Helm
    /// walks the parent, then each subchart depth-first), as `NAME:` and its lines. Nil when no
    /// chart has any. Helm puts no blank line between charts; the text ends in one newline.
    public static func message(perChart: [(chartName: String, errors: [String])]) -> String? {
        message(reports: perChart.map { ($0.chartName, Report.violations($0.errors)) })
    }

    /// ``message(perChart:)`` over reports that may hold failures (an invalid schema): Helm
    /// prints a failure right after the chart's name line, without a line break of its own.
    public static func message(reports: [(chartName: String, report: Report)]) -> String? {
        var body = ""
        for (name, report) in reports {
            switch report {
            case .violations(let lines):
                guard !lines.isEmpty else { continue }
                body += name + ":\n"
                for line in lines { body += line + "\n" }
            case .failure(let text):
                body += name + ":\n" + text
            }
        }
        guard !body.isEmpty else { return nil }
        return "values don't meet the specifications of the schema(s) in the following chart(s):\n" + body
    }
}
