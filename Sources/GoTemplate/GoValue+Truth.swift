/// Go's notions of truth, zero values and assignability over `GoValue`: what `if`, `with`,
/// `and`/`or`/`not`, a missing map key under `missingkey=zero`, and argument passing decide.
extension GoValue {
    /// Go's `template.IsTrue`: false, 0, nil, and empty strings, slices and maps are false;
    /// structs, pointers and functions are true.
    public var isTrue: Bool {
        switch self {
        case .missing, .null: return false
        case .bool(let b): return b
        case .int(let i, _): return i != 0
        case .uint(let u, _): return u != 0
        case .float(let f): return f != 0
        case .string(let s): return !s.isEmpty
        case .bytes(let b): return !b.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .map(let m): return m.count > 0
        case .object(let o): return o.goKind == "slice" || o.goKind == "map" ? o.jsonValue.isTrue : true
        case .function: return true
        }
    }

    /// A struct-like object of slice or map kind (Helm's `VersionSet`, a `[]string` with a `Has`
    /// method) seen as the list or map it is, for `range`, `len`, `index` and `slice`; any
    /// other value as it is.
    var collectionView: GoValue {
        if case .object(let o) = self, o.goKind == "slice" || o.goKind == "map" { return o.jsonValue }
        return self
    }

    /// The zero value of the Go type named `typeName` (`reflect.Zero`): nil for interfaces,
    /// pointers and functions; empty for strings, slices and maps.
    public static func zero(ofType typeName: String) -> GoValue {
        switch typeName {
        case "string": return .string("")
        case "bool": return .bool(false)
        case "float64", "float32": return .float(0)
        case "int": return .int(0, .int)
        case "int8": return .int(0, .int8)
        case "int16": return .int(0, .int16)
        case "int32": return .int(0, .int32)
        case "int64": return .int(0, .int64)
        case "uint": return .uint(0, .uint)
        case "uint8": return .uint(0, .uint8)
        case "uint16": return .uint(0, .uint16)
        case "uint32": return .uint(0, .uint32)
        case "uint64": return .uint(0, .uint64)
        case "[]uint8": return .bytes([])
        default:
            if typeName.hasPrefix("[]") {
                return .list(GoList([], elementType: String(typeName.dropFirst(2))))
            }
            if typeName.hasPrefix("map[string]") {
                return .map(GoMap([:], typeName: typeName, elementType: String(typeName.dropFirst(11))))
            }
            return .null
        }
    }

    /// Whether Go would assign this value to a parameter of type `type` as it is
    /// (`reflect.Type.AssignableTo` after unwrapping a non-nil interface).
    func isAssignable(to type: GoParameterType) -> Bool {
        switch (type, self) {
        case (.any, _): return true
        case (.string, .string), (.bool, .bool), (.float64, .float), (.bytes, .bytes): return true
        case (.int, .int(_, let t)): return t == .int
        case (.int64, .int(_, let t)): return t == .int64
        case (.list, .list(let l)): return l.elementType == "interface {}"
        case (.stringList, .list(let l)): return l.elementType == "string"
        // A named map type (`chartutil.Values`) is assignable to its unnamed underlying type.
        case (.map, .map(let m)): return m.elementType == "interface {}"
        default: return false
        }
    }
}

extension GoParameterType {
    /// `reflect.Zero(type)` for the types a nil can be assigned to; nil for the others.
    var nilValue: GoValue? {
        switch self {
        case .any: return .null
        case .list: return .list(GoList([]))
        case .stringList: return .list(GoList([], elementType: "string"))
        case .map: return .map(GoMap())
        case .bytes: return .bytes([])
        case .string, .bool, .int, .int64, .float64: return nil
        }
    }
}
