/// Go's `newNumber`: a literal is stored under every type that can hold its value exactly,
/// simulating Go's untyped constants, with the integer forms of `strconv` (`ParseInt`/
/// `ParseUint` with base 0: `0x`, `0o`, `0b`, leading-0 octal, `_` separators) and its floats
/// (decimal and hex, `_` separators).
extension NumberNode {
    struct NumberError: Error { var message: String }

    static func parse(pos: Int, text: String, kind: TokenKind) throws(NumberError) -> NumberNode {
        var n = NumberNode(pos: pos, isInt: false, isUint: false, isFloat: false, int64: 0, uint64: 0, float64: 0, text: text)
        let bytes = Array(text.utf8)
        switch kind {
        case .charConstant:
            var i = 0
            var out: [UInt8] = []
            guard bytes.count >= 2 else { throw NumberError(message: "invalid syntax") }
            let rune: UInt32
            do { rune = try GoQuoting.unquoteChar(Array(bytes.dropFirst()), &i, quote: UInt8(ascii: "'"), into: &out) } catch {
                throw NumberError(message: "invalid syntax")
            }
            // `i` indexes the slice without the opening quote; the tail must be the closing one.
            if i != bytes.count - 2 || bytes.last != UInt8(ascii: "'") {
                throw NumberError(message: "malformed character constant: \(text)")
            }
            n.isInt = true
            n.isUint = true
            n.isFloat = true
            n.int64 = Int64(rune)
            n.uint64 = UInt64(rune)
            n.float64 = Double(rune)
            return n
        case .complex:
            guard let (re, im) = parseComplex(bytes) else { throw NumberError(message: "illegal number syntax: \(GoFormat.quote(text))") }
            n.isComplex = true
            n.simplifyComplex(re, im)
            return n
        default:
            break
        }
        if bytes.last == UInt8(ascii: "i") {
            if let f = parseFloat(bytes.dropLast()) {
                n.isComplex = true
                n.simplifyComplex(0, f)
                return n
            }
        }
        let u = parseUint(bytes[...])
        if let u {
            n.isUint = true
            n.uint64 = u
        }
        if let i = parseInt(bytes) {
            n.isInt = true
            n.int64 = i
            if i == 0 {
                n.isUint = true // -0
                n.uint64 = u ?? 0
            }
        }
        if n.isInt {
            n.isFloat = true
            n.float64 = Double(n.int64)
        } else if n.isUint {
            n.isFloat = true
            n.float64 = Double(n.uint64)
        } else if let f = parseFloat(bytes[...]) {
            if !bytes.contains(where: { ".eEpP".utf8.contains($0) }) {
                throw NumberError(message: "integer overflow: \(GoFormat.quote(text))")
            }
            n.isFloat = true
            n.float64 = f
            if let i = Int64(exactly: f) {
                n.isInt = true
                n.int64 = i
            }
            if let u = UInt64(exactly: f) {
                n.isUint = true
                n.uint64 = u
            }
        }
        if !n.isInt, !n.isUint, !n.isFloat { throw NumberError(message: "illegal number syntax: \(GoFormat.quote(text))") }
        return n
    }

    /// The value of a complex literal (`1+2i`, `2i`), which the tree keeps as text only.
    public var complexValue: (real: Double, imag: Double)? {
        guard isComplex else { return nil }
        let bytes = Array(text.utf8)
        if let pair = NumberNode.parseComplex(bytes) { return pair }
        if bytes.last == UInt8(ascii: "i"), let f = NumberNode.parseFloat(bytes.dropLast()) { return (0, f) }
        return nil
    }

    private mutating func simplifyComplex(_ re: Double, _ im: Double) {
        isFloat = im == 0
        guard isFloat else { return }
        float64 = re
        if let i = Int64(exactly: re) {
            isInt = true
            int64 = i
        } else {
            isInt = false
        }
        if let u = UInt64(exactly: re) {
            isUint = true
            uint64 = u
        } else {
            isUint = false
        }
    }

    /// `re±imi`: split at the sign that is not the first byte and not an exponent's.
    static func parseComplex(_ b: [UInt8]) -> (Double, Double)? {
        guard b.last == UInt8(ascii: "i"), b.count >= 3 else { return nil }
        var split: Int?
        var k = b.count - 2
        while k > 0 {
            if b[k] == UInt8(ascii: "+") || b[k] == UInt8(ascii: "-") {
                let prev = b[k - 1] | 0x20
                let isHex = b.count > 2 && (b[1] | 0x20) == UInt8(ascii: "x")
                if !(prev == UInt8(ascii: "p") || (prev == UInt8(ascii: "e") && !isHex)) {
                    split = k
                    break
                }
            }
            k -= 1
        }
        guard let split, let re = parseFloat(b[..<split]), let im = parseFloat(b[split..<(b.count - 1)]) else { return nil }
        return (re, im)
    }

    // MARK: strconv

