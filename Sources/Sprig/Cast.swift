import GoTemplate

/// spf13/cast v1.5's conversions as Sprig calls them (`int`, `int64`, `float64`, the
/// arithmetic functions, `slice` indices): never an error, a value that does not convert is 0.
///
/// Strings parse as Go's `strconv.ParseInt(s, 0, 64)` after cast's `trimZeroDecimal` (so
/// `"0x1F"` is 31, `"010"` is 8, `"1_000"` is 1000, `"12.0"` is 12 and `"12.5"` is 0); floats
/// truncate toward zero; booleans are 1 and 0; nil is 0.
public enum Cast {
    /// `cast.ToInt64`.
    public static func toInt64(_ value: GoValue) -> Int {
        switch value {
        case .int(let i, _): return i
        case .uint(let u, _): return Int(truncatingIfNeeded: u)
        case .float(let f): return truncate(f)
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return parseInt(trimZeroDecimal(s)) ?? 0
        default: return 0
        }
    }

    /// `cast.ToInt` (Go's `int` is 64 bits on every platform Helm ships for).
    public static func toInt(_ value: GoValue) -> Int { toInt64(value) }

    /// `cast.ToFloat64`.
    public static func toFloat64(_ value: GoValue) -> Double {
        switch value {
        case .int(let i, _): return Double(i)
        case .uint(let u, _): return Double(u)
        case .float(let f): return f
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return parseFloat(s) ?? 0
        default: return 0
        }
    }

    /// `cast.ToBool`: strings as `strconv.ParseBool`, numbers non-zero.
    public static func toBool(_ value: GoValue) -> Bool {
        switch value {
        case .bool(let b): return b
        case .int(let i, _): return i != 0
        case .uint(let u, _): return u != 0
        case .float(let f): return f != 0
        case .string(let s):
            switch s {
            case "1", "t", "T", "TRUE", "true", "True": return true
            default: return false
            }
        default: return false
        }
    }

    /// Go's `int64(f)` on amd64: in-range values truncate, anything else is the minimum int64.
    static func truncate(_ f: Double) -> Int {
        guard f.isFinite, f >= -9.223372036854775808e18, f < 9.223372036854775808e18 else { return Int.min }
        return Int(f)
    }

    /// cast's `trimZeroDecimal`: `"12.00"` → `"12"`; anything else unchanged.
    static func trimZeroDecimal(_ s: String) -> String {
        let bytes = Array(s.utf8)
        var foundZero = false
        var i = bytes.count
        while i > 0 {
            switch bytes[i - 1] {
            case UInt8(ascii: "."):
                if foundZero { return String(decoding: bytes[..<(i - 1)], as: UTF8.self) }
                return s
            case UInt8(ascii: "0"): foundZero = true
            default: return s
            }
            i -= 1
        }
        return s
    }

    /// `strconv.ParseInt(s, 0, 64)`: sign, base prefix (`0x`, `0o`, `0b`, or a leading `0` for
    /// octal), underscores only between digits when a prefix or base 0 allows them; nil on error
    /// or overflow.
    static func parseInt(_ s: String) -> Int? {
        var bytes = Array(s.utf8)[...]
        guard !bytes.isEmpty else { return nil }
        var negative = false
        if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") {
            negative = bytes.first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard let magnitude = parseUnsigned(bytes) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int(magnitude)
    }

    /// `strconv.ParseUint(s, 0, 64)` without the sign.
    static func parseUnsigned(_ input: ArraySlice<UInt8>) -> UInt64? {
        var bytes = input
        guard !bytes.isEmpty else { return nil }
        var base: UInt64 = 10
        var prefixed = false
        if bytes.first == UInt8(ascii: "0"), bytes.count > 1 {
            let second = bytes[bytes.startIndex + 1] | 0x20
            switch second {
            case UInt8(ascii: "x"): base = 16; bytes = bytes.dropFirst(2); prefixed = true
            case UInt8(ascii: "o"): base = 8; bytes = bytes.dropFirst(2); prefixed = true
            case UInt8(ascii: "b"): base = 2; bytes = bytes.dropFirst(2); prefixed = true
            default: base = 8; bytes = bytes.dropFirst(1); prefixed = true
            }
        }
        guard !bytes.isEmpty || (prefixed && base == 8) else { return nil }
        var value: UInt64 = 0
        var lastUnderscore = prefixed
        var sawDigit = false
        for b in bytes {
            if b == UInt8(ascii: "_") {
                // Base-0 parsing allows `_` only between digits or after a prefix.
                if lastUnderscore && !(prefixed && !sawDigit && base != 8) { return nil }
                lastUnderscore = true
                continue
            }
            let digit: UInt64
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = UInt64(b - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = UInt64(b - UInt8(ascii: "A")) + 10
            default: return nil
            }
            guard digit < base else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            value = a
            lastUnderscore = false
            sawDigit = true
        }
        if lastUnderscore && sawDigit { return nil }
        if !sawDigit && !(base == 8 && prefixed) { return nil }
        return value
    }

    /// `strconv.ParseFloat(s, 64)`: decimal and hex floats, `inf`, `nan`, underscores between
    /// digits; nil on a syntax error (an out-of-range value is ±Inf there, with an error: nil).
    static func parseFloat(_ s: String) -> Double? {
        guard !s.isEmpty else { return nil }
        let lower = s.lowercased()
        switch lower {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: break
        }
        let cleaned: String
        if s.contains("_") {
            guard !lower.contains("__"), !lower.hasPrefix("_"), !lower.hasSuffix("_") else { return nil }
            cleaned = String(s.filter { $0 != "_" })
        } else {
            cleaned = s
        }
        // Swift's parser accepts what Go's does except a few forms; refuse those first.
        for b in cleaned.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
                 UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "p"),
                 UInt8(ascii: "P"), UInt8(ascii: "a")...UInt8(ascii: "d"), UInt8(ascii: "f"),
                 UInt8(ascii: "A")...UInt8(ascii: "D"), UInt8(ascii: "F"):
                continue
            default: return nil
            }
        }
        guard let d = Double(cleaned), d.isFinite else { return nil }
        return d
    }
}
