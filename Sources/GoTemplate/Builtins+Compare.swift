/// `eq`, `ne`, `lt`, `le`, `gt`, `ge` as Go's funcs.go defines them: basic kinds compare by
/// value (any signed and unsigned integers with each other, whatever their size), other kinds
/// only against nil; mixing kinds is "incompatible types for comparison".
extension Builtin {
    enum BasicKind { case invalid, bool, int, uint, float, string }

    /// The basic kind of a value after unwrapping an interface (nil and missing are invalid).
    static func basicKind(_ v: GoValue) -> BasicKind {
        switch v {
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint
        case .float: return .float
        case .string: return .string
        default: return .invalid
        }
    }

    /// Go's `eq arg1 arg2...`: whether `arg1` equals any of the others.
    static func eq(_ arg1: GoValue, _ others: ArraySlice<GoValue>) throws(GoFunctionError) -> Bool {
        if others.isEmpty { throw GoFunctionError("missing argument for comparison") }
        let k1 = basicKind(arg1)
        for arg in others {
            let k2 = basicKind(arg)
            var truth = false
            if k1 != k2 {
                switch (arg1, arg) {
                case (.int(let i, _), .uint(let u, _)): truth = i >= 0 && UInt(i) == u
                case (.uint(let u, _), .int(let i, _)): truth = i >= 0 && u == UInt(i)
                default:
                    if !arg1.isNil && !arg.isNil { throw GoFunctionError("incompatible types for comparison") }
                }
            } else {
                switch (arg1, arg) {
                case (.bool(let a), .bool(let b)): truth = a == b
                case (.int(let a, _), .int(let b, _)): truth = a == b
                case (.uint(let a, _), .uint(let b, _)): truth = a == b
                case (.float(let a), .float(let b)): truth = a == b
                case (.string(let a), .string(let b)): truth = sameBytes(a, b)
                default: truth = try equalNonBasic(arg1, arg)
                }
            }
            if truth { return true }
        }
        return false
    }

    /// Strings compare as Go compares them: byte for byte (Swift's `==` equates canonically
    /// equivalent spellings, which Go does not).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }

    /// `reflect.Kind` of a value that is not of a basic kind.
    private static func reflectKind(_ v: GoValue) -> String {
        switch v {
        case .missing, .null: return "invalid"
        case .bytes, .list: return "slice"
        case .map: return "map"
        case .object(let o): return o.goKind
        case .function: return "func"
        default: return v.kindName
        }
    }

    /// Go's comparison of two values of one non-basic kind: equal only when both are nil, or
    /// (for pointers and structs) when they are the same object; maps, slices and functions
    /// compare only against nil.
    private static func equalNonBasic(_ a: GoValue, _ b: GoValue) throws(GoFunctionError) -> Bool {
        let ka = reflectKind(a), kb = reflectKind(b)
        if ka != kb && ka != "invalid" && kb != "invalid" {
            throw GoFunctionError(GoFormat.sprintf("non-comparable types %s: %v, %s: %v",
                                                   [a, .string(a.typeName), .string(b.typeName), b]))
        }
        if a.isNil || b.isNil { return a.isNil == b.isNil }
        switch (a, b) {
        case (.object(let x), .object(let y)): return x === y
        default:
            throw GoFunctionError(GoFormat.sprintf("non-comparable type %s: %v", [b, .string(b.typeName)]))
        }
    }

    /// Go's `lt`: only basic kinds other than bool order.
    static func lt(_ a: GoValue, _ b: GoValue) throws(GoFunctionError) -> Bool {
        let ka = basicKind(a), kb = basicKind(b)
        if ka == .invalid || kb == .invalid { throw GoFunctionError("invalid type for comparison") }
        switch (a, b) {
        case (.int(let i, _), .uint(let u, _)): return i < 0 || UInt(i) < u
        case (.uint(let u, _), .int(let i, _)): return i >= 0 && u < UInt(i)
        case (.int(let x, _), .int(let y, _)): return x < y
        case (.uint(let x, _), .uint(let y, _)): return x < y
        case (.float(let x), .float(let y)): return x < y
        case (.string(let x), .string(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
        case (.bool, .bool): throw GoFunctionError("invalid type for comparison")
        default: throw GoFunctionError("incompatible types for comparison")
        }
    }

    /// Go's `le`: `lt` or `eq`.
    static func le(_ a: GoValue, _ b: GoValue) throws(GoFunctionError) -> Bool {
        if try lt(a, b) { return true }
        return try eq(a, [b])
    }
}
