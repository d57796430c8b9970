import GoTemplate
import Sprig

/// A decoded JSON document that keeps each number's text, so a field of Go type `int` can
/// refuse `1.5` as encoding/json does while `interface{}` values still become float64.
indirect enum StoredJSON {
    case null
    case bool(Bool)
    case string(String)
    case number(String)
    case array([StoredJSON])
    case object([String: StoredJSON])

    /// How deep a stored record may nest. Go allows 10,000; the values here are converted
    /// recursively, and no chart's values come near this.
    static let maximumDepth = 512

    static func parse(_ text: String) throws(ReleaseStorageError) -> StoredJSON {
        do throws(GoFunctionError) {
            return try GoJSON.decode(text, maximumDepth: maximumDepth, building: StoredJSONBuilder())
        } catch {
            throw ReleaseStorageError(.malformed, error.message)
        }
    }

    /// encoding/json's name for the JSON type, as its errors print it.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .string: return "string"
        case .number: return "number"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// The value as `interface{}` holds it after `json.Unmarshal`: numbers float64, objects
    /// `map[string]interface {}`.
    func goValue() throws(ReleaseStorageError) -> GoValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .number(let text):
            guard let d = Double(text), d.isFinite else {
                throw ReleaseStorageError(.malformed, "json: cannot unmarshal number \(text) into Go value of type float64")
            }
            return .float(d)
        case .array(let items):
            var out: [GoValue] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try item.goValue()) }
            return .list(GoList(out))
        case .object(let members):
            var out: [String: GoValue] = [:]
            out.reserveCapacity(members.count)
            for (k, v) in members { out[k] = try v.goValue() }
            return .map(GoMap(out))
        }
    }
}

struct StoredJSONBuilder: GoJSONBuilder {
    func null() -> StoredJSON { .null }
    func bool(_ value: Bool) -> StoredJSON { .bool(value) }
    func string(_ value: String) -> StoredJSON { .string(value) }
    func number(_ text: String) throws(GoFunctionError) -> StoredJSON { .number(text) }
    func array(_ items: [StoredJSON]) -> StoredJSON { .array(items) }
    func object(_ members: [String: StoredJSON]) -> StoredJSON { .object(members) }
}

/// Reads one JSON object into a Go struct's fields as encoding/json does: a key matches its
/// field exactly or else ignoring case, unknown keys are skipped, `null` leaves a field at its
/// zero value, and a value of the wrong JSON type fails with Go's text
/// (`json: cannot unmarshal number into Go struct field Release.name of type string`).
struct StoredStructReader {
    let structName: String
    let path: [String]
    let members: [String: StoredJSON]

    /// The member for `field`, nil when absent or `null`.
    func member(_ field: String) -> StoredJSON? {
        var found = members[field]
        if found == nil {
            let lower = field.lowercased()
            for key in members.keys.sorted() where key.lowercased() == lower {
                found = members[key]
                break
            }
        }
        if case .null? = found { return nil }
        return found
    }

    func fieldPath(_ field: String) -> String { (path + [field]).joined(separator: ".") }

    func typeError(_ node: StoredJSON, _ field: String, _ goType: String) -> ReleaseStorageError {
        var kind = node.kindName
        if case .number(let text) = node { kind += " " + text }
        return ReleaseStorageError(.malformed,
                                   "json: cannot unmarshal \(kind) into Go struct field \(structName).\(fieldPath(field)) of type \(goType)")
    }

    func string(_ field: String, goType: String = "string") throws(ReleaseStorageError) -> String {
        guard let node = member(field) else { return "" }
        guard case .string(let s) = node else { throw typeError(node, field, goType) }
        return s
    }

    func int(_ field: String) throws(ReleaseStorageError) -> Int {
        guard let node = member(field) else { return 0 }
        guard case .number(let text) = node, let i = Int(text) else { throw typeError(node, field, "int") }
        return i
    }

    func bool(_ field: String) throws(ReleaseStorageError) -> Bool {
        guard let node = member(field) else { return false }
        guard case .bool(let b) = node else { throw typeError(node, field, "bool") }
        return b
    }

    /// A nested struct (or pointer to one); nil when absent or `null`.
    func object(_ field: String, structName: String, goType: String) throws(ReleaseStorageError) -> StoredStructReader? {
        guard let node = member(field) else { return nil }
        guard case .object(let m) = node else { throw typeError(node, field, goType) }
        return StoredStructReader(structName: structName, path: path + [field], members: m)
    }

    /// A slice: its items, nil when absent or `null`.
    func array(_ field: String, goType: String) throws(ReleaseStorageError) -> [StoredJSON]? {
        guard let node = member(field) else { return nil }
        guard case .array(let items) = node else { throw typeError(node, field, goType) }
        return items
    }

    /// A slice of structs (`[]*T`): a reader per item, nil for `null` items.
    func structs(_ field: String, structName: String, goType: String) throws(ReleaseStorageError) -> [StoredStructReader?]? {
        guard let items = try array(field, goType: "[]*" + goType) else { return nil }
        var out: [StoredStructReader?] = []
        out.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .null: out.append(nil)
            case .object(let m): out.append(StoredStructReader(structName: structName, path: path + [field], members: m))
            default: throw typeError(item, field, goType)
            }
        }
        return out
    }

    /// A slice of a string type; `null` items are "".
    func strings(_ field: String, goType: String = "string") throws(ReleaseStorageError) -> [String] {
        guard let items = try array(field, goType: "[]" + goType) else { return [] }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .null: out.append("")
            case .string(let s): out.append(s)
            default: throw typeError(item, field, goType)
            }
        }
        return out
    }

    func stringMap(_ field: String) throws(ReleaseStorageError) -> [String: String] {
        guard let node = member(field) else { return [:] }
        guard case .object(let m) = node else { throw typeError(node, field, "map[string]string") }
        var out: [String: String] = [:]
        for (k, v) in m {
            switch v {
            case .null: out[k] = ""
            case .string(let s): out[k] = s
            default: throw typeError(v, field, "string")
            }
        }
        return out
    }

    /// A `map[string]interface{}`; nil when absent or `null`.
    func goMap(_ field: String) throws(ReleaseStorageError) -> GoMap? {
        guard let node = member(field) else { return nil }
        guard case .object = node, case .map(let m) = try node.goValue() else {
            throw typeError(node, field, "map[string]interface {}")
        }
        return m
    }

    /// `[]byte`: standard padded base64; nil when absent or `null`.
    func bytes(_ field: String) throws(ReleaseStorageError) -> [UInt8]? {
        guard let node = member(field) else { return nil }
        guard case .string(let s) = node else { throw typeError(node, field, "[]uint8") }
        guard let data = GoBase64.decode(s) else {
            throw ReleaseStorageError(.malformed, "illegal base64 data in Go struct field \(structName).\(fieldPath(field))")
        }
        return data
    }

    /// A time: Helm's own type reads `""` as the zero time; the standard one does not.
    func time(_ field: String, helm: Bool) throws(ReleaseStorageError) -> ReleaseTime {
        guard let node = member(field) else { return .zero }
        guard case .string(let s) = node else { throw typeError(node, field, "time.Time") }
        if helm && s.isEmpty { return .zero }
        guard let t = ReleaseTime(rfc3339: s) else {
            throw ReleaseStorageError(.malformed, "parsing time \(GoFormat.quote(s)) in Go struct field \(structName).\(fieldPath(field)): not RFC 3339")
        }
        return t
    }
}
