/// The lexer's states, as Go's state functions: each either returns the next token or moves
/// to another state. `nextToken` runs them until one produces a token.
extension Lexer {
    private enum State { case text, leftDelim, comment, insideAction }
    private static let leftComment = Array("/*".utf8)
    private static let rightComment = Array("*/".utf8)
    private static let keywords: [(word: [UInt8], kind: TokenKind)] = {
        let table: [(String, TokenKind)] = [
            ("block", .block), ("break", .break), ("continue", .continue), ("define", .define), ("else", .else),
            ("end", .end), ("if", .if), ("range", .range), ("nil", .nil), ("template", .template), ("with", .with),
        ]
        return table.map { (Array($0.0.utf8), $0.1) }
    }()
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)

    mutating func nextToken() -> Token {
        var state: State = insideAction ? .insideAction : .text
        while true {
            switch state {
            case .text:
                if let token = lexText(next: &state) { return token }
            case .leftDelim:
                if let token = lexLeftDelim(next: &state) { return token }
            case .comment:
                if let token = lexComment(next: &state) { return token }
            case .insideAction:
                return lexInsideAction()
            }
        }
    }

    /// Text up to the next left delimiter, without the space a `{{- ` trims.
    private mutating func lexText(next state: inout State) -> Token? {
        if let x = find(leftDelim, from: pos) {
            if x > pos {
                pos = x
                var trim = 0
                if hasLeftTrimMarker(at: pos + leftDelim.count) { trim = rightTrimLength(start, pos) }
                pos -= trim
                line += newlines(start, pos)
                let token = thisToken(.text)
                pos += trim
                ignore()
                if token.end > token.pos { return token }
            }
            state = .leftDelim
            return nil
        }
        pos = limit
        if pos > start {
            line += newlines(start, pos)
            return thisToken(.text)
        }
        return thisToken(.eof)
    }

    private func rightTrimLength(_ from: Int, _ to: Int) -> Int {
        var i = to
        while i > from, Lexer.isSpace(UInt32(input[i - 1])) { i -= 1 }
        return to - i
    }

    private func leftTrimLength(from: Int) -> Int {
        var i = from
        while i < limit, Lexer.isSpace(UInt32(input[i])) { i += 1 }
        return i - from
    }

    private mutating func lexLeftDelim(next state: inout State) -> Token? {
        pos += leftDelim.count
        let afterMarker = hasLeftTrimMarker(at: pos) ? 2 : 0
        if hasPrefix(Lexer.leftComment, at: pos + afterMarker) {
            pos += afterMarker
            ignore()
            state = .comment
            return nil
        }
        let token = thisToken(.leftDelim)
        insideAction = true
        pos += afterMarker
        ignore()
        parenDepth = 0
        return token
    }

    /// A comment is skipped (text/template never asks for comment nodes); its newlines count.
    private mutating func lexComment(next state: inout State) -> Token? {
        pos += 2
        guard let x = find(Lexer.rightComment, from: pos) else { return errorToken("unclosed comment") }
        pos = x + 2
        let (delim, trimSpace) = atRightDelim()
        guard delim else { return errorToken("comment ends before closing delimiter") }
        line += newlines(start, pos)
        _ = thisToken(.comment)
        if trimSpace { pos += 2 }
        pos += rightDelim.count
        if trimSpace { pos += leftTrimLength(from: pos) }
        ignore()
        state = .text
        return nil
    }

    /// Whether the input is at a right delimiter, and whether a ` -` trim marker precedes it.
    func atRightDelim() -> (delim: Bool, trimSpaces: Bool) {
        if hasRightTrimMarker(at: pos), hasPrefix(rightDelim, at: pos + 2) { return (true, true) }
        if hasPrefix(rightDelim, at: pos) { return (true, false) }
        return (false, false)
    }

    private mutating func lexRightDelim() -> Token {
        let trimSpace = atRightDelim().trimSpaces
        if trimSpace {
            pos += 2
            ignore()
        }
        pos += rightDelim.count
        let token = thisToken(.rightDelim)
        if trimSpace {
            pos += leftTrimLength(from: pos)
            ignore()
        }
        insideAction = false
        return token
    }

    private mutating func lexInsideAction() -> Token {
        if atRightDelim().delim {
            if parenDepth == 0 { return lexRightDelim() }
            return errorToken("unclosed left paren")
        }
        let r = next()
        switch r {
        case Lexer.eof:
            return errorToken("unclosed action")
        case 32, 9, 13, 10:
            backup()
            return lexSpace()
        case 0x3D: // =
            return thisToken(.assign)
        case 0x3A: // :
            if next() != 0x3D { return errorToken("expected :=") }
            return thisToken(.declare)
        case 0x7C: // |
            return thisToken(.pipe)
        case 0x22: // "
            return lexQuote(kind: .string, quote: 0x22, message: "unterminated quoted string")
        case 0x60: // `
            return lexRawQuote()
        case 0x24: // $
            if atTerminator() { return thisToken(.variable) }
            return lexFieldOrVariable(.variable)
        case 0x27: // '
            return lexQuote(kind: .charConstant, quote: 0x27, message: "unterminated character constant")
        case 0x2E where pos < limit && !(0x30...0x39).contains(input[pos]): // .field
            return lexFieldOrVariable(.field)
        case 0x2E, 0x2B, 0x2D, 0x30...0x39: // . + - digit
            backup()
            return lexNumber()
        case 0x28: // (
            parenDepth += 1
            return thisToken(.leftParen)
        case 0x29: // )
            parenDepth -= 1
            if parenDepth < 0 { return errorToken("unexpected right paren") }
            return thisToken(.rightParen)
        default:
            if Lexer.isAlphaNumeric(r) {
                backup()
                return lexIdentifier()
            }
            if r <= 0x7F, r >= 0x20, r != 0x7F { return thisToken(.char) }
            return errorToken("unrecognized character in action: \(GoQuoting.unicodeFormat(r))")
        }
    }

    /// A run of spaces; one space before ` -}}` belongs to the delimiter.
    private mutating func lexSpace() -> Token {
        var numSpaces = 0
        while Lexer.isSpace(peek()) {
            _ = next()
            numSpaces += 1
        }
        if hasRightTrimMarker(at: pos - 1), hasPrefix(rightDelim, at: pos + 1) {
            backup()
            if numSpaces == 1 { return lexRightDelim() }
        }
        return thisToken(.space)
    }

    private mutating func lexIdentifier() -> Token {
        while true {
            let r = next()
            if Lexer.isAlphaNumeric(r) { continue }
            backup()
            if !atTerminator() { return errorToken("bad character \(GoQuoting.unicodeFormat(r))") }
            let word = input[start..<pos]
            if let keyword = Lexer.keyword(word) {
                if keyword == .break && !breakOK || keyword == .continue && !continueOK {
                    return thisToken(.identifier)
                }
                return thisToken(keyword)
            }
            if word.elementsEqual(Lexer.trueBytes) || word.elementsEqual(Lexer.falseBytes) { return thisToken(.bool) }
            return thisToken(.identifier)
        }
    }

    private static func keyword(_ word: ArraySlice<UInt8>) -> TokenKind? {
        guard word.count >= 2, word.count <= 8 else { return nil }
        for entry in keywords where entry.word.count == word.count && word.elementsEqual(entry.word) { return entry.kind }
        return nil
    }

    /// `.Name` or `$name`: the `.`/`$` is already consumed. A lone `.` is the dot.
    private mutating func lexFieldOrVariable(_ kind: TokenKind) -> Token {
        if atTerminator() { return thisToken(kind == .variable ? .variable : .dot) }
        var r: UInt32
        repeat { r = next() } while Lexer.isAlphaNumeric(r)
        backup()
        if !atTerminator() { return errorToken("bad character \(GoQuoting.unicodeFormat(r))") }
        return thisToken(kind)
    }

    /// Whether the next rune may end an identifier (so `$x+2` is an error, `.a.b` two tokens).
    private mutating func atTerminator() -> Bool {
        let r = peek()
        if Lexer.isSpace(r) { return true }
        switch r {
        case Lexer.eof, 0x2E, 0x2C, 0x7C, 0x3A, 0x29, 0x28: return true
        default: return hasPrefix(rightDelim, at: pos)
        }
    }

    /// A quoted string or character constant; escapes are checked by the parser.
    private mutating func lexQuote(kind: TokenKind, quote: UInt32, message: String) -> Token {
        while true {
            var r = next()
            if r == 0x5C { // backslash
                r = next()
                if r != Lexer.eof, r != 10 { continue }
                return errorToken(message)
            }
            if r == Lexer.eof || r == 10 { return errorToken(message) }
            if r == quote { return thisToken(kind) }
        }
    }

    private mutating func lexRawQuote() -> Token {
        while true {
            let r = next()
            if r == Lexer.eof { return errorToken("unterminated raw quoted string") }
            if r == 0x60 { return thisToken(.rawString) }
        }
    }
}
