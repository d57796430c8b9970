/// Number scanning, as loose as Go's: it accepts anything number-like (`0x0.2`, `089`) and
/// leaves the checking to the parser's `strconv` rules, except that a number may not run into
/// a letter (`3k` is "bad number syntax").
extension Lexer {
    /// A number in any of Go's forms (the parser checks it); `1+2i` is one complex token.
    mutating func lexNumber() -> Token {
        if !scanNumber() { return errorToken("bad number syntax: \(GoFormat.quote(text(from: start, to: pos)))") }
        let sign = peek()
        if sign == 0x2B || sign == 0x2D {
            if !scanNumber() || input[pos - 1] != UInt8(ascii: "i") {
                return errorToken("bad number syntax: \(GoFormat.quote(text(from: start, to: pos)))")
            }
            return thisToken(.complex)
        }
        return thisToken(.number)
    }

    private func text(from: Int, to: Int) -> String {
        String(decoding: input[from..<to], as: UTF8.self)
    }

    private mutating func accept(_ valid: StaticString) -> Bool {
        let r = next()
        if r < 0x80, Lexer.contains(valid, r) { return true }
        backup()
        return false
    }

    private mutating func acceptRun(_ valid: StaticString) {
        while true {
            let r = next()
            if r < 0x80, Lexer.contains(valid, r) { continue }
            backup()
            return
        }
    }

    private static func contains(_ set: StaticString, _ r: UInt32) -> Bool {
        set.withUTF8Buffer { $0.contains(UInt8(r)) }
    }

    private mutating func scanNumber() -> Bool {
        _ = accept("+-")
        var digits: StaticString = "0123456789_"
        if accept("0") {
            if accept("xX") {
                digits = "0123456789abcdefABCDEF_"
            } else if accept("oO") {
                digits = "01234567_"
            } else if accept("bB") {
                digits = "01_"
            }
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if digits.utf8CodeUnitCount == 11, accept("eE") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        if digits.utf8CodeUnitCount == 23, accept("pP") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        _ = accept("i")
        if Lexer.isAlphaNumeric(peek()) {
            _ = next()
            return false
        }
        return true
    }
}
