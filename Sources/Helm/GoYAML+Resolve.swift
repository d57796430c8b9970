import GoTemplate

/// A plain scalar's meaning under go-yaml v2's YAML 1.1 rules (`resolve.go`).
enum GoYAMLScalar: Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// Fits `uint64` but not `int64`.
    case uint(UInt64)
    case float(Double)
    case string(String)
    /// Looks like a date: go-yaml hands it to `interface{}` as the string it was.
    case timestamp(String)
    /// `<<` (only meaningful as a mapping key).
    case merge

    var isString: Bool { if case .string = self { return true }; return false }
}

enum GoYAMLTag {
    static let prefix = "tag:yaml.org,2002:"
    static let str = prefix + "str", bool = prefix + "bool", int = prefix + "int", float = prefix + "float"
    static let null = prefix + "null", timestamp = prefix + "timestamp", binary = prefix + "binary"
    static let merge = prefix + "merge"

    /// `!!str` for a full tag of the YAML namespace.
    static func short(_ tag: String) -> String {
        tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }
}

extension GoYAML {
    /// go-yaml v2's `resolve(tag, in)`: what a scalar means given its explicit tag (empty for
    /// a plain scalar). Throws go-yaml's `cannot decode !!str \`x\` as a !!int`.
    static func resolve(tag: String, _ text: String) throws(GoFunctionError) -> GoYAMLScalar {
        switch tag {
        case "", GoYAMLTag.str, GoYAMLTag.bool, GoYAMLTag.int, GoYAMLTag.float, GoYAMLTag.timestamp:
            break
        default:
            return .string(text)
        }
        if tag == GoYAMLTag.str { return .string(text) }
        let resolved = resolvePlain(text, allowTimestamp: tag == "" || tag == GoYAMLTag.timestamp)
        switch (tag, resolved) {
        case ("", _): return resolved
        case (GoYAMLTag.bool, .bool), (GoYAMLTag.int, .int), (GoYAMLTag.int, .uint),
             (GoYAMLTag.float, .float), (GoYAMLTag.timestamp, .timestamp):
            return resolved
        case (GoYAMLTag.float, .int(let i)): return .float(Double(i))
        default:
            throw GoFunctionError("yaml: cannot decode \(shortTag(of: resolved)) `\(text)` as a \(GoYAMLTag.short(tag))")
        }
    }

    private static func shortTag(of scalar: GoYAMLScalar) -> String {
        switch scalar {
        case .null: return "!!null"
        case .bool: return "!!bool"
        case .int, .uint: return "!!int"
        case .float: return "!!float"
        case .string: return "!!str"
        case .timestamp: return "!!timestamp"
        case .merge: return "!!merge"
        }
    }

    /// The untagged resolution: YAML 1.1 booleans (`yes`, `off`, `y`), nulls (`~`, ``),
    /// `.inf`/`.nan`, integers in Go's base-prefixed syntax with `_` ignored (`0777` octal,
    /// `0x1F`, `0b101`), floats, dates; anything else is a string.
    static func resolvePlain(_ text: String, allowTimestamp: Bool = true) -> GoYAMLScalar {
        let utf8 = text.utf8
        guard let first = utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
             UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
             UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"):
            // Every keyword is at most five bytes long: skip the comparisons for longer text.
            return utf8.count <= 5 ? keyword(text) ?? .string(text) : .string(text)
        case UInt8(ascii: "."):
            if utf8.count <= 5, let k = keyword(text) { return k }
            if GoNumberSyntax.isYAMLFloat(Array(utf8)[...]), let f = GoNumberSyntax.parseFloat(Array(utf8)), f.isFinite {
                return .float(f)
            }
            return .string(text)
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if first == UInt8(ascii: "+") || first == UInt8(ascii: "-"), utf8.count <= 5, let k = keyword(text) { return k }
            if allowTimestamp, GoNumberSyntax.isTimestamp(utf8) { return .timestamp(text) }
            let plain = utf8.contains(UInt8(ascii: "_")) ? Array(utf8.filter { $0 != UInt8(ascii: "_") }) : Array(utf8)
            if let i = GoNumberSyntax.parseInt(plain[...]) { return .int(i) }
            if let u = GoNumberSyntax.parseUInt(plain[...]) { return .uint(u) }
            if GoNumberSyntax.isYAMLFloat(plain[...]), let f = GoNumberSyntax.parseFloat(plain), f.isFinite {
                return .float(f)
            }
            return .string(text)
        case UInt8(ascii: "<"):
            return text == "<<" ? .merge : .string(text)
        default:
            return .string(text)
        }
    }

    private static func keyword(_ text: String) -> GoYAMLScalar? {
        switch text {
        case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return .bool(true)
        case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return .bool(false)
        case "~", "null", "Null", "NULL": return .null
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case "<<": return .merge
        default: return nil
        }
    }

    /// YAML 1.1 sexagesimal floats (`1:20`), which go-yaml never reads as numbers but quotes
    /// on output for other parsers' sake.
    static func isBase60Float(_ text: String) -> Bool {
        let s = Array(text.utf8)
        guard let c = s.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || GoNumberSyntax.isDigit(c),
              s.contains(UInt8(ascii: ":")) else { return false }
        var i = 0
        if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
        guard i < s.count, GoNumberSyntax.isDigit(s[i]) else { return false }
        i += 1
        while i < s.count, GoNumberSyntax.isDigit(s[i]) || s[i] == UInt8(ascii: "_") { i += 1 }
        var groups = 0
        while i < s.count, s[i] == UInt8(ascii: ":") {
            i += 1
            // [0-5]?[0-9]
            if i + 1 < s.count, s[i] >= UInt8(ascii: "0"), s[i] <= UInt8(ascii: "5"), GoNumberSyntax.isDigit(s[i + 1]) {
                i += 2
            } else if i < s.count, GoNumberSyntax.isDigit(s[i]) {
                i += 1
            } else {
                return false
            }
            groups += 1
        }
        guard groups > 0 else { return false }
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            while i < s.count, GoNumberSyntax.isDigit(s[i]) || s[i] == UInt8(ascii: "_") { i += 1 }
        }
        return i == s.count
    }
}
