/// `len`, `index` and `slice` as Go's funcs.go defines them. Strings index and slice by byte
/// (`index "abc" 1` is the uint8 98), as in Go.
extension Builtin {
    /// Go's `len`.
    static func length(_ item: GoValue) throws(GoFunctionError) -> Int {
        switch item {
        case .null: throw GoFunctionError("len of nil pointer")
        // Go's reflect panics on the zero Value, and the executor reports the panic's text.
        case .missing: throw GoFunctionError("reflect: call of reflect.Value.Type on zero Value")
        case .string(let s): return s.utf8.count
        case .bytes(let b): return b.count
        case .list(let l): return l.items.count
        case .map(let m): return m.count
        default: throw GoFunctionError("len of type \(item.typeName)")
        }
    }

    /// Go's `indexArg`: an integer index within `0...cap`.
    static func indexArgument(_ index: GoValue, cap: Int) throws(GoFunctionError) -> Int {
        let x: Int
        switch index {
        case .int(let i, _): x = i
        case .uint(let u, _): x = Int(truncatingIfNeeded: u)
        case .missing, .null: throw GoFunctionError("cannot index slice/array with nil")
        default: throw GoFunctionError("cannot index slice/array with type \(index.typeName)")
        }
        if x < 0 || x > cap { throw GoFunctionError("index out of range: \(x)") }
        return x
    }

    /// Go's `index item i j…`: `item[i][j]…` over maps, slices and strings; a missing map key
    /// yields the element type's zero value.
    static func index(_ item: GoValue, _ indexes: [GoValue]) throws(GoFunctionError) -> GoValue {
        if item.isNil { throw GoFunctionError("index of untyped nil") }
        var item = item
        for index in indexes {
            switch item {
            case .null, .missing:
                throw GoFunctionError("index of nil pointer")
            case .string(let s):
                let bytes = s.utf8
                let x = try indexArgument(index, cap: bytes.count)
                if x == bytes.count { throw GoFunctionError("index out of range: \(x)") }
                item = .uint(UInt(bytes[bytes.index(bytes.startIndex, offsetBy: x)]), .uint8)
            case .bytes(let b):
                let x = try indexArgument(index, cap: b.count)
                if x == b.count { throw GoFunctionError("index out of range: \(x)") }
                item = .uint(UInt(b[x]), .uint8)
            case .list(let l):
                let x = try indexArgument(index, cap: l.items.count)
                if x == l.items.count { throw GoFunctionError("index out of range: \(x)") }
                item = l.items[x]
            case .map(let m):
                let key: String
                switch index {
                case .string(let s): key = s
                case .missing, .null: throw GoFunctionError("value is nil; should be of type string")
                default: throw GoFunctionError("value has type \(index.typeName); should be string")
                }
                item = m[key] ?? GoValue.zero(ofType: m.elementType)
            default:
                throw GoFunctionError("can't index item of type \(item.typeName)")
            }
        }
        return item
    }

    /// Go's `slice item i j k`: `item[i:j:k]` over strings and slices.
    static func slice(_ item: GoValue, _ indexes: [GoValue]) throws(GoFunctionError) -> GoValue {
        if item.isNil { throw GoFunctionError("slice of untyped nil") }
        if indexes.count > 3 { throw GoFunctionError("too many slice indexes: \(indexes.count)") }
        let count: Int
        switch item {
        case .string(let s):
            if indexes.count == 3 { throw GoFunctionError("cannot 3-index slice a string") }
            count = s.utf8.count
        case .bytes(let b): count = b.count
        case .list(let l): count = l.items.count
        default: throw GoFunctionError("can't slice item of type \(item.typeName)")
        }
        var idx = [0, count, count]
        for (i, index) in indexes.enumerated() {
            idx[i] = try indexArgument(index, cap: count)
        }
        if idx[0] > idx[1] { throw GoFunctionError("invalid slice index: \(idx[0]) > \(idx[1])") }
        if indexes.count == 3 && idx[1] > idx[2] {
            throw GoFunctionError("invalid slice index: \(idx[1]) > \(idx[2])")
        }
        let range = idx[0]..<idx[1]
        switch item {
        case .string(let s): return .string(String(decoding: Array(s.utf8)[range], as: UTF8.self))
        case .bytes(let b): return .bytes(Array(b[range]))
        case .list(let l): return .list(GoList(Array(l.items[range]), elementType: l.elementType))
        default: return item
        }
    }
}
