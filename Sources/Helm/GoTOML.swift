import GoTemplate
import Sprig

/// TOML as Helm's `toToml` writes it: BurntSushi/toml's `Encoder` (v1) with its defaults.
///
/// A map's plain keys come first, then its sub-tables, each group sorted by bytes; a
/// top-level table is preceded by a blank line; nested tables and their keys are indented two
/// spaces per level below the first (`  [a.b]`). A list of maps only is an array of tables
/// (`[[k]]`); any other list is written inline, maps in it as inline tables (`{c = 3.0}`).
/// Floats always carry a fraction (`2.0`), nil map values are left out, and a nil inside a
/// list fails, as it does in Go.
public enum GoTOML {
    /// `toml.NewEncoder(w).Encode(v)`; the error's text is what `toToml` prints instead.
    public static func marshal(_ v: GoValue) throws(GoFunctionError) -> String {
        var encoder = TOMLEncoder()
        try encoder.encode(key: [], v)
        return String(decoding: encoder.out, as: UTF8.self)
    }
}

private struct TOMLEncoder {
    var out: [UInt8] = []
    private var depth = 0

    private static let maximumDepth = 1000
    static let nilElement = GoFunctionError("toml: cannot encode array with nil element")

    private mutating func write(_ s: String) { out.append(contentsOf: s.utf8) }
    private mutating func newline() { if !out.isEmpty { out.append(0x0A) } }

    private static func unwrap(_ v: GoValue) -> GoValue {
        if case .object(let o) = v { return o.jsonValue }
        return v
    }

    private enum Kind { case table, arrayOfTables, other, absent }

    private static func kind(_ v: GoValue) throws(GoFunctionError) -> Kind {
        switch unwrap(v) {
        case .missing, .null: return .absent
        case .map: return .table
        case .list(let list):
            guard !list.items.isEmpty else { return .other }
            var allTables = true
            for item in list.items {
                let k = try kind(item)
                if k == .absent { throw nilElement }
                if k != .table { allTables = false }
            }
            return allTables ? .arrayOfTables : .other
        default: return .other
        }
    }

    private mutating func nest() throws(GoFunctionError) {
        depth += 1
        if depth > Self.maximumDepth { throw GoFunctionError("toml: value nested too deeply") }
    }

    mutating func encode(key: [String], _ value: GoValue) throws(GoFunctionError) {
        let v = Self.unwrap(value)
        switch v {
        case .missing, .null: return
        case .map(let map):
            try nest()
            if key.count == 1 { newline() }
            if !key.isEmpty {
                write(Self.indent(key) + "[" + Self.keyString(key) + "]")
                newline()
            }
            try table(key: key, map, inline: false)
            depth -= 1
        case .list:
            if try Self.kind(v) == .arrayOfTables {
                guard !key.isEmpty else { throw GoFunctionError("toml: top-level values must be Go maps or structs") }
                guard case .list(let list) = v else { return }
                try nest()
                for item in list.items {
                    guard case .map(let map) = Self.unwrap(item) else { continue }
                    newline()
                    write(Self.indent(key) + "[[" + Self.keyString(key) + "]]")
                    newline()
                    try table(key: key, map, inline: false)
                }
                depth -= 1
            } else {
                try keyValue(key: key, v, inline: false)
            }
        default:
            try keyValue(key: key, v, inline: false)
        }
    }

    private mutating func table(key: [String], _ map: GoMap, inline: Bool) throws(GoFunctionError) {
        var direct: [String] = [], sub: [String] = []
        for (k, v) in map.entries {
            switch try Self.kind(v) {
            case .table, .arrayOfTables: sub.append(k)
            default: direct.append(k)
            }
        }
        if inline { write("{") }
        for (group, trailingComma) in [(direct, !sub.isEmpty), (sub, false)] {
            let sorted = group.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (i, k) in sorted.enumerated() {
                guard let v = map.entries[k], !Self.unwrap(v).isNil else { continue }
                if inline {
                    try keyValue(key: [k], v, inline: true)
                    if trailingComma || i != sorted.count - 1 { write(", ") }
                } else {
                    try encode(key: key + [k], v)
                }
            }
        }
        if inline { write("}") }
    }

    private mutating func keyValue(key: [String], _ v: GoValue, inline: Bool) throws(GoFunctionError) {
        if key.isEmpty {
            try element(v)
            return
        }
        write(Self.indent(key) + Self.quotedKey(key[key.count - 1]) + " = ")
        try element(v)
        if !inline { newline() }
    }

    private mutating func element(_ value: GoValue) throws(GoFunctionError) {
        let v = Self.unwrap(value)
        switch v {
        case .missing, .null: throw Self.nilElement
        case .bool(let b): write(b ? "true" : "false")
        case .int(let i, _): write(String(i))
        case .uint(let u, _): write(String(u))
        case .float(let f):
            if f.isNaN { write("nan") } else if f.isInfinite { write(f < 0 ? "-inf" : "+inf") } else {
                let text = GoFloatFormat.format(f, fmt: .f)
                write(text.contains(".") ? text : text + ".0")
            }
        case .string(let s): writeQuoted(s)
        case .bytes(let b): write("[" + b.map { String($0) }.joined(separator: ", ") + "]")
        case .list(let list):
            try nest()
            write("[")
            for (i, item) in list.items.enumerated() {
                try element(item)
                if i != list.items.count - 1 { write(", ") }
            }
            write("]")
            depth -= 1
        case .map(let map):
            try nest()
            try table(key: [], map, inline: true)
            depth -= 1
        case .object: write("\"\"")
        case .function(let f): throw GoFunctionError("toml: unsupported type: " + f.typeName)
        }
    }

    private static func indent(_ key: [String]) -> String {
        String(repeating: "  ", count: max(key.count - 1, 0))
    }

    private static func keyString(_ key: [String]) -> String {
        key.map(quotedKey).joined(separator: ".")
    }

    /// Bare keys are `A-Za-z0-9_-`; anything else is quoted.
    private static func quotedKey(_ k: String) -> String {
        if k.isEmpty { return "\"\"" }
        let bare = k.utf8.allSatisfy { c in
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D
        }
        return bare ? k : "\"" + escaped(k) + "\""
    }

    private mutating func writeQuoted(_ s: String) { write("\"" + Self.escaped(s) + "\"") }

    private static let hex = Array("0123456789abcdef")

    /// BurntSushi's `dblQuotedReplacer`: quotes, backslashes and control characters.
    private static func escaped(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0x22 || $0 == 0x5C }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            case 0..<0x20, 0x7F:
                let v = Int(scalar.value)
                out += "\\u00" + String(hex[v >> 4]) + String(hex[v & 15])
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
