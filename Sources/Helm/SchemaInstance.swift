import GoTemplate
import Sprig

/// The document gojsonschema validates, built from chart values the way Helm builds it: the
/// values go through `yaml.Marshal` and `yaml.YAMLToJSON`, so every number becomes JSON text
/// (a float64 `3` reads back as the integer `3`), and a nil document becomes `{}`.
enum SchemaInstance {
    /// Nesting converted; deeper values are cut off (Helm's values come from YAML files whose
    /// reader limits nesting long before this).
    static let maximumDepth = 512

    /// The JSON instance of `values`, or the error Go's JSON encoder reports for a value JSON
    /// cannot hold (`json: unsupported value: NaN`).
    static func document(from values: GoValue) -> Result<SchemaJSON, UnsupportedValue> {
        if values.isNil { return .success(.object([:])) }
        do {
            return .success(try convert(values, depth: 0))
        } catch {
            return .failure(error)
        }
    }

    struct UnsupportedValue: Error { var message: String }

    private static func convert(_ value: GoValue, depth: Int) throws(UnsupportedValue) -> SchemaJSON {
        guard depth < maximumDepth else { return .null }
        switch value {
        case .missing, .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i, _): return .number(SchemaNumber(literal: String(i), value: SchemaDecimal(i)))
        case .uint(let u, _): return .number(SchemaNumber(literal: String(u), value: SchemaDecimal(u)))
        case .float(let d):
            guard let decimal = SchemaDecimal(d) else {
                let text = d.isNaN ? "NaN" : (d > 0 ? "+Inf" : "-Inf")
                throw UnsupportedValue(message: "json: unsupported value: \(text)")
            }
            return .number(SchemaNumber(literal: decimal.formatted(style: .json), value: decimal))
        case .string(let s): return .string(s)
        case .bytes(let b): return .string(String(decoding: b, as: UTF8.self))
        case .list(let list):
            var items: [SchemaJSON] = []
            items.reserveCapacity(list.items.count)
            for item in list.items { items.append(try convert(item, depth: depth + 1)) }
            return .array(items)
        case .map(let map):
            var members: [String: SchemaJSON] = [:]
            members.reserveCapacity(map.count)
            for (key, item) in map.entries { members[key] = try convert(item, depth: depth + 1) }
            return .object(members)
        case .object(let object): return .string(String(describing: object))
        case .function: return .null
        }
    }
}

extension SchemaJSON {
    /// gojsonschema's `marshalWithoutNumber`: the value as `json.Marshal` writes it after a
    /// round trip through `interface{}`, so numbers are float64 (`1.0` and `1` agree), object
    /// keys are sorted and `<`, `>`, `&` are escaped. Nil when a number overflows float64 (Go's
    /// decoder refuses it); `enum`, `const` and `uniqueItems` compare these strings.
    var canonicalText: String? {
        var out = ""
        return write(into: &out) ? out : nil
    }

    private func write(into out: inout String) -> Bool {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n):
            guard let rounded = n.value.roundedToDouble else { return false }
            out += rounded.formatted(style: .json)
        case .string(let s): out += GoJSON.quote(s)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                guard item.write(into: &out) else { return false }
            }
            out += "]"
        case .object(let members):
            out += "{"
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (i, key) in keys.enumerated() {
                if i > 0 { out += "," }
                out += GoJSON.quote(key)
                out += ":"
                guard let member = members[key], member.write(into: &out) else { return false }
            }
            out += "}"
        }
        return true
    }
}
