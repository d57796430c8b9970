extension CELValue {
    /// CEL equality (langdef.md, "Equality"): numbers compare by value across int, uint and
    /// double (`1 == 1.0`, `1u == 1`); lists and maps compare element-wise with the same rule;
    /// values of other different types are simply unequal, never an error. NaN equals nothing.
    public func celEquals(_ other: CELValue) -> Bool {
        if let order = CELValue.numericOrder(self, other) { return order == 0 }
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.type(let a), .type(let b)): return a == b
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.celEquals($1) }
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a.entries {
                guard let other = b.lookup(key.value), value.celEquals(other) else { return false }
            }
            return true
        case (.optional(let a), .optional(let b)):
            switch (a, b) {
            case (nil, nil): return true
            case (let x?, let y?): return x.value.celEquals(y.value)
            default: return false
            }
        default:
            return false
        }
    }

    /// -1, 0 or 1 for two numbers of any numeric types; `nil` when either is not a number or
    /// either is NaN (NaN is unordered).
    static func numericOrder(_ a: CELValue, _ b: CELValue) -> Int? {
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
        switch (a, b) {
        case (.int(let x), .int(let y)): return sign(x, y)
        case (.uint(let x), .uint(let y)): return sign(x, y)
        case (.double(let x), .double(let y)): return x.isNaN || y.isNaN ? nil : sign(x, y)
        case (.int(let x), .uint(let y)): return x < 0 ? -1 : sign(UInt64(x), y)
        case (.uint(let x), .int(let y)): return y < 0 ? 1 : sign(x, UInt64(y))
        case (.int(let x), .double(let y)): return compare(int: x, double: y)
        case (.double(let x), .int(let y)): return compare(int: y, double: x).map { -$0 }
        case (.uint(let x), .double(let y)): return compare(uint: x, double: y)
        case (.double(let x), .uint(let y)): return compare(uint: y, double: x).map { -$0 }
        default: return nil
        }
    }

    /// Exact comparison of an int with a double (no rounding of the int to a double).
    private static func compare(int x: Int64, double y: Double) -> Int? {
        if y.isNaN { return nil }
        if y >= 9_223_372_036_854_775_808.0 { return -1 }
        if y < -9_223_372_036_854_775_808.0 { return 1 }
        let t = y.rounded(.towardZero)
        let yi = Int64(t)
        if x != yi { return x < yi ? -1 : 1 }
        let fraction = y - t
        return fraction > 0 ? -1 : (fraction < 0 ? 1 : 0)
    }

    private static func compare(uint x: UInt64, double y: Double) -> Int? {
        if y.isNaN { return nil }
        if y >= 18_446_744_073_709_551_616.0 { return -1 }
        if y < 0 { return 1 }
        let t = y.rounded(.towardZero)
        let yu = UInt64(t)
        if x != yu { return x < yu ? -1 : 1 }
        return y - t > 0 ? -1 : 0
    }

    /// Ordering for `<`, `<=`, `>`, `>=`: numbers across types, strings by code point, bytes,
    /// bools. `nil` for pairs without an ordering (including NaN).
    static func order(_ a: CELValue, _ b: CELValue) -> Int?? {
        if let n = numericOrder(a, b) { return .some(n) }
        switch (a, b) {
        case (.double, _), (_, .double):
            if case .double = a, b.isNumber { return .some(nil) }  // NaN: defined but false
            if case .double = b, a.isNumber { return .some(nil) }
            return nil
        case (.string(let x), .string(let y)):
            return .some(lexicographic(Array(x.utf8), Array(y.utf8)))
        case (.bytes(let x), .bytes(let y)):
            return .some(lexicographic(x, y))
        case (.bool(let x), .bool(let y)):
            return .some(x == y ? 0 : (!x ? -1 : 1))
        default:
            return nil
        }
    }

    private static func lexicographic(_ x: [UInt8], _ y: [UInt8]) -> Int {
        for (p, q) in zip(x, y) where p != q { return p < q ? -1 : 1 }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }

    var isNumber: Bool {
        switch self {
        case .int, .uint, .double: return true
        default: return false
        }
    }
}
