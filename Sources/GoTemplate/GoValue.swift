/// A value as Go's `text/template` sees it through `reflect`: the currency of templates, Sprig
/// functions and Helm's chart values.
///
/// Go types matter to what a user sees: `eq 1 1.0` is an error ("incompatible types for
/// comparison"), `typeOf` names the type, `%v` prints a float64 `1000000` as `1e+06`, a missing
/// map key prints `<no value>` and a nil interface `<nil>`. So the cases keep Go's distinctions.
///
/// Maps are reference types, as in Go: Sprig's `set`, `unset`, `merge` change the map in place
/// and every holder sees the change. Lists are values (Go's slices are, for every function
/// Sprig and Helm expose: none writes into a slice it was given).
public enum GoValue: @unchecked Sendable {
    /// The zero `reflect.Value`: what a missing map key yields under `missingkey=default`, or
    /// `invalid` after an interface holding nil is unwrapped. Prints `<no value>`.
    case missing
    /// A nil interface (`interface{}(nil)`): a YAML `null`, `nil` in a template. Prints `<nil>`
    /// when passed to a function; `<no value>` as a pipeline's final value.
    case null
    case bool(Bool)
    /// A signed integer of Go type `type` (`int` for template literals and `len`; `int64` for
    /// most Sprig arithmetic).
    case int(Int, GoIntType)
    /// An unsigned integer (`uint8` from indexing a string, `uint32` from `adler32`-like
    /// functions).
    case uint(UInt, GoUIntType)
    /// A float64 (every number of a values file: Helm reads YAML through JSON).
    case float(Double)
    case string(String)
    /// `[]byte` (`.Files.GetBytes`).
    case bytes([UInt8])
    case list(GoList)
    case map(GoMap)
    /// A struct or pointer with fields and methods: `.Chart` (`*chart.Metadata`),
    /// `.Capabilities`, `.Files`, a semver version, a `time.Time`.
    case object(any GoObject)
    /// A function value, for the `call` builtin.
    case function(GoFunction)
}

public enum GoIntType: String, Sendable, Hashable {
    case int, int8, int16, int32, int64
}

public enum GoUIntType: String, Sendable, Hashable {
    case uint, uint8, uint16, uint32, uint64, uintptr
}

/// A Go slice: its elements and the element type's name (`interface {}`, `string`, `int`) for
/// `typeOf` and `%T`.
public struct GoList: @unchecked Sendable {
    public var items: [GoValue]
    public var elementType: String
    public init(_ items: [GoValue], elementType: String = "interface {}") {
        self.items = items
        self.elementType = elementType
    }
    public var typeName: String { "[]" + elementType }
}

/// A Go map with string keys (`map[string]interface {}`, or a named map type such as Helm's
/// `chartutil.Values`). A reference type, like Go's maps. Iteration order is Go's for templates
/// (`range` and printing sort the keys); `entries` itself is unordered.
public final class GoMap: @unchecked Sendable {
    public var entries: [String: GoValue]
    /// `map[string]interface {}`, `chartutil.Values`, `map[string]string`, …
    public let typeName: String
    /// The element type's name: what a missing key's zero value is (`interface {}` → nil).
    public let elementType: String
    /// Methods of a named map type (Helm's `.Files`, a `map[string][]byte` with `Get`, `Glob`,
    /// …): looked up before keys, as Go's `evalField` does.
    public var methods: [String: GoFunction]
    /// For a map whose Go key type is not a string (a struct, as image-automation's
    /// `ObjectChanges` keyed by object identity): the key each entry's sort key stands for, which
    /// `range` hands out as the index. Entries are sorted by their string keys, so those must
    /// sort as Go sorts the real keys.
    public var keyValues: [String: GoValue] = [:]

    public init(_ entries: [String: GoValue] = [:], typeName: String = "map[string]interface {}",
                elementType: String = "interface {}", methods: [String: GoFunction] = [:]) {
        self.entries = entries
        self.typeName = typeName
        self.elementType = elementType
        self.methods = methods
    }

    public subscript(key: String) -> GoValue? {
        get { entries[key] }
        set { entries[key] = newValue }
    }

    public var sortedKeys: [String] { entries.keys.sorted() }
    public var count: Int { entries.count }
}

extension GoValue {
    /// A `map[string]interface {}` holding `entries`.
    public static func dict(_ entries: [String: GoValue]) -> GoValue { .map(GoMap(entries)) }
    /// A `[]interface {}` holding `items`.
    public static func array(_ items: [GoValue]) -> GoValue { .list(GoList(items)) }
    /// An `int`.
    public static func integer(_ i: Int) -> GoValue { .int(i, .int) }

    /// The Go type's name as `reflect.Type.String()` prints it (`typeOf`, `%T`); `<nil>` for
    /// nil and missing values.
    public var typeName: String {
        switch self {
        case .missing, .null: return "<nil>"
        case .bool: return "bool"
        case .int(_, let t): return t.rawValue
        case .uint(_, let t): return t.rawValue
        case .float: return "float64"
        case .string: return "string"
        case .bytes: return "[]uint8"
        case .list(let l): return l.typeName
        case .map(let m): return m.typeName
        case .object(let o): return o.goTypeName
        case .function(let f): return f.typeName
        }
    }

    /// `reflect.Kind` as Sprig's `kindOf` prints it.
    public var kindName: String {
        switch self {
        case .missing, .null: return "invalid"
        case .bool: return "bool"
        case .int(_, let t): return t.rawValue
        case .uint(_, let t): return t.rawValue
        case .float: return "float64"
        case .string: return "string"
        case .bytes, .list: return "slice"
        case .map: return "map"
        case .object(let o): return o.goKind
        case .function: return "func"
        }
    }

    public var isMissing: Bool { if case .missing = self { return true }; return false }
    /// Nil or missing.
    public var isNil: Bool {
        switch self {
        case .missing, .null: return true
        default: return false
        }
    }
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var mapValue: GoMap? { if case .map(let m) = self { return m }; return nil }
    public var listValue: GoList? { if case .list(let l) = self { return l }; return nil }
}
