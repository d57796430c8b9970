/// One token of CEL source, with the 1-based line and column (in Unicode scalars) it starts at.
struct CELToken: Sendable {
    enum Kind: Sendable, Equatable {
        case int(String)      // digits as written (decimal or 0x hex), sign not included
        case uint(String)     // digits without the `u` suffix
        case double(Double)
        case string(String)
        case bytes([UInt8])
        case ident(String)
        case quotedIdent(String)  // `field-name` in back-ticks, only valid after `.`
        case punct(String)
        case eof
    }
    var kind: Kind
    var line: Int
    var column: Int

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .int(let t): return t
        case .uint(let t): return t + "u"
        case .double(let d): return CELValue.formatDouble(d)
        case .string(let s): return CELValue.quote(s)
        case .bytes: return "bytes literal"
        case .ident(let s): return s
        case .quotedIdent(let s): return "`\(s)`"
        case .punct(let p): return p
        case .eof: return "end of input"
        }
    }
}

/// Splits CEL source into tokens (langdef.md, "Syntax"). Pure, single pass, no backtracking.
struct CELLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1

    init(_ source: String) { scalars = Array(source.unicodeScalars) }

    static let reserved: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
        "package", "namespace", "return", "var", "void", "while",
    ]

    private static let punctuation: [String] = [
        "==", "!=", "<=", ">=", "&&", "||", ".?", "[?",
        "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}",
    ]

    private static let punctuationScalars = punctuation.map { ($0, Array($0.unicodeScalars)) }

    mutating func tokenize() throws(CELError) -> [CELToken] {
        var tokens: [CELToken] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .eof { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < scalars.count ? scalars[i] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    func peekScalar(_ offset: Int) -> Unicode.Scalar? { peek(offset) }
    mutating func step() { advance() }
    var position: (line: Int, column: Int) { (line, column) }

    private func fail(_ message: String, _ line: Int, _ column: Int) -> CELError {
        .parse(message: message, line: line, column: column)
    }

    private mutating func skipTrivia() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                advance()
            } else if c == "/", peek(1) == "/" {
                while let d = peek(), d != "\n" { advance() }
            } else {
                return
            }
        }
    }

    private mutating func next() throws(CELError) -> CELToken {
        skipTrivia()
        let startLine = line, startColumn = column
        func token(_ kind: CELToken.Kind) -> CELToken { CELToken(kind: kind, line: startLine, column: startColumn) }
        guard let c = peek() else { return token(.eof) }

        if c.isDigit || (c == "." && (peek(1)?.isDigit ?? false)) {
            return token(try number())
        }
        if c.isIdentStart {
            // String and bytes prefixes: r, b, rb, br in any case, directly before a quote.
            var prefix = ""
            var j = 0
            while j < 2, let p = peek(j), "rRbB".unicodeScalars.contains(p) {
                prefix.unicodeScalars.append(p)
                j += 1
            }
            let lower = prefix.lowercased()
            for length in stride(from: prefix.unicodeScalars.count, through: 1, by: -1) {
                let candidate = String(lower.prefix(length))
                let valid = ["r", "b", "rb", "br"].contains(candidate)
                if valid, let q = peek(length), q == "\"" || q == "'" {
                    for _ in 0..<length { advance() }
                    let raw = candidate.contains("r")
                    let isBytes = candidate.contains("b")
                    let bytes = try quoted(raw: raw, bytes: isBytes, line: startLine, column: startColumn)
                    return token(isBytes ? .bytes(bytes) : .string(String(decoding: bytes, as: UTF8.self)))
                }
            }
            var name = ""
            while let d = peek(), d.isIdentStart || d.isDigit {
                name.unicodeScalars.append(d)
                advance()
            }
            return token(.ident(name))
        }
        if c == "\"" || c == "'" {
            let bytes = try quoted(raw: false, bytes: false, line: startLine, column: startColumn)
            return token(.string(String(decoding: bytes, as: UTF8.self)))
        }
        if c == "`" {
            advance()
            var name = ""
            while let d = peek(), d != "`" {
                guard d.isIdentStart || d.isDigit || "-./~ ".unicodeScalars.contains(d) else {
                    throw fail("invalid character \(CELValue.quote(String(d))) in quoted identifier", line, column)
                }
                name.unicodeScalars.append(d)
                advance()
            }
            guard peek() == "`" else { throw fail("unterminated quoted identifier", startLine, startColumn) }
            advance()
            guard !name.isEmpty else { throw fail("empty quoted identifier", startLine, startColumn) }
            return token(.quotedIdent(name))
        }
        for (p, ps) in Self.punctuationScalars where ps[0] == c && (ps.count == 1 || peek(1) == ps[1]) {
            for _ in ps { advance() }
            return token(.punct(p))
        }
        throw fail("unexpected character \(CELValue.quote(String(c)))", startLine, startColumn)
    }

    private mutating func number() throws(CELError) -> CELToken.Kind {
        let startLine = line, startColumn = column
        var text = ""
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            advance(); advance()
            while let d = peek(), d.isHexDigit {
                text.unicodeScalars.append(d)
                advance()
            }
            guard !text.isEmpty else { throw fail("hexadecimal literal without digits", startLine, startColumn) }
            text = "0x" + text
            if let u = peek(), u == "u" || u == "U" {
                advance()
                return .uint(text)
            }
            return .int(text)
        }
        var isDouble = false
        while let d = peek(), d.isDigit {
            text.unicodeScalars.append(d)
            advance()
        }
        if peek() == ".", peek(1)?.isDigit ?? false {
            isDouble = true
            text += "."
            advance()
            while let d = peek(), d.isDigit {
                text.unicodeScalars.append(d)
                advance()
            }
        }
        if let e = peek(), e == "e" || e == "E" {
            var k = 1
            if let s = peek(1), s == "+" || s == "-" { k = 2 }
            if peek(k)?.isDigit ?? false {
                isDouble = true
                for _ in 0..<k {
                    text.unicodeScalars.append(peek() ?? "e")
                    advance()
                }
                while let d = peek(), d.isDigit {
                    text.unicodeScalars.append(d)
                    advance()
                }
            }
        }
        if isDouble {
            guard let value = Double(text.hasPrefix(".") ? "0" + text : text) else {
                throw fail("invalid floating-point literal \(text)", startLine, startColumn)
            }
            return .double(value)
        }
        if let u = peek(), u == "u" || u == "U" {
            advance()
            return .uint(text)
        }
        return .int(text)
    }
}

extension Unicode.Scalar {
    var isDigit: Bool { ("0"..."9").contains(self) }
    var isHexDigit: Bool { isDigit || ("a"..."f").contains(self) || ("A"..."F").contains(self) }
    var isIdentStart: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) || self == "_" }
}
