import GoTemplate

extension RegexParser {
    static let digit: [ClosedRange<UInt32>] = [0x30...0x39]
    static let space: [ClosedRange<UInt32>] = [0x09...0x0A, 0x0C...0x0D, 0x20...0x20]
    static let word: [ClosedRange<UInt32>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]

    /// The complement of sorted, non-overlapping ranges.
    static func invert(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var out: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if r.lowerBound > next { out.append(next...(r.lowerBound - 1)) }
            next = Swift.max(next, r.upperBound &+ 1)
        }
        if next <= 0x10FFFF { out.append(next...0x10FFFF) }
        return out
    }

    /// A Perl class (`\d`, `\s`, `\w` and capitals) named by `c`, or nil.
    static func perlClass(_ c: Unicode.Scalar) -> [ClosedRange<UInt32>]? {
        switch c {
        case "d": return digit
        case "D": return invert(digit)
        case "s": return space
        case "S": return invert(space)
        case "w": return word
        case "W": return invert(word)
        default: return nil
        }
    }

    /// The general categories of a Unicode class name (`L`, `Lu`, `Nd`, …); `Any` is every one.
    static func unicodeCategories(_ name: String) -> Set<Unicode.GeneralCategory>? {
        switch name {
        case "Any": return [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
                            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                            .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol,
                            .modifierSymbol, .otherSymbol, .spaceSeparator, .lineSeparator, .paragraphSeparator,
                            .control, .format, .privateUse, .surrogate, .unassigned]
        case "L": return [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
        case "Lu": return [.uppercaseLetter]
        case "Ll": return [.lowercaseLetter]
        case "Lt": return [.titlecaseLetter]
        case "Lm": return [.modifierLetter]
        case "Lo": return [.otherLetter]
        case "M": return [.nonspacingMark, .spacingMark, .enclosingMark]
        case "Mn": return [.nonspacingMark]
        case "Mc": return [.spacingMark]
        case "N": return [.decimalNumber, .letterNumber, .otherNumber]
        case "Nd": return [.decimalNumber]
        case "Nl": return [.letterNumber]
        case "No": return [.otherNumber]
        case "P": return [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                          .initialPunctuation, .finalPunctuation, .otherPunctuation]
        case "Pd": return [.dashPunctuation]
        case "Ps": return [.openPunctuation]
        case "Pe": return [.closePunctuation]
        case "Po": return [.otherPunctuation]
        case "S": return [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]
        case "Sm": return [.mathSymbol]
        case "Sc": return [.currencySymbol]
        case "Sk": return [.modifierSymbol]
        case "So": return [.otherSymbol]
        case "Z": return [.spaceSeparator, .lineSeparator, .paragraphSeparator]
        case "Zs": return [.spaceSeparator]
        case "C": return [.control, .format, .privateUse, .surrogate, .unassigned]
        case "Cc": return [.control]
        case "Cf": return [.format]
        case "Co": return [.privateUse]
        default: return nil
        }
    }

    /// `\p…`/`\P…`, the cursor on `p`/`P`: the categories and whether they are negated.
    mutating func parseUnicodeClass(from escStart: Int) throws(GoFunctionError) -> (Set<Unicode.GeneralCategory>, Bool) {
        let negate = s[i] == "P"
        i += 1
        guard i < s.count else { throw fail("invalid character class range", text(escStart, i)) }
        var name: String
        if s[i] == "{" {
            guard let close = s[i...].firstIndex(of: "}") else { throw fail("invalid character class range", text(escStart, s.count)) }
            name = text(i + 1, close)
            i = close + 1
        } else {
            name = String(s[i])
            i += 1
        }
        var neg = negate
        if name.hasPrefix("^") { neg.toggle(); name.removeFirst() }
        guard let categories = Self.unicodeCategories(name) else {
            throw fail("invalid character class range", text(escStart, i))
        }
        return (categories, neg)
    }

    /// One escaped scalar after the backslash (the cursor past the backslash): octal, hex,
    /// control letters, punctuation. Errors name the escape.
    mutating func parseEscapedScalar(from escStart: Int) throws(GoFunctionError) -> Unicode.Scalar {
        guard i < s.count else { throw fail("trailing backslash at end of expression", "") }
        let c = s[i]
        i += 1
        switch c {
        case "a": return "\u{07}"
        case "f": return "\u{0C}"
        case "t": return "\t"
        case "n": return "\n"
        case "r": return "\r"
        case "v": return "\u{0B}"
        case "0"..."7":
            // `\0` starts octal; `\1`–`\7` only when another digit follows (else a backreference).
            if c != "0" && !(i < s.count && s[i].value >= 0x30 && s[i].value <= 0x37) { break }
            var v = c.value - 0x30
            var n = 1
            while n < 3, i < s.count, s[i].value >= 0x30, s[i].value <= 0x37 { v = v * 8 + s[i].value - 0x30; i += 1; n += 1 }
            return Unicode.Scalar(v) ?? "\0"
        case "x":
            guard i < s.count else { break }
            if s[i] == "{" {
                guard let close = s[i...].firstIndex(of: "}"), close > i + 1,
                      let v = UInt32(text(i + 1, close), radix: 16), let scalar = Unicode.Scalar(v) else { break }
                i = close + 1
                return scalar
            }
            guard i + 1 < s.count, let v = UInt32(text(i, i + 2), radix: 16), let scalar = Unicode.Scalar(v) else { break }
            i += 2
            return scalar
        default:
            if c.value < 0x80 && !(c.properties.isAlphabetic || c.properties.numericType != nil) { return c }
        }
        throw fail("invalid escape sequence", text(escStart, i))
    }

    mutating func parseEscapeAtom(_ flags: Flags) throws(GoFunctionError) -> RegexNode {
        let escStart = i
        i += 1
        guard i < s.count else { throw fail("trailing backslash at end of expression", "") }
        let c = s[i]
        switch c {
        case "A": i += 1; return .assert(.beginText)
        case "z": i += 1; return .assert(.endText)
        case "b": i += 1; return .assert(.wordBoundary)
        case "B": i += 1; return .assert(.notWordBoundary)
        case "Q":
            i += 1
            var items: [RegexNode] = []
            while i < s.count {
                if s[i] == "\\", i + 1 < s.count, s[i + 1] == "E" { i += 2; break }
                items.append(.set(.scalar(s[i], fold: flags.fold)))
                i += 1
            }
            return .concat(items)
        case "p", "P":
            let (categories, negated) = try parseUnicodeClass(from: escStart)
            var set = RegexCharSet([], fold: flags.fold)
            if negated { set.excludedCategories = categories } else { set.categories = categories }
            return .set(set)
        default:
            if let ranges = Self.perlClass(c) { i += 1; return .set(RegexCharSet(ranges)) }
            return .set(.scalar(try parseEscapedScalar(from: escStart), fold: flags.fold))
        }
    }

    /// A bracketed class, the cursor on `[`.
    mutating func parseClass(_ flags: Flags) throws(GoFunctionError) -> RegexCharSet {
        let start = i
        i += 1
        var negated = false
        if i < s.count && s[i] == "^" { negated = true; i += 1 }
        var ranges: [ClosedRange<UInt32>] = []
        var categories = Set<Unicode.GeneralCategory>(), excluded = Set<Unicode.GeneralCategory>()
        var first = true
        while true {
            guard i < s.count else { throw fail("missing closing ]", text(start, s.count)) }
            let c = s[i]
            if c == "]" && !first { i += 1; break }
            first = false
            if c == "[", i + 1 < s.count, s[i + 1] == ":" {
                if let close = findPosixEnd(i), let posix = Self.posixClass(text(i + 2, close)) {
                    ranges += posix
                    i = close + 2
                    continue
                }
            }
            let itemStart = i
            if c == "\\", i + 1 < s.count, let perl = Self.perlClass(s[i + 1]) { ranges += perl; i += 2; continue }
            if c == "\\", i + 1 < s.count, s[i + 1] == "p" || s[i + 1] == "P" {
                i += 1
                let (cats, negated) = try parseUnicodeClass(from: itemStart)
                if negated { excluded.formUnion(cats) } else { categories.formUnion(cats) }
                continue
            }
            let lo = try classScalar()
            var hi = lo
            if i + 1 < s.count, s[i] == "-", s[i + 1] != "]" {
                i += 1
                hi = try classScalar()
                if hi.value < lo.value { throw fail("invalid character class range", text(itemStart, i)) }
            }
            ranges.append(lo.value...hi.value)
        }
        var set = RegexCharSet(ranges, negated: negated, fold: flags.fold)
        set.categories = categories
        set.excludedCategories = excluded
        return set
    }

    mutating func classScalar() throws(GoFunctionError) -> Unicode.Scalar {
        let c = s[i]
        if c == "\\" {
            let escStart = i
            i += 1
            return try parseEscapedScalar(from: escStart)
        }
        i += 1
        return c
    }

    func findPosixEnd(_ from: Int) -> Int? {
        var j = from + 2
        while j + 1 < s.count {
            if s[j] == ":" && s[j + 1] == "]" { return j }
            j += 1
        }
        return nil
    }

    static func posixClass(_ name: String) -> [ClosedRange<UInt32>]? {
        var negate = false
        var n = Substring(name)
        if n.hasPrefix("^") { negate = true; n = n.dropFirst() }
        let r: [ClosedRange<UInt32>]
        switch n {
        case "alnum": r = [0x30...0x39, 0x41...0x5A, 0x61...0x7A]
        case "alpha": r = [0x41...0x5A, 0x61...0x7A]
        case "ascii": r = [0...0x7F]
        case "blank": r = [0x09...0x09, 0x20...0x20]
        case "cntrl": r = [0...0x1F, 0x7F...0x7F]
        case "digit": r = digit
        case "graph": r = [0x21...0x7E]
        case "lower": r = [0x61...0x7A]
        case "print": r = [0x20...0x7E]
        case "punct": r = [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]
        case "space": r = [0x09...0x0D, 0x20...0x20]
        case "upper": r = [0x41...0x5A]
        case "word": r = word
        case "xdigit": r = [0x30...0x39, 0x41...0x46, 0x61...0x66]
        default: return nil
        }
        return negate ? invert(r) : r
    }
}