    /// Go's `underscoreOK`: `_` only between digits, or between a base prefix and a digit.
    static func underscoreOK(_ s: ArraySlice<UInt8>) -> Bool {
        var saw: UInt8 = UInt8(ascii: "^")
        var s = s
        if let f = s.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { s = s.dropFirst() }
        var hex = false
        var i = s.startIndex
        if s.count >= 2, s[i] == UInt8(ascii: "0"), "box".utf8.contains(s[i + 1] | 0x20) {
            hex = s[i + 1] | 0x20 == UInt8(ascii: "x")
            i += 2
            saw = UInt8(ascii: "0")
        }
        while i < s.endIndex {
            let c = s[i]
            i += 1
            if (c >= 0x30 && c <= 0x39) || (hex && (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) {
                saw = UInt8(ascii: "0")
                continue
            }
            if c == UInt8(ascii: "_") {
                if saw != UInt8(ascii: "0") { return false }
                saw = c
                continue
            }
            if saw == UInt8(ascii: "_") { return false }
            saw = UInt8(ascii: "!")
        }
        return saw != UInt8(ascii: "_")
    }

    /// `strconv.ParseUint(s, 0, 64)`.
    static func parseUint(_ s0: ArraySlice<UInt8>) -> UInt64? {
        guard !s0.isEmpty else { return nil }
        var s = s0
        var base: UInt64 = 10
        if s.first == UInt8(ascii: "0") {
            let i = s.startIndex
            if s.count >= 3, s[i + 1] | 0x20 == UInt8(ascii: "b") {
                base = 2
                s = s.dropFirst(2)
            } else if s.count >= 3, s[i + 1] | 0x20 == UInt8(ascii: "o") {
                base = 8
                s = s.dropFirst(2)
            } else if s.count >= 3, s[i + 1] | 0x20 == UInt8(ascii: "x") {
                base = 16
                s = s.dropFirst(2)
            } else {
                base = 8
                s = s.dropFirst(1)
            }
        }
        var n: UInt64 = 0
        var underscores = false
        for c in s {
            if c == UInt8(ascii: "_") {
                underscores = true
                continue
            }
            let d: UInt64
            switch c {
            case 0x30...0x39: d = UInt64(c - 0x30)
            case 0x61...0x7A: d = UInt64(c - 0x61 + 10)
            case 0x41...0x5A: d = UInt64(c - 0x41 + 10)
            default: return nil
            }
            guard d < base else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            n = a
        }
        if underscores, !underscoreOK(s0) { return nil }
        return n
    }

    /// `strconv.ParseInt(s, 0, 64)`.
    static func parseInt(_ s: [UInt8]) -> Int64? {
        guard let first = s.first else { return nil }
        let negative = first == UInt8(ascii: "-")
        let body = (first == UInt8(ascii: "-") || first == UInt8(ascii: "+")) ? s.dropFirst() : s[...]
        guard let u = parseUint(body) else { return nil }
        if negative {
            if u > UInt64(Int64.max) + 1 { return nil }
            return u == UInt64(Int64.max) + 1 ? Int64.min : -Int64(u)
        }
        return u > UInt64(Int64.max) ? nil : Int64(u)
    }

    /// `strconv.ParseFloat(s, 64)` for the forms the lexer produces; nil on syntax or range error.
    static func parseFloat(_ s: ArraySlice<UInt8>) -> Double? {
        var body = s
        var sign = ""
        if let f = body.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") {
            sign = f == UInt8(ascii: "-") ? "-" : ""
            body = body.dropFirst()
        }
        guard !body.isEmpty else { return nil }
        if body.contains(UInt8(ascii: "_")) {
            guard underscoreOK(s) else { return nil }
            body = ArraySlice(body.filter { $0 != UInt8(ascii: "_") })
        }
        let isHex = body.count >= 2 && body[body.startIndex] == UInt8(ascii: "0") && body[body.startIndex + 1] | 0x20 == UInt8(ascii: "x")
        var i = body.startIndex + (isHex ? 2 : 0)
        var mantissaDigits = 0
        func isDigit(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (isHex && (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66)
        }
        while i < body.endIndex, isDigit(body[i]) { i += 1; mantissaDigits += 1 }
        if i < body.endIndex, body[i] == UInt8(ascii: ".") {
            i += 1
            while i < body.endIndex, isDigit(body[i]) { i += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return nil }
        let expChar = isHex ? UInt8(ascii: "p") : UInt8(ascii: "e")
        if i < body.endIndex, body[i] | 0x20 == expChar {
            i += 1
            if i < body.endIndex, body[i] == UInt8(ascii: "+") || body[i] == UInt8(ascii: "-") { i += 1 }
            var expDigits = 0
            while i < body.endIndex, body[i] >= 0x30, body[i] <= 0x39 { i += 1; expDigits += 1 }
            guard expDigits > 0 else { return nil }
        } else if isHex {
            return nil // a hex mantissa needs a 'p' exponent
        }
        guard i == body.endIndex else { return nil }
        guard let value = Double(sign + String(decoding: body, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}
