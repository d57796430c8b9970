extension CELLexer {
    /// Reads a quoted literal at the current position (the prefix already consumed): `'..'`,
    /// `".."`, `'''..'''`, `"""..."""`. Returns UTF-8 for strings, raw bytes for bytes literals.
    ///
    /// Escapes (langdef.md, "String and Bytes Values"): `\a \b \f \n \r \t \v \\ \' \" \` \?`,
    /// `\xHH`, `\ooo` (octal), and in strings `\uHHHH`, `\UHHHHHHHH`. In a string `\x` and octal
    /// name a code point; in bytes they name one byte. Raw literals keep backslashes as written.
    mutating func quoted(raw: Bool, bytes: Bool, line startLine: Int, column startColumn: Int) throws(CELError) -> [UInt8] {
        guard let quote = peekScalar(0) else {
            throw .parse(message: "unterminated string", line: startLine, column: startColumn)
        }
        let triple = peekScalar(1) == quote && peekScalar(2) == quote
        for _ in 0..<(triple ? 3 : 1) { step() }
        var out: [UInt8] = []
        func appendScalar(_ s: Unicode.Scalar) { out.append(contentsOf: Array(String(s).utf8)) }
        while true {
            guard let c = peekScalar(0) else {
                throw .parse(message: "unterminated string literal", line: startLine, column: startColumn)
            }
            if c == quote {
                if !triple {
                    step()
                    return out
                }
                if peekScalar(1) == quote, peekScalar(2) == quote {
                    step(); step(); step()
                    return out
                }
            }
            if !triple, c == "\n" || c == "\r" {
                throw .parse(message: "newline in single-quoted string literal (use ''' or \"\"\" for multi-line text)",
                             line: startLine, column: startColumn)
            }
            if c == "\\", !raw {
                let escLine = position.line, escColumn = position.column
                step()
                try escape(into: &out, bytes: bytes, line: escLine, column: escColumn)
                continue
            }
            appendScalar(c)
            step()
        }
    }

    private mutating func escape(into out: inout [UInt8], bytes: Bool, line: Int, column: Int) throws(CELError) {
        func bad(_ message: String) -> CELError { .parse(message: message, line: line, column: column) }
        guard let c = peekScalar(0) else { throw bad("unterminated escape sequence") }
        step()
        func appendCodePoint(_ value: UInt32) throws(CELError) {
            guard let scalar = Unicode.Scalar(value) else {
                throw bad("escape sequence names an invalid code point (a surrogate or past U+10FFFF)")
            }
            out.append(contentsOf: Array(String(scalar).utf8))
        }
        func hexDigits(_ count: Int) throws(CELError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let d = peekScalar(0), d.isHexDigit, let v = UInt32(String(d), radix: 16) else {
                    throw bad("escape sequence needs \(count) hexadecimal digits")
                }
                value = value &* 16 &+ v
                step()
            }
            return value
        }
        switch c {
        case "a": out.append(7)
        case "b": out.append(8)
        case "f": out.append(12)
        case "n": out.append(10)
        case "r": out.append(13)
        case "t": out.append(9)
        case "v": out.append(11)
        case "\\", "'", "\"", "`", "?": out.append(UInt8(c.value))
        case "x", "X":
            let v = try hexDigits(2)
            if bytes { out.append(UInt8(v)) } else { try appendCodePoint(v) }
        case "u", "U":
            guard !bytes else { throw bad("\\\(c) escapes are not allowed in bytes literals") }
            try appendCodePoint(try hexDigits(c == "u" ? 4 : 8))
        case "0"..."3":
            var value = c.value - 48
            for _ in 0..<2 {
                guard let d = peekScalar(0), ("0"..."7").contains(d) else {
                    throw bad("octal escape needs three digits (\\000 to \\377)")
                }
                value = value * 8 + (d.value - 48)
                step()
            }
            if bytes { out.append(UInt8(value)) } else { try appendCodePoint(value) }
        default:
            throw bad("invalid escape sequence \\\(c)")
        }
    }
}
