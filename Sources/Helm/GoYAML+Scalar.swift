/// What go-yaml v2's emitter (libyaml's `yaml_emitter_analyze_scalar`) decides about a
/// scalar's text before choosing its style: which styles can carry it unchanged.
struct GoYAMLScalarAnalysis {
    var multiline = false
    var flowPlainAllowed = true
    var blockPlainAllowed = true
    var singleQuotedAllowed = true
    var blockAllowed = true

    /// libyaml's `IS_PRINTABLE` over UTF-8 as go-yaml ports it: tabs, carriage returns,
    /// NEL, BOMs and everything outside the Basic Multilingual Plane count as unprintable
    /// (so they force double quotes and escapes such as `\t` and `\U0001F600`).
    @inline(__always)
    static func isPrintable(_ s: [UInt8], _ i: Int) -> Bool {
        let b = s[i]
        let b1: UInt8 = i + 1 < s.count ? s[i + 1] : 0
        let b2: UInt8 = i + 2 < s.count ? s[i + 2] : 0
        return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && b1 >= 0xA0) || (b > 0xC2 && b < 0xED)
            || (b == 0xED && b1 < 0xA0) || b == 0xEE
            || (b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)))
    }

    /// Line breaks: `\r`, `\n`, NEL, U+2028, U+2029.
    @inline(__always)
    static func isBreak(_ s: [UInt8], _ i: Int) -> Bool {
        guard i < s.count else { return false }
        let b = s[i]
        if b == 0x0D || b == 0x0A { return true }
        if b == 0xC2 { return i + 1 < s.count && s[i + 1] == 0x85 }
        if b == 0xE2 { return i + 2 < s.count && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9) }
        return false
    }

    /// A blank, a break, or the end of the text.
    @inline(__always)
    static func isBlankZ(_ s: [UInt8], _ i: Int) -> Bool {
        i >= s.count || s[i] == 0x20 || s[i] == 0x09 || isBreak(s, i) || s[i] == 0
    }

    @inline(__always)
    static func width(_ b: UInt8) -> Int {
        b & 0x80 == 0 ? 1 : b & 0xE0 == 0xC0 ? 2 : b & 0xF0 == 0xE0 ? 3 : b & 0xF8 == 0xF0 ? 4 : 1
    }

    init(_ s: [UInt8]) {
        if s.isEmpty {
            flowPlainAllowed = false
            blockAllowed = false
            return
        }
        var blockIndicators = false, flowIndicators = false, lineBreaks = false, special = false
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false
        if s.count >= 3 && ((s[0] == 0x2D && s[1] == 0x2D && s[2] == 0x2D) || (s[0] == 0x2E && s[1] == 0x2E && s[2] == 0x2E)) {
            blockIndicators = true
            flowIndicators = true
        }
        var precededByWhitespace = true
        var followedByWhitespace = Self.isBlankZ(s, Self.width(s[0]))
        var i = 0
        while i < s.count {
            let c = s[i]
            if i == 0 {
                switch c {
                case UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
                     UInt8(ascii: "}"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
                     UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
                     UInt8(ascii: "`"):
                    flowIndicators = true
                    blockIndicators = true
                case UInt8(ascii: "?"), UInt8(ascii: ":"):
                    flowIndicators = true
                    if followedByWhitespace { blockIndicators = true }
                case UInt8(ascii: "-"):
                    if followedByWhitespace {
                        flowIndicators = true
                        blockIndicators = true
                    }
                default: break
                }
            } else {
                switch c {
                case UInt8(ascii: ","), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
                     UInt8(ascii: "}"):
                    flowIndicators = true
                case UInt8(ascii: ":"):
                    flowIndicators = true
                    if followedByWhitespace { blockIndicators = true }
                case UInt8(ascii: "#"):
                    if precededByWhitespace {
                        flowIndicators = true
                        blockIndicators = true
                    }
                default: break
                }
            }
            if !Self.isPrintable(s, i) { special = true }
            let isBreak = Self.isBreak(s, i)
            if isBreak { lineBreaks = true }
            let w = Self.width(c)
            if c == 0x20 {
                if i == 0 { leadingSpace = true }
                if i + w == s.count { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if isBreak {
                if i == 0 { leadingBreak = true }
                if i + w == s.count { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = Self.isBlankZ(s, i)
            i += w
            if i < s.count { followedByWhitespace = Self.isBlankZ(s, i + Self.width(s[i])) }
        }
        multiline = lineBreaks
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
            flowPlainAllowed = false
            blockPlainAllowed = false
        }
        if trailingSpace { blockAllowed = false }
        if breakSpace {
            flowPlainAllowed = false
            blockPlainAllowed = false
            singleQuotedAllowed = false
        }
        if spaceBreak || special {
            flowPlainAllowed = false
            blockPlainAllowed = false
            singleQuotedAllowed = false
            blockAllowed = false
        }
        if lineBreaks {
            flowPlainAllowed = false
            blockPlainAllowed = false
        }
        if flowIndicators { flowPlainAllowed = false }
        if blockIndicators { blockPlainAllowed = false }
    }
}
