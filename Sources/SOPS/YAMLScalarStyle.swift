import Foundation

/// The style go-yaml v3 (a port of libyaml's emitter) gives a string: plain when it reads back
/// as the same string and libyaml's scalar analysis allows it, literal block (`|`, `|-`, `|+`)
/// for multi-line text, single quotes when plain is not allowed, double quotes when the string
/// would read as another type or holds characters only double quotes can carry.
enum YAMLScalarStyle {
    struct Analysis {
        var blockPlainAllowed = true
        var singleQuotedAllowed = true
        var blockAllowed = true
        var multiline = false
    }

    static func isPrintable(_ v: UInt32) -> Bool {
        v == 0x0A || (0x20...0x7E).contains(v) || v == 0x85 || (0xA0...0xD7FF).contains(v)
            || ((0xE000...0xFFFD).contains(v) && v != 0xFEFF) || (0x10000...0x10FFFF).contains(v)
    }

    static func isBreak(_ v: UInt32) -> Bool { v == 0x0A || v == 0x0D || v == 0x85 || v == 0x2028 || v == 0x2029 }
    static func isBlank(_ v: UInt32) -> Bool { v == 0x20 || v == 0x09 }

    /// libyaml's `yaml_emitter_analyze_scalar`, block context.
    static func analyze(_ text: String) -> Analysis {
        var a = Analysis()
        let scalars = text.unicodeScalars.map(\.value)
        if scalars.isEmpty {
            a.blockPlainAllowed = false
            a.blockAllowed = false
            return a
        }
        var blockIndicators = false, lineBreaks = false, special = false
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false
        var previousSpace = false, previousBreak = false
        if text.hasPrefix("---") || text.hasPrefix("...") {
            if scalars.count == 3 || isBlank(scalars[3]) || isBreak(scalars[3]) { blockIndicators = true }
        }
        var precededByWhitespace = true
        for (i, c) in scalars.enumerated() {
            let next: UInt32? = i + 1 < scalars.count ? scalars[i + 1] : nil
            let followedByWhitespace = next.map { isBlank($0) || isBreak($0) } ?? true
            if i == 0 {
                switch Unicode.Scalar(c).map(Character.init) {
                case "#", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`": blockIndicators = true
                case "?", ":": if followedByWhitespace { blockIndicators = true }
                case "-": if followedByWhitespace { blockIndicators = true }
                default: break
                }
            } else {
                if c == 0x3A && followedByWhitespace { blockIndicators = true }
                if c == 0x23 && precededByWhitespace { blockIndicators = true }
            }
            if !isPrintable(c) { special = true }
            if isBreak(c) { lineBreaks = true }
            if c == 0x20 {
                if i == 0 { leadingSpace = true }
                if i == scalars.count - 1 { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true; previousBreak = false
            } else if isBreak(c) {
                if i == 0 { leadingBreak = true }
                if i == scalars.count - 1 { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false; previousBreak = true
            } else {
                previousSpace = false; previousBreak = false
            }
            precededByWhitespace = isBlank(c) || isBreak(c)
        }
        a.multiline = lineBreaks
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak { a.blockPlainAllowed = false }
        if trailingSpace { a.blockAllowed = false }
        if breakSpace { a.blockPlainAllowed = false; a.singleQuotedAllowed = false }
        if spaceBreak || special { a.blockPlainAllowed = false; a.singleQuotedAllowed = false; a.blockAllowed = false }
        if lineBreaks { a.blockPlainAllowed = false }
        if blockIndicators { a.blockPlainAllowed = false }
        return a
    }

    /// `s` as a scalar on a line indented by `indent` (block content goes 4 deeper).
    static func render(_ s: String, indent: Int) -> String {
        let a = analyze(s)
        if s.contains("\n") {
            if a.blockAllowed { return literal(s, indent: indent + 4) }
            return doubleQuoted(s)
        }
        if !YAMLScalarResolver.canBePlainString(s) { return doubleQuoted(s) }
        if a.blockPlainAllowed { return s }
        if a.singleQuotedAllowed { return "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
        return doubleQuoted(s)
    }

    static func literal(_ s: String, indent: Int) -> String {
        var header = "|"
        if s.first == " " || s.first == "\n" { header += "4" }
        if !s.hasSuffix("\n") { header += "-" } else if s.hasSuffix("\n\n") || s == "\n" { header += "+" }
        let pad = String(repeating: " ", count: indent)
        var body = s
        if body.hasSuffix("\n") { body.removeLast() }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        return header + lines.map { $0.isEmpty ? "\n" : "\n" + pad + $0 }.joined()
    }

    static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x00: out += "\\0"
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0B: out += "\\v"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            case 0x1B: out += "\\e"
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x85: out += "\\N"
            case 0xA0: out += "\\_"
            case 0x2028: out += "\\L"
            case 0x2029: out += "\\P"
            default:
                if isPrintable(v) && v != 0xFEFF {
                    out.unicodeScalars.append(scalar)
                } else if v <= 0xFF {
                    out += "\\x" + hex(v, width: 2)
                } else if v <= 0xFFFF {
                    out += "\\u" + hex(v, width: 4)
                } else {
                    out += "\\U" + hex(v, width: 8)
                }
            }
        }
        return out + "\""
    }

    static func hex(_ v: UInt32, width: Int) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
