/// The parts of Go's `strconv` and `unicode` the template parser depends on: quoting for error
/// messages (`%q`, `%#U`), unquoting of string and character literals, and Go's notion of a
/// letter/digit. Kept to Go's rules so that error texts and literal values match byte for byte.
enum GoQuoting {
    struct SyntaxError: Error {}

    /// Go's `%.Nq`: the first `runes` runes of `s`, quoted.
    static func quote(_ s: String, runes: Int) -> String {
        GoFormat.quote(String(String.UnicodeScalarView(s.unicodeScalars.prefix(runes))))
    }

    private static func hex(_ r: UInt32, width: Int, upper: Bool = false) -> String {
        let digits = String(r, radix: 16, uppercase: upper)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Go's `%#U`: `U+0041 'A'`, or `U+0001` for a rune that does not print.
    static func unicodeFormat(_ r: UInt32) -> String {
        let code = "U+" + hex(r, width: 4, upper: true)
        if GoFormat.isPrint(r), let scalar = Unicode.Scalar(r) { return code + " '" + String(Character(scalar)) + "'" }
        return code
    }

    /// Go's `strconv.Unquote` for the three literal forms a template has.
    static func unquote(_ s: String) throws(SyntaxError) -> String {
        var bytes = Array(s.utf8)
        guard bytes.count >= 2, let quote = bytes.first, bytes.last == quote else { throw SyntaxError() }
        bytes.removeFirst()
        bytes.removeLast()
        switch quote {
        case UInt8(ascii: "`"):
            if bytes.contains(UInt8(ascii: "`")) { throw SyntaxError() }
            bytes.removeAll { $0 == 13 }
            return String(decoding: bytes, as: UTF8.self)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            if bytes.contains(10) { throw SyntaxError() }
            if quote == UInt8(ascii: "\""), !bytes.contains(UInt8(ascii: "\\")), !bytes.contains(quote) {
                return String(decoding: bytes, as: UTF8.self) // nothing to unescape
            }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            var runes = 0
            while i < bytes.count {
                try unquoteChar(bytes, &i, quote: quote, into: &out)
                runes += 1
            }
            if quote == UInt8(ascii: "'"), runes != 1 { throw SyntaxError() }
            return String(decoding: out, as: UTF8.self)
        default:
            throw SyntaxError()
        }
    }

    /// Decodes one (possibly escaped) character of a quoted literal at `i`, appending its
    /// UTF-8 (or, for `\x`/octal escapes in a string, the raw byte) to `out`.
    /// Returns the rune value. Go's `strconv.UnquoteChar`.
    @discardableResult
    static func unquoteChar(_ s: [UInt8], _ i: inout Int, quote: UInt8, into out: inout [UInt8]) throws(SyntaxError) -> UInt32 {
        let c = s[i]
        if c == quote, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") { throw SyntaxError() }
        if c != UInt8(ascii: "\\") {
            let start = i
            i += 1
            if c >= 0x80 {
                while i < s.count, s[i] & 0xC0 == 0x80, i - start < 4 { i += 1 }
            }
            out.append(contentsOf: s[start..<i])
            if c < 0x80 { return UInt32(c) }
            return String(decoding: s[start..<i], as: UTF8.self).unicodeScalars.first?.value ?? 0xFFFD
        }
        guard i + 1 < s.count else { throw SyntaxError() }
        let e = s[i + 1]
        i += 2
        func simple(_ v: UInt8) -> UInt32 { out.append(v); return UInt32(v) }
        switch e {
        case UInt8(ascii: "a"): return simple(7)
        case UInt8(ascii: "b"): return simple(8)
        case UInt8(ascii: "f"): return simple(12)
        case UInt8(ascii: "n"): return simple(10)
        case UInt8(ascii: "r"): return simple(13)
        case UInt8(ascii: "t"): return simple(9)
        case UInt8(ascii: "v"): return simple(11)
        case UInt8(ascii: "\\"): return simple(0x5C)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            guard e == quote else { throw SyntaxError() }
            return simple(e)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = e == UInt8(ascii: "x") ? 2 : (e == UInt8(ascii: "u") ? 4 : 8)
            guard i + n <= s.count else { throw SyntaxError() }
            var v: UInt32 = 0
            for k in 0..<n {
                guard let d = hexDigit(s[i + k]) else { throw SyntaxError() }
                v = v << 4 | d
            }
            i += n
            if e == UInt8(ascii: "x") {
                if quote == UInt8(ascii: "'") { appendUTF8(v, to: &out) } else { out.append(UInt8(v)) }
                return v
            }
            guard let scalar = Unicode.Scalar(v) else { throw SyntaxError() }
            appendUTF8(scalar.value, to: &out)
            return v
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            guard i + 2 <= s.count else { throw SyntaxError() }
            var v = UInt32(e - UInt8(ascii: "0"))
            for k in 0..<2 {
                let d = s[i + k]
                guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "7") else { throw SyntaxError() }
                v = v << 3 | UInt32(d - UInt8(ascii: "0"))
            }
            guard v <= 255 else { throw SyntaxError() }
            i += 2
            if quote == UInt8(ascii: "'") { appendUTF8(v, to: &out) } else { out.append(UInt8(v)) }
            return v
        default:
            throw SyntaxError()
        }
    }

    private static func hexDigit(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(v) else { return }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }
}

extension Lexer {
    /// Go's `isAlphaNumeric`: `_`, a Unicode letter (L*) or a decimal digit (Nd).
    static func isAlphaNumeric(_ r: UInt32) -> Bool {
        if r < 0x80 {
            return r == 0x5F || (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5A) || (r >= 0x61 && r <= 0x7A)
        }
        guard r != Lexer.eof, let scalar = Unicode.Scalar(r) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }
}
