import Foundation

/// How go-yaml v3 reads and writes plain scalars: its resolver (YAML 1.2 core schema, with
/// underscores allowed in numbers and Go's base prefixes) and its rule for when a string must
/// be quoted to read back as a string (including YAML 1.1's old booleans such as `n`/`yes`).
enum YAMLScalarResolver {
    static func resolvePlain(_ text: String) -> SOPSValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        guard let first = text.unicodeScalars.first, "+-.0123456789".unicodeScalars.contains(first) else { return .string(text) }
        if let int = parseInt(text) { return .int(int) }
        if isFloatSyntax(text), let double = Double(text.replacingOccurrences(of: "_", with: "")) { return .float(double) }
        return .string(text)
    }

    /// Go's `strconv.ParseInt(s, 0, 64)` after removing underscores, as go-yaml v3 resolves ints.
    static func parseInt(_ text: String) -> Int? {
        var s = Substring(text.replacingOccurrences(of: "_", with: ""))
        var negative = false
        if s.hasPrefix("+") || s.hasPrefix("-") { negative = s.hasPrefix("-"); s = s.dropFirst() }
        guard !s.isEmpty else { return nil }
        var radix = 10
        if s.hasPrefix("0x") || s.hasPrefix("0X") { radix = 16; s = s.dropFirst(2) }
        else if s.hasPrefix("0b") || s.hasPrefix("0B") { radix = 2; s = s.dropFirst(2) }
        else if s.hasPrefix("0o") || s.hasPrefix("0O") { radix = 8; s = s.dropFirst(2) }
        else if s.hasPrefix("0") && s.count > 1 { radix = 8; s = s.dropFirst() }
        guard !s.isEmpty, let magnitude = Int(s, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, underscores allowed.
    static func isFloatSyntax(_ text: String) -> Bool {
        var chars = Array(text.replacingOccurrences(of: "_", with: "").utf8)[...]
        if chars.first == UInt8(ascii: "+") || chars.first == UInt8(ascii: "-") { chars = chars.dropFirst() }
        func digits() -> Int {
            let n = chars.prefix(while: { $0 >= 48 && $0 <= 57 }).count
            chars = chars.dropFirst(n)
            return n
        }
        let whole = digits()
        var fraction = 0
        if chars.first == UInt8(ascii: ".") { chars = chars.dropFirst(); fraction = digits() } else if whole == 0 { return false }
        if whole == 0 && fraction == 0 { return false }
        if chars.first == UInt8(ascii: "e") || chars.first == UInt8(ascii: "E") {
            chars = chars.dropFirst()
            if chars.first == UInt8(ascii: "+") || chars.first == UInt8(ascii: "-") { chars = chars.dropFirst() }
            if digits() == 0 { return false }
        }
        return chars.isEmpty
    }

    static let oldBooleans: Set<String> = ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]

    /// Whether go-yaml's encoder may write `text` as a plain scalar (it must read back as a
    /// string, not be a YAML 1.1 boolean or a base-60 number).
    static func canBePlainString(_ text: String) -> Bool {
        if case .string = resolvePlain(text) {} else { return false }
        if oldBooleans.contains(text) || isBase60Float(text) { return false }
        return true
    }

    /// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
    static func isBase60Float(_ text: String) -> Bool {
        var s = Substring(text)
        if s.hasPrefix("+") || s.hasPrefix("-") { s = s.dropFirst() }
        guard let first = s.first, first.isASCII, first.isNumber else { return false }
        let head = s.prefix(while: { ($0.isASCII && $0.isNumber) || $0 == "_" })
        s = s.dropFirst(head.count)
        var groups = 0
        while s.first == ":" {
            s = s.dropFirst()
            let group = s.prefix(while: { $0.isASCII && $0.isNumber })
            guard (1...2).contains(group.count) else { return false }
            if group.count == 2, let lead = group.first, lead > "5" { return false }
            s = s.dropFirst(group.count)
            groups += 1
        }
        guard groups > 0 else { return false }
        if s.first == "." { s = s.dropFirst(); s = s.drop(while: { ($0.isASCII && $0.isNumber) || $0 == "_" }) }
        return s.isEmpty
    }
}
