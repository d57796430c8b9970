/// Scalar analysis and writing, ported from libyaml's emitter as go-yaml v2 has it
/// (`yaml_emitter_analyze_scalar`, `yaml_emitter_select_scalar_style` and the
/// plain/single-quoted/double-quoted/literal writers, with folding at `bestWidth`).
extension V2Emitter {
    enum Style { case plain, single, double, literal }

    struct Analysis {
        var multiline = false, flowPlain = true, blockPlain = true, single = true, block = true
    }

    static func isPrintable(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v == 0x0A || (v >= 0x20 && v <= 0x7E) || (v >= 0xA0 && v <= 0xD7FF)
            || (v >= 0xE000 && v <= 0xFFFD && v != 0xFEFF)
    }
    static func isBreak(_ u: Unicode.Scalar) -> Bool {
        u == "\r" || u == "\n" || u.value == 0x85 || u.value == 0x2028 || u.value == 0x2029
    }

    static func analyze(_ s: [Unicode.Scalar]) -> Analysis {
        var a = Analysis()
        if s.isEmpty { a.flowPlain = false; a.block = false; return a }
        var blockInd = false, flowInd = false, lineBreaks = false, special = false
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false, prevSpace = false, prevBreak = false
        if s.count >= 3 && ((s[0] == "-" && s[1] == "-" && s[2] == "-") || (s[0] == "." && s[1] == "." && s[2] == ".")) {
            blockInd = true; flowInd = true
        }
        var precededByWS = true
        for i in s.indices {
            let c = s[i]
            let followedByWS = i + 1 >= s.count || s[i + 1] == " " || s[i + 1] == "\t" || isBreak(s[i + 1])
            if i == 0 {
                switch c {
                case "#", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`":
                    flowInd = true; blockInd = true
                case "?", ":":
                    flowInd = true; if followedByWS { blockInd = true }
                case "-":
                    if followedByWS { flowInd = true; blockInd = true }
                default: break
                }
            } else {
                switch c {
                case ",", "?", "[", "]", "{", "}": flowInd = true
                case ":": flowInd = true; if followedByWS { blockInd = true }
                case "#": if precededByWS { flowInd = true; blockInd = true }
                default: break
                }
            }
            // go-yaml v2 has no separate tab rule: a tab is simply not printable.
            if !isPrintable(c) { special = true }
            if c == " " {
                if i == 0 { leadingSpace = true }
                if i == s.count - 1 { trailingSpace = true }
                if prevBreak { breakSpace = true }
                prevSpace = true; prevBreak = false
            } else if isBreak(c) {
                lineBreaks = true
                if i == 0 { leadingBreak = true }
                if i == s.count - 1 { trailingBreak = true }
                if prevSpace { spaceBreak = true }
                prevSpace = false; prevBreak = true
            } else {
                prevSpace = false; prevBreak = false
            }
            precededByWS = c == " " || c == "\t" || isBreak(c)
        }
        a.multiline = lineBreaks
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak { a.flowPlain = false; a.blockPlain = false }
        if trailingSpace { a.block = false }
        if breakSpace { a.flowPlain = false; a.blockPlain = false; a.single = false }
        if spaceBreak || special { a.flowPlain = false; a.blockPlain = false; a.single = false }
        if spaceBreak || special { a.block = false }
        if lineBreaks { a.flowPlain = false; a.blockPlain = false }
        if flowInd { a.flowPlain = false }
        if blockInd { a.blockPlain = false }
        return a
    }

    mutating func scalarString(_ str: String, indent: Int, key: Bool, first: Bool) {
        let s = Array(str.unicodeScalars)
        let a = V2Emitter.analyze(s)
        var style: Style
        if str.unicodeScalars.contains("\n") { style = .literal }
        else if KYAML.isNonStringV2(str) || KYAML.isBase60Float(str) { style = .double }
        else { style = .plain }
        if key && a.multiline { style = .double }
        if style == .plain {
            if !a.blockPlain { style = .single }
            if s.isEmpty && key { style = .single }
        }
        if style == .single && !a.single { style = .double }
        if style == .literal && (!a.block || key) { style = .double }
        let breaks = !key
        if !first { put(" ") }
        switch style {
        case .plain:
            var spaces = false
            for i in s.indices {
                let c = s[i]
                if c == " " {
                    if breaks && !spaces && column > V2Emitter.bestWidth && !(i + 1 < s.count && s[i + 1] == " ") {
                        newline(); pad(indent)
                    } else { put(c) }
                    spaces = true
                } else { put(c); spaces = false }
            }
        case .single:
            put("'")
            var spaces = false
            for i in s.indices {
                let c = s[i]
                if c == " " {
                    if breaks && !spaces && column > V2Emitter.bestWidth && i > 0 && i < s.count - 1 && s[i + 1] != " " {
                        newline(); pad(indent)
                    } else { put(c) }
                    spaces = true
                } else {
                    if c == "'" { put("'") }
                    put(c); spaces = false
                }
            }
            put("'")
        case .double:
            put("\"")
            var spaces = false
            for i in s.indices {
                let c = s[i]
                if !V2Emitter.isPrintable(c) || c.value == 0xFEFF || V2Emitter.isBreak(c) || c == "\"" || c == "\\" {
                    put("\\")
                    switch c.value {
                    case 0x00: put("0")
                    case 0x07: put("a")
                    case 0x08: put("b")
                    case 0x09: put("t")
                    case 0x0A: put("n")
                    case 0x0B: put("v")
                    case 0x0C: put("f")
                    case 0x0D: put("r")
                    case 0x1B: put("e")
                    case 0x22: put("\"")
                    case 0x5C: put("\\")
                    case 0x85: put("N")
                    case 0xA0: put("_")
                    case 0x2028: put("L")
                    case 0x2029: put("P")
                    default:
                        let (letter, width) = c.value <= 0xFF ? ("x", 2) : c.value <= 0xFFFF ? ("u", 4) : ("U", 8)
                        let hex = String(c.value, radix: 16, uppercase: true)
                        put(letter + String(repeating: "0", count: max(0, width - hex.count)) + hex)
                    }
                    spaces = false
                } else if c == " " {
                    if breaks && !spaces && column > V2Emitter.bestWidth && i != 0 && i != s.count - 1 {
                        newline(); pad(indent)
                        if i + 1 < s.count && s[i + 1] == " " { put("\\") }
                    } else { put(c) }
                    spaces = true
                } else { put(c); spaces = false }
            }
            put("\"")
        case .literal:
            put("|")
            if let f = s.first, f == " " || V2Emitter.isBreak(f) { put("2") }
            if let l = s.last {
                if !V2Emitter.isBreak(l) { put("-") }
                else if s.count == 1 || V2Emitter.isBreak(s[s.count - 2]) { put("+") }
            } else { put("-") }
            newline()
            var atBreak = true
            for c in s {
                if V2Emitter.isBreak(c) { newline(); atBreak = true }
                else {
                    if atBreak { pad(indent) }
                    put(c); atBreak = false
                }
            }
        }
    }
}
