import GoTemplate

/// One JSON value read from the middle of a `--set-json` argument, as Go's `json.Decoder`
/// reads the next value of a stream: objects become maps, arrays lists, numbers float64.
/// `position` ends just after the value, where the strvals parser continues.
struct StrvalsJSON {
    let text: [Unicode.Scalar]
    var position: Int
    static let maximumDepth = 1_000

    private func fail(_ what: String) -> HelmError { HelmError(what) }

    private mutating func skipSpace() {
        while position < text.count, [" ", "\t", "\n", "\r"].contains(text[position]) { position += 1 }
    }

    private func unexpected(_ context: String) -> HelmError {
        guard position < text.count else { return HelmError("unexpected EOF") }
        return HelmError("invalid character '\(Character(text[position]))' \(context)")
    }

    mutating func value(depth: Int) throws(HelmError) -> GoValue {
        guard depth < Self.maximumDepth else { throw HelmError("exceeded max depth") }
        skipSpace()
        guard position < text.count else { throw HelmError("EOF") }
        switch text[position] {
        case "{":
            position += 1
            let m = GoMap()
            skipSpace()
            if position < text.count, text[position] == "}" { position += 1; return .map(m) }
            while true {
                skipSpace()
                guard position < text.count, text[position] == "\"" else {
                    throw unexpected("looking for beginning of object key string")
                }
                let key = try string()
                skipSpace()
                guard position < text.count, text[position] == ":" else { throw unexpected("after object key") }
                position += 1
                m[key] = try value(depth: depth + 1)
                skipSpace()
                guard position < text.count else { throw HelmError("unexpected EOF") }
                if text[position] == "," { position += 1; continue }
                if text[position] == "}" { position += 1; return .map(m) }
                throw unexpected("after object key:value pair")
            }
        case "[":
            position += 1
            var items: [GoValue] = []
            skipSpace()
            if position < text.count, text[position] == "]" { position += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard position < text.count else { throw HelmError("unexpected EOF") }
                if text[position] == "," { position += 1; continue }
                if text[position] == "]" { position += 1; return .array(items) }
                throw unexpected("after array element")
            }
        case "\"":
            return .string(try string())
        case "t": return try literal("true", .bool(true))
        case "f": return try literal("false", .bool(false))
        case "n": return try literal("null", .null)
        default:
            return try number()
        }
    }

    private mutating func literal(_ word: String, _ v: GoValue) throws(HelmError) -> GoValue {
        for expected in word.unicodeScalars {
            guard position < text.count else { throw HelmError("unexpected EOF") }
            guard text[position] == expected else { throw unexpected("in literal \(word) (expecting '\(Character(expected))')") }
            position += 1
        }
        return v
    }

    private mutating func number() throws(HelmError) -> GoValue {
        let start = position
        func digits() -> Int {
            let s = position
            while position < text.count, text[position] >= "0", text[position] <= "9" { position += 1 }
            return position - s
        }
        if position < text.count, text[position] == "-" { position += 1 }
        guard position < text.count, text[position] >= "0", text[position] <= "9" else {
            throw unexpected("looking for beginning of value")
        }
        if text[position] == "0" { position += 1 } else { _ = digits() }
        if position < text.count, text[position] == "." {
            position += 1
            guard digits() > 0 else { throw unexpected("after decimal point in numeric literal") }
        }
        if position < text.count, text[position] == "e" || text[position] == "E" {
            position += 1
            if position < text.count, text[position] == "+" || text[position] == "-" { position += 1 }
            guard digits() > 0 else { throw unexpected("in exponent of numeric literal") }
        }
        let literal = String(String.UnicodeScalarView(text[start..<position]))
        guard let d = Double(literal), d.isFinite else {
            throw HelmError("json: cannot unmarshal number \(literal) into Go value of type float64")
        }
        return .float(d)
    }

    private mutating func string() throws(HelmError) -> String {
        position += 1
        var out = String.UnicodeScalarView()
        while position < text.count {
            let c = text[position]
            position += 1
            switch c {
            case "\"": return String(out)
            case "\\":
                guard position < text.count else { throw HelmError("unexpected EOF") }
                let e = text[position]
                position += 1
                switch e {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "/": out.append("/")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "u":
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), position + 1 < text.count,
                       text[position] == "\\", text[position + 1] == "u" {
                        let save = position
                        position += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            position = save
                        }
                    }
                    out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default:
                    throw HelmError("invalid character '\(Character(e))' in string escape code")
                }
            default:
                if c.value < 0x20 { throw HelmError("invalid character in string literal") }
                out.append(c)
            }
        }
        throw HelmError("unexpected EOF")
    }

    private mutating func hex4() throws(HelmError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard position < text.count, let d = Character(text[position]).hexDigitValue else {
                throw HelmError("invalid character in \\u hexadecimal character escape")
            }
            v = v * 16 + UInt32(d)
            position += 1
        }
        return v
    }
}
