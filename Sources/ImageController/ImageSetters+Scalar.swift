import Manifests

/// Reading and writing one scalar in the style it was written in.
enum SetterScalar {
    enum Style: Equatable {
        case plain, singleQuoted, doubleQuoted
    }

    /// The scalar's value; nil for an escape Ferry does not read (the line is then left alone).
    static func decode(_ bytes: [UInt8], style: Style) -> String? {
        switch style {
        case .plain:
            return String(decoding: bytes, as: UTF8.self)
        case .singleQuoted:
            let inner = String(decoding: bytes.dropFirst().dropLast(), as: UTF8.self)
            return inner.replacingAll("''", with: "'")
        case .doubleQuoted:
            var out = ""
            var scalars = String(decoding: bytes.dropFirst().dropLast(), as: UTF8.self).unicodeScalars.makeIterator()
            while let c = scalars.next() {
                guard c == "\\" else { out.unicodeScalars.append(c); continue }
                switch scalars.next() {
                case "\\": out += "\\"
                case "\"": out += "\""
                case "/": out += "/"
                case "n": out += "\n"
                case "t": out += "\t"
                case " ": out += " "
                default: return nil
                }
            }
            return out
        }
    }

    /// `value` written in `style`. A plain original stays plain unless the new value would not
    /// read back as that string: a value YAML 1.1 would type (`1.10`, `true`, `~`, empty) is
    /// double-quoted (kyaml's `FormatNonStringStyle`); one plain YAML cannot hold (`: `, ` #`,
    /// a leading indicator) is single-quoted, as go-yaml's emitter chooses.
    static func encode(_ value: String, like style: Style) -> [UInt8] {
        switch style {
        case .doubleQuoted:
            return Array(doubleQuoted(value).utf8)
        case .singleQuoted:
            if !canSingleQuote(value) { return Array(doubleQuoted(value).utf8) }
            return Array(("'" + value.replacingAll("'", with: "''") + "'").utf8)
        case .plain:
            if value.isEmpty || YAML.resolvePlain(value) != .string(value) { return Array(doubleQuoted(value).utf8) }
            if canBePlain(value) { return Array(value.utf8) }
            return encode(value, like: .singleQuoted)
        }
    }

    static func doubleQuoted(_ value: String) -> String {
        var out = "\""
        for c in value.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    let hex = String(c.value, radix: 16, uppercase: true)
                    out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    static func canSingleQuote(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    }

    /// Whether a block-context plain scalar can hold `value` on one line.
    static func canBePlain(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return false }
        if " \t".unicodeScalars.contains(first) || " \t".unicodeScalars.contains(last) { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
            // `-`, `?`, `:` may start a plain scalar when a non-space follows.
            let second = value.unicodeScalars.dropFirst().first
            guard "-?:".unicodeScalars.contains(first), let second, second != " ", second != "\t" else { return false }
        }
        if value.contains(": ") || value.contains(" #") || value.hasSuffix(":") { return false }
        return canSingleQuote(value)
    }
}
