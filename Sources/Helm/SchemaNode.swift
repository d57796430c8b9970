import Manifests

/// A chart's `values.schema.json` could not be used; `message` is the text Helm prints under the
/// chart's name (gojsonschema's or Go's JSON decoder's words).
public struct SchemaError: Error, Equatable, CustomStringConvertible, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// The JSON Schema drafts gojsonschema tells apart. A schema without a known `$schema` is read
/// in "hybrid" mode, which accepts the keywords of every draft.
enum SchemaDraft: Int, Comparable, Sendable {
    case draft4 = 4, draft6 = 6, draft7 = 7, hybrid = 1000
    static func < (a: SchemaDraft, b: SchemaDraft) -> Bool { a.rawValue < b.rawValue }
}

/// One compiled (sub)schema. Nodes live in ``ValuesSchema``'s arena and point at each other by
/// index, so a `$ref` cycle is a cycle of integers, not of references.
final class SchemaNode: @unchecked Sendable {
    enum Additional { case unset, allowed(Bool), schema(Int) }
    enum Items { case none, single(Int), tuple([Int]) }
    enum Dependency { case properties([String]), schema(Int) }

    /// `true` / `false` schemas (draft 6 on).
    var pass: Bool?
    var ref: Int?
    var types: [String] = []
    /// Sorted by name: gojsonschema walks a Go map here, in no fixed order.
    var properties: [(name: String, node: Int)] = []
    var additionalProperties: Additional = .unset
    var patternProperties: [(pattern: String, matcher: SchemaRegex, node: Int)] = []
    var propertyNames: Int?
    var dependencies: [String: Dependency] = [:]
    var items: Items = .none
    var additionalItems: Additional = .unset
    var multipleOf: SchemaDecimal?
    var minimum: SchemaDecimal?
    var maximum: SchemaDecimal?
    var exclusiveMinimum: SchemaDecimal?
    var exclusiveMaximum: SchemaDecimal?
    var minLength: Int?
    var maxLength: Int?
    var pattern: (source: String, matcher: SchemaRegex)?
    var format: String?
    var minProperties: Int?
    var maxProperties: Int?
    var required: [String] = []
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false
    var contains: Int?
    /// Canonical JSON text of `const`.
    var constant: String?
    /// Canonical JSON texts of the `enum` members, in order.
    var enumeration: [String] = []
    var oneOf: [Int] = []
    var anyOf: [Int] = []
    var allOf: [Int] = []
    var not: Int?
    var ifSchema: Int?
    var thenSchema: Int?
    var elseSchema: Int?

    var isTyped: Bool { !types.isEmpty }
    func allows(_ type: String) -> Bool { types.contains(type) }

    /// gojsonschema's rendering of the type list: `integer`, or `[string null]` for several.
    var typesDescription: String {
        if types.isEmpty { return "undefined" }
        if types.count == 1 { return types[0] }
        return "[" + types.joined(separator: " ") + "]"
    }
}

/// A Go `regexp` pattern searched anywhere in a string (`regexp.MatchString`), on the
/// linear-time engine: the pattern is wrapped so that a whole-string match finds it anywhere.
struct SchemaRegex: Sendable {
    private let compiled: RE2Pattern

    init?(_ pattern: String) {
        // Compiled alone first, so a stray `)` cannot close the wrapper early and pass.
        guard (try? RE2Pattern(pattern)) != nil,
              let compiled = try? RE2Pattern("[\\s\\S]*(?:" + pattern + ")[\\s\\S]*") else { return nil }
        self.compiled = compiled
    }

    func matches(_ text: String) -> Bool { compiled.matches(text) }
}
