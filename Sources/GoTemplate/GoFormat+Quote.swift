/// `strconv.Quote`, `QuoteToASCII`, `QuoteRune`, `CanBackquote` and `unicode.IsPrint`, over
/// bytes decoded the way Go's `utf8.DecodeRune` does (an invalid byte is one `RuneError`).
extension GoFormat {
    static let lowerHex = Array("0123456789abcdef".utf8)

    /// Go's `utf8.DecodeRune`: the rune at `i` and its width; `(0xFFFD, 1)` for a byte that
    /// does not start a valid, shortest, non-surrogate encoding.
    static func decodeRune(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let b0 = b[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let n = b.count - i
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            k < n && b[i + k] >= lo && b[i + k] <= hi
        }
        switch b0 {
        case 0xC2...0xDF:
            if cont(1) { return ((UInt32(b0) & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F), 2) }
        case 0xE0...0xEF:
            let lo: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
            let hi: UInt8 = b0 == 0xED ? 0x9F : 0xBF
            if cont(1, lo, hi) && cont(2) {
                return ((UInt32(b0) & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F), 3)
            }
        case 0xF0...0xF4:
            let lo: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
            let hi: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
            if cont(1, lo, hi) && cont(2) && cont(3) {
                return ((UInt32(b0) & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12
                        | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F), 4)
            }
        default: break
        }
        return (0xFFFD, 1)
    }

    /// `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space,
    /// as of Unicode 15.0 (Go 1.22's tables): characters assigned later are not printable.
    static func isPrint(_ r: UInt32) -> Bool {
        if r < 0x80 { return r >= 0x20 && r < 0x7F }
        if r <= 0xFF { return r >= 0xA1 && r != 0xAD }
        guard let scalar = Unicode.Scalar(r) else { return false }
        let properties = scalar.properties
        guard let age = properties.age, age.major < 15 || (age.major == 15 && age.minor == 0) else { return false }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// `unicode.IsPrint(r)` as Go 1.22 answers it, for callers outside the formatter (Helm
    /// drops what it does not print from chart metadata).
    public static func isPrint(_ r: Unicode.Scalar) -> Bool { isPrint(r.value) }

    static func appendUTF8(_ r: UInt32, to out: inout [UInt8]) {
        if let encoded = UTF8.encode(Unicode.Scalar(r) ?? "\u{FFFD}") { out.append(contentsOf: encoded) }
    }

    /// One rune as it appears inside Go quotes (`quote` is `"` or `'`).
    static func appendEscaped(_ r: UInt32, quote: UInt8, asciiOnly: Bool, to out: inout [UInt8]) {
        if r == UInt32(quote) || r == 0x5C {
            out.append(0x5C)
            out.append(UInt8(r))
            return
        }
        if asciiOnly ? (r < 0x80 && isPrint(r)) : isPrint(r) {
            if r < 0x80 { out.append(UInt8(r)) } else { appendUTF8(r, to: &out) }
            return
        }
        switch r {
        case 0x07: out.append(contentsOf: #"\a"#.utf8)
        case 0x08: out.append(contentsOf: #"\b"#.utf8)
        case 0x0C: out.append(contentsOf: #"\f"#.utf8)
        case 0x0A: out.append(contentsOf: #"\n"#.utf8)
        case 0x0D: out.append(contentsOf: #"\r"#.utf8)
        case 0x09: out.append(contentsOf: #"\t"#.utf8)
        case 0x0B: out.append(contentsOf: #"\v"#.utf8)
        default:
            var r = r
            if r < 0x20 || r == 0x7F {
                out.append(contentsOf: #"\x"#.utf8)
                out.append(lowerHex[Int(r >> 4)])
                out.append(lowerHex[Int(r & 0xF)])
                return
            }
            if Unicode.Scalar(r) == nil { r = 0xFFFD }
            let shifts: StrideThrough<Int>
            if r < 0x10000 {
                out.append(contentsOf: #"\u"#.utf8)
                shifts = stride(from: 12, through: 0, by: -4)
            } else {
                out.append(contentsOf: #"\U"#.utf8)
                shifts = stride(from: 28, through: 0, by: -4)
            }
            for s in shifts { out.append(lowerHex[Int((r >> UInt32(s)) & 0xF)]) }
        }
    }

    /// `strconv.Quote` (or `QuoteToASCII`) of raw bytes, appended to `out`.
    static func appendQuoted(_ b: UnsafeBufferPointer<UInt8>, asciiOnly: Bool, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + b.count + 2)
        out.append(UInt8(ascii: "\""))
        var i = 0
        while i < b.count {
            let c = b[i]
            // Printable ASCII other than the quote and backslash: the common case.
            if c >= 0x20 && c < 0x7F && c != 0x22 && c != 0x5C {
                var j = i + 1
                while j < b.count, b[j] >= 0x20, b[j] < 0x7F, b[j] != 0x22, b[j] != 0x5C { j += 1 }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<j]))
                i = j
                continue
            }
            let (r, width) = decodeRune(b, at: i)
            if width == 1 && r == 0xFFFD {
                out.append(contentsOf: #"\x"#.utf8)
                out.append(lowerHex[Int(c >> 4)])
                out.append(lowerHex[Int(c & 0xF)])
            } else {
                appendEscaped(r, quote: UInt8(ascii: "\""), asciiOnly: asciiOnly, to: &out)
            }
            i += width
        }
        out.append(UInt8(ascii: "\""))
    }

    static func appendQuoted(_ s: String, asciiOnly: Bool, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendQuoted($0, asciiOnly: asciiOnly, to: &out) }
    }

    /// `strconv.QuoteRune` / `QuoteRuneToASCII`: `'x'`; an invalid rune quotes as U+FFFD.
    static func appendQuotedRune(_ r: UInt32, asciiOnly: Bool, to out: inout [UInt8]) {
        let r = Unicode.Scalar(r) == nil ? 0xFFFD : r
        out.append(UInt8(ascii: "'"))
        appendEscaped(r, quote: UInt8(ascii: "'"), asciiOnly: asciiOnly, to: &out)
        out.append(UInt8(ascii: "'"))
    }

    /// `strconv.CanBackquote`: one line, no control characters but tab, no backquote, no BOM.
    static func canBackquote(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            let (r, width) = decodeRune(b, at: i)
            i += width
            if width > 1 {
                if r == 0xFEFF { return false }
                continue
            }
            if r == 0xFFFD { return false }
            if (r < 0x20 && r != 0x09) || r == 0x60 || r == 0x7F { return false }
        }
        return true
    }
}
