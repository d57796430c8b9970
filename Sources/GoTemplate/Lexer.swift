/// The token kinds of Go's `text/template/parse` lexer, in Go's order: every kind after
/// `keyword` is a keyword, which matters for how an unexpected token is named in errors
/// (`unexpected <end> in …` versus `unexpected "x" in …`).
enum TokenKind: UInt8, Comparable, Sendable {
    case error, bool, char, charConstant, comment, complex, assign, declare, eof, field, identifier
    case leftDelim, leftParen, number, pipe, rawString, rightDelim, rightParen, space, string, text, variable
    case keyword, block, `break`, `continue`, dot, define, `else`, end, `if`, `nil`, range, template, with

    static func < (lhs: TokenKind, rhs: TokenKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One lexed token: a byte range of the input (never copied until the parser asks for it) and
/// the line it starts on. A plain value (no references), so the parser's look-ahead costs no
/// reference counting; an error's message is kept by the lexer (`errorMessage`).
struct Token: Sendable {
    var kind: TokenKind
    var pos: Int
    var end: Int
    var line: Int
}

/// Go's template lexer, over the UTF-8 bytes of the text. Like Go's since 1.20 it is pulled
/// by the parser one token at a time (`nextToken`), with no goroutine and no token buffer.
/// Positions are byte offsets (Go's `Pos`); lines count every `\n` the lexer passes, including
/// the ones inside trimmed space and comments.
struct Lexer {
    let input: [UInt8]
    /// The usable length; an error truncates it to 0 so that every later token is EOF, as Go does.
    var limit: Int
    let leftDelim: [UInt8]
    let rightDelim: [UInt8]
    var pos = 0
    var start = 0
    var atEOF = false
    var parenDepth = 0
    var line = 1
    var startLine = 1
    var insideAction = false
    /// `break`/`continue` are keywords unless a function of that name exists (Go's lexOptions).
    var breakOK = true
    var continueOK = true
    /// The message of the error token, once one was produced (lexing stops there).
    var errorMessage = ""

    init(input: [UInt8], leftDelim: String, rightDelim: String) {
        self.input = input
        self.limit = input.count
        self.leftDelim = Array((leftDelim.isEmpty ? "{{" : leftDelim).utf8)
        self.rightDelim = Array((rightDelim.isEmpty ? "}}" : rightDelim).utf8)
    }

    /// The source text of a token.
    func text(_ token: Token) -> String {
        String(decoding: input[token.pos..<token.end], as: UTF8.self)
    }

    // MARK: runes

    static let eof: UInt32 = 0xFFFF_FFFF

    /// Decodes the rune at `at` (invalid UTF-8 reads as U+FFFD of width 1, as in Go).
    func decode(at index: Int) -> (rune: UInt32, width: Int) {
        let b0 = input[index]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        func cont(_ i: Int) -> UInt32? {
            guard i < limit, input[i] & 0xC0 == 0x80 else { return nil }
            return UInt32(input[i] & 0x3F)
        }
        if b0 & 0xE0 == 0xC0, let c1 = cont(index + 1) {
            let r = (UInt32(b0 & 0x1F) << 6) | c1
            if r >= 0x80 { return (r, 2) }
        } else if b0 & 0xF0 == 0xE0, let c1 = cont(index + 1), let c2 = cont(index + 2) {
            let r = (UInt32(b0 & 0x0F) << 12) | (c1 << 6) | c2
            if r >= 0x800, !(0xD800...0xDFFF).contains(r) { return (r, 3) }
        } else if b0 & 0xF8 == 0xF0, let c1 = cont(index + 1), let c2 = cont(index + 2), let c3 = cont(index + 3) {
            let r = (UInt32(b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3
            if r >= 0x10000, r <= 0x10FFFF { return (r, 4) }
        }
        return (0xFFFD, 1)
    }

    @inline(__always)
    mutating func next() -> UInt32 {
        if pos >= limit {
            atEOF = true
            return Lexer.eof
        }
        let b = input[pos]
        if b < 0x80 {
            pos += 1
            if b == 10 { line += 1 }
            return UInt32(b)
        }
        let (r, w) = decode(at: pos)
        pos += w
        if r == 10 { line += 1 }
        return r
    }

    @inline(__always)
    mutating func peek() -> UInt32 {
        if pos >= limit {
            atEOF = true
            return Lexer.eof
        }
        let b = input[pos]
        return b < 0x80 ? UInt32(b) : decode(at: pos).rune
    }

    /// Steps back one rune; a no-op once the end was reached (Go's `atEOF` rule).
    mutating func backup() {
        guard !atEOF, pos > 0 else { return }
        if input[pos - 1] < 0x80 {
            pos -= 1
            if input[pos] == 10 { line -= 1 }
            return
        }
        var back = pos - 1
        while back > 0, pos - back < 4, input[back] & 0xC0 == 0x80 { back -= 1 }
        let (r, w) = decode(at: back)
        let width = back + w == pos ? w : 1
        pos -= width
        if r == 10, width == 1 { line -= 1 }
    }

    mutating func thisToken(_ kind: TokenKind) -> Token {
        let token = Token(kind: kind, pos: start, end: pos, line: startLine)
        start = pos
        startLine = line
        return token
    }

    /// Skips the pending input, counting its newlines (for text skipped without `next`).
    mutating func ignore() {
        line += newlines(start, pos)
        start = pos
        startLine = line
    }

    func newlines(_ from: Int, _ to: Int) -> Int {
        var count = 0
        var i = from
        while i < to {
            if input[i] == 10 { count += 1 }
            i += 1
        }
        return count
    }

    mutating func errorToken(_ message: String) -> Token {
        let token = Token(kind: .error, pos: start, end: start, line: startLine)
        errorMessage = message
        start = 0
        pos = 0
        limit = 0
        return token
    }

    func hasPrefix(_ prefix: [UInt8], at index: Int) -> Bool {
        guard index >= 0, index + prefix.count <= limit else { return false }
        var i = 0
        while i < prefix.count {
            if input[index + i] != prefix[i] { return false }
            i += 1
        }
        return true
    }

    /// The first index at or after `from` where `needle` starts.
    func find(_ needle: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, needle.count <= limit else { return nil }
        var i = from
        let last = limit - needle.count
        while i <= last {
            if input[i] == first, hasPrefix(needle, at: i) { return i }
            i += 1
        }
        return nil
    }

    static func isSpace(_ r: UInt32) -> Bool { r == 32 || r == 9 || r == 13 || r == 10 }

    func isSpaceByte(at index: Int) -> Bool { index < limit && Lexer.isSpace(UInt32(input[index])) }

    /// `-` followed by a space: the marker after a left delimiter.
    func hasLeftTrimMarker(at index: Int) -> Bool {
        index + 1 < limit && input[index] == UInt8(ascii: "-") && isSpaceByte(at: index + 1)
    }

    /// A space followed by `-`: the marker before a right delimiter.
    func hasRightTrimMarker(at index: Int) -> Bool {
        index + 1 < limit && isSpaceByte(at: index) && input[index + 1] == UInt8(ascii: "-")
    }
}
