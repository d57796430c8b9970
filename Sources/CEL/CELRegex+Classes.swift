extension RegexParser {
    static let digit = CELRegex.ScalarClass(ranges: [48...57])
    static let space = CELRegex.ScalarClass(ranges: [9...10, 12...13, 32...32])
    static let word = CELRegex.ScalarClass(ranges: [48...57, 65...90, 95...95, 97...122])

    static let posix: [String: [ClosedRange<UInt32>]] = [
        "alnum": [48...57, 65...90, 97...122], "alpha": [65...90, 97...122], "ascii": [0...127],
        "blank": [9...9, 32...32], "cntrl": [0...31, 127...127], "digit": [48...57],
        "graph": [33...126], "lower": [97...122], "print": [32...126],
        "punct": [33...47, 58...64, 91...96, 123...126], "space": [9...13, 32...32],
        "upper": [65...90], "word": [48...57, 65...90, 95...95, 97...122], "xdigit": [48...57, 65...70, 97...102],
    ]

    static let categories: Set<String> = [
        "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe",
        "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl", "Zp", "C", "Cc", "Cf", "Co", "Cs",
    ]

    /// After a backslash outside brackets.
    mutating func escape() throws(CELError) -> RegexNode {
        guard let c = peekScalar() else { throw regexError("trailing backslash") }
        switch c {
        case "A": advanceScalar(); return .assert(.beginText)
        case "z": advanceScalar(); return .assert(.endText)
        case "b": advanceScalar(); return .assert(.wordBoundary)
        case "B": advanceScalar(); return .assert(.notWordBoundary)
        case "Q":
            advanceScalar()
            var items: [RegexNode] = []
            while let d = peekScalar() {
                if d == "\\", peekScalar(1) == "E" {
                    advanceScalar(); advanceScalar()
                    break
                }
                items.append(.scalar(literalClass(d)))
                advanceScalar()
            }
            return .concat(items)
        default:
            return .scalar(try classEscape())
        }
    }

    /// An escape that denotes a set of scalars (valid inside and outside brackets).
    mutating func classEscape() throws(CELError) -> CELRegex.ScalarClass {
        guard let c = peekScalar() else { throw regexError("trailing backslash") }
        advanceScalar()
        func single(_ v: UInt32) -> CELRegex.ScalarClass { CELRegex.ScalarClass(ranges: [v...v]) }
        switch c {
        case "d": return Self.digit
        case "D": return negate(Self.digit)
        case "s": return Self.space
        case "S": return negate(Self.space)
        case "w": return Self.word
        case "W": return negate(Self.word)
        case "n": return single(10)
        case "t": return single(9)
        case "r": return single(13)
        case "f": return single(12)
        case "v": return single(11)
        case "a": return single(7)
        case "p", "P":
            var name = ""
            if peekScalar() == "{" {
                advanceScalar()
                while let d = peekScalar(), d != "}" {
                    name.unicodeScalars.append(d)
                    advanceScalar()
                }
                guard peekScalar() == "}" else { throw regexError("missing } in \\p{...}") }
                advanceScalar()
            } else if let d = peekScalar() {
                name = String(d)
                advanceScalar()
            }
            var negated = c == "P"
            if name.hasPrefix("^") {
                name.removeFirst()
                negated.toggle()
            }
            if name == "Any" { return CELRegex.ScalarClass(ranges: [0...0x10FFFF], negated: negated) }
            guard Self.categories.contains(name) else {
                throw regexError("unsupported Unicode class \\\(c){\(name)} (general categories only)")
            }
            return CELRegex.ScalarClass(categories: [name], negated: negated)
        case "x":
            var hex = ""
            if peekScalar() == "{" {
                advanceScalar()
                while let d = peekScalar(), d != "}" {
                    hex.unicodeScalars.append(d)
                    advanceScalar()
                }
                advanceScalar()
            } else {
                for _ in 0..<2 {
                    if let d = peekScalar() {
                        hex.unicodeScalars.append(d)
                        advanceScalar()
                    }
                }
            }
            guard let v = UInt32(hex, radix: 16), v <= 0x10FFFF else { throw regexError("invalid \\x escape") }
            return literalClass(Unicode.Scalar(v) ?? "?")
        case "0"..."7":
            var v = c.value - 48
            for _ in 0..<2 {
                guard let d = peekScalar(), ("0"..."7").contains(d) else { break }
                v = v * 8 + d.value - 48
                advanceScalar()
            }
            if c != "0", v < 8 { throw regexError("backreferences are not supported (\\\(c))") }
            return single(v)
        default:
            if c.isDigit || c.isIdentStart {
                throw regexError("invalid escape sequence \\\(c)")
            }
            return literalClass(c)  // escaped punctuation
        }
    }

    private func negate(_ cls: CELRegex.ScalarClass) -> CELRegex.ScalarClass {
        var out = cls
        out.negated.toggle()
        return out
    }

    /// `[...]`, the opening bracket already read.
    mutating func bracket() throws(CELError) -> CELRegex.ScalarClass {
        var result = CELRegex.ScalarClass()
        var negatedParts: [CELRegex.ScalarClass] = []
        if peekScalar() == "^" {
            advanceScalar()
            result.negated = true
        }
        var first = true
        while true {
            guard let c = peekScalar() else { throw regexError("missing closing ]") }
            if c == "]", !first {
                advanceScalar()
                break
            }
            first = false
            if c == "[", peekScalar(1) == ":" {
                advanceScalar(); advanceScalar()
                var name = ""
                while let d = peekScalar(), d != ":" {
                    name.unicodeScalars.append(d)
                    advanceScalar()
                }
                guard peekScalar() == ":", peekScalar(1) == "]" else { throw regexError("invalid character class name") }
                advanceScalar(); advanceScalar()
                let inverted = name.hasPrefix("^")
                if inverted { name.removeFirst() }
                guard let ranges = Self.posix[name] else { throw regexError("unknown character class [:\(name):]") }
                if inverted { negatedParts.append(CELRegex.ScalarClass(ranges: ranges, negated: true)) }
                else { result.ranges += ranges }
                continue
            }
            var low: UInt32
            if c == "\\" {
                advanceScalar()
                let cls = try classEscape()
                // A multi-scalar escape (\d, \pL, \W) cannot start a range.
                if cls.negated || !cls.categories.isEmpty || cls.ranges.count != 1 || cls.ranges[0].count != 1 {
                    if cls.negated || !cls.categories.isEmpty { negatedParts.append(cls) } else { result.ranges += cls.ranges }
                    continue
                }
                low = cls.ranges[0].lowerBound
            } else {
                advanceScalar()
                low = c.value
            }
            var high = low
            if peekScalar() == "-", let after = peekScalar(1), after != "]" {
                advanceScalar()
                if after == "\\" {
                    advanceScalar()
                    let cls = try classEscape()
                    guard !cls.negated, cls.categories.isEmpty, cls.ranges.count == 1, cls.ranges[0].count == 1 else {
                        throw regexError("invalid character class range")
                    }
                    high = cls.ranges[0].lowerBound
                } else {
                    advanceScalar()
                    high = after.value
                }
                guard low <= high else { throw regexError("invalid character class range") }
            }
            result.ranges.append(low...high)
            if isCaseInsensitive {
                for v in low...min(high, low + 512) {
                    if let s = Unicode.Scalar(v) { result.ranges += RegexParser.otherCases(s).map { $0.value...$0.value } }
                }
            }
        }
        // A class mixing plain ranges with \D, \W, \PL and the like: split into alternatives
        // is not expressible in one class, so fold them in as categories of a union.
        if negatedParts.isEmpty { return result }
        return CELRegex.ScalarClass(union: [CELRegex.ScalarClass(ranges: result.ranges)] + negatedParts, negated: result.negated)
    }
}
