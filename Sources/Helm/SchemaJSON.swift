import GoTemplate
import Sprig

/// A JSON value as gojsonschema holds one after `json.Decoder.UseNumber`: numbers keep their text
/// (a schema's `minLength: 1.0` is refused where `1` is not), objects are Go maps (a repeated key
/// keeps its last value; order carries no meaning).
indirect enum SchemaJSON: Sendable {
    case null
    case bool(Bool)
    case number(SchemaNumber)
    case string(String)
    case array([SchemaJSON])
    case object([String: SchemaJSON])

    var objectValue: [String: SchemaJSON]? { if case .object(let o) = self { return o }; return nil }
    var stringValue: String? { if case .string(let s) = self { return s }; return nil }
}

/// A JSON number: its text and exact value.
struct SchemaNumber: Sendable {
    var literal: String
    var value: SchemaDecimal

    /// `json.Number.Int64()`: only plain integer text within int64.
    var int64Value: Int? {
        guard value.isInteger, let i = Int64(literal) else { return nil }
        return Int(i)
    }
}

extension SchemaJSON {
    /// Nesting accepted. Go allows 10,000 levels; fewer keep a hostile schema from exhausting a
    /// thread's stack in the compiler's recursion, and no real schema comes near.
    static let maximumDepth = 512

    /// The first JSON value of a text, as gojsonschema reads a schema (`json.Decoder` with
    /// `UseNumber`): Go's error texts (`invalid character '}' looking for beginning of object key
    /// string`, `unexpected EOF`, `EOF`), text after the first value ignored.
    static func decode(_ text: String) throws(GoFunctionError) -> SchemaJSON {
        try GoJSON.decode(text, reading: .firstValue, maximumDepth: maximumDepth, building: Builder())
    }

    /// Keeps each number's text and exact value.
    private struct Builder: GoJSONBuilder {
        func null() -> SchemaJSON { .null }
        func bool(_ value: Bool) -> SchemaJSON { .bool(value) }
        func string(_ value: String) -> SchemaJSON { .string(value) }
        func number(_ text: String) -> SchemaJSON {
            .number(SchemaNumber(literal: text, value: SchemaDecimal(Substring(text)) ?? .zero))
        }
        func array(_ items: [SchemaJSON]) -> SchemaJSON { .array(items) }
        func object(_ members: [String: SchemaJSON]) -> SchemaJSON { .object(members) }
    }
}
