/// go-yaml v2's block emitter (its port of libyaml's `emitterc.c`), for the shapes
/// `yaml.Marshal` produces: block mappings and sequences, `{}`/`[]` when empty, scalars in
/// plain, single-quoted, double-quoted or literal style. Indent 2, lines folded past column 80
/// at spaces, sequences inside a mapping not indented. One byte buffer; columns count
/// characters, as libyaml's do.
struct GoYAMLEmitter {
    enum Style { case plain, singleQuoted, doubleQuoted, literal }

    var out: [UInt8] = []
    private var column = 0
    private var indent = -1
    private var indents: [Int] = []
    private var whitespace = true
    private var indention = true
    private var flowLevel = 0
    var mappingContext = false
    var simpleKeyContext = false
    static let bestWidth = 80
    static let bestIndent = 2

    init() { out.reserveCapacity(512) }

    @inline(__always) private mutating func put(_ c: UInt8) {
        out.append(c)
        column += 1
    }

    @inline(__always) private mutating func putBreak() {
        out.append(0x0A)
        column = 0
    }

    /// Copies one UTF-8 character; one column.
    @inline(__always) private mutating func write(_ s: [UInt8], _ i: inout Int) {
        let w = GoYAMLScalarAnalysis.width(s[i])
        out.append(contentsOf: s[i..<min(i + w, s.count)])
        column += 1
        i += w
    }

    private mutating func writeBreak(_ s: [UInt8], _ i: inout Int) {
        if s[i] == 0x0A {
            putBreak()
            i += 1
        } else {
            write(s, &i)
            column = 0
        }
    }

    mutating func writeIndent() {
        let target = max(indent, 0)
        if !indention || column > target || (column == target && !whitespace) { putBreak() }
        while column < target { put(0x20) }
        whitespace = true
        indention = true
    }

    mutating func writeIndicator(_ indicator: StaticString, needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool) {
        if needWhitespace && !whitespace { put(0x20) }
        indicator.withUTF8Buffer { buffer in
            out.append(contentsOf: buffer)
            column += buffer.count
        }
        whitespace = isWhitespace
        indention = indention && isIndention
    }

    mutating func increaseIndent(flow: Bool, indentless: Bool) {
        indents.append(indent)
        if indent < 0 {
            indent = flow ? Self.bestIndent : 0
        } else if !indentless {
            indent += Self.bestIndent
        }
    }

    mutating func popIndent() { indent = indents.popLast() ?? -1 }

    /// An empty collection, always in flow style (`{}`, `[]`).
    mutating func emitEmpty(_ open: StaticString, _ close: StaticString) {
        writeIndicator(open, needWhitespace: true, isWhitespace: true, isIndention: false)
        increaseIndent(flow: true, indentless: false)
        popIndent()
        writeIndicator(close, needWhitespace: false, isWhitespace: false, isIndention: false)
    }

    /// The start of a block sequence's item: a sequence that is a mapping's value stays at
    /// the key's indentation.
    mutating func beginSequence() {
        increaseIndent(flow: false, indentless: mappingContext && !indention)
    }

    mutating func sequenceItem() {
        writeIndent()
        writeIndicator("-", needWhitespace: true, isWhitespace: false, isIndention: true)
    }

    mutating func beginMapping() { increaseIndent(flow: false, indentless: false) }

    /// A key too long (over 128 bytes) or spanning lines is written after `? `.
    mutating func complexKeyIndicator() {
        writeIndicator("?", needWhitespace: true, isWhitespace: false, isIndention: true)
    }

    mutating func valueIndicator(simple: Bool) {
        if simple {
            writeIndicator(":", needWhitespace: false, isWhitespace: false, isIndention: false)
        } else {
            writeIndent()
            writeIndicator(":", needWhitespace: true, isWhitespace: false, isIndention: true)
        }
    }

    /// `yaml_emitter_select_scalar_style` then the writer for the style chosen.
    mutating func emitScalar(_ s: [UInt8], requested: Style, analysis a: GoYAMLScalarAnalysis) {
        var style = requested
        if simpleKeyContext && a.multiline { style = .doubleQuoted }
        if style == .plain {
            if (flowLevel > 0 && !a.flowPlainAllowed) || (flowLevel == 0 && !a.blockPlainAllowed) { style = .singleQuoted }
            if s.isEmpty && (flowLevel > 0 || simpleKeyContext) { style = .singleQuoted }
        }
        if style == .singleQuoted && !a.singleQuotedAllowed { style = .doubleQuoted }
        if style == .literal && (!a.blockAllowed || flowLevel > 0 || simpleKeyContext) { style = .doubleQuoted }
        increaseIndent(flow: true, indentless: false)
        let allowBreaks = !simpleKeyContext
        switch style {
        case .plain: writePlain(s, allowBreaks: allowBreaks)
        case .singleQuoted: writeSingleQuoted(s, allowBreaks: allowBreaks)
        case .doubleQuoted: writeDoubleQuoted(s, allowBreaks: allowBreaks)
        case .literal: writeLiteral(s)
        }
        popIndent()
    }

    private mutating func writePlain(_ s: [UInt8], allowBreaks: Bool) {
        if !whitespace { put(0x20) }
        var spaces = false
        var i = 0
        while i < s.count {
            if s[i] == 0x20 {
                if allowBreaks && !spaces && column > Self.bestWidth && !(i + 1 < s.count && s[i + 1] == 0x20) {
                    writeIndent()
                    i += 1
                } else {
                    write(s, &i)
                }
                spaces = true
            } else {
                write(s, &i)
                indention = false
                spaces = false
            }
        }
        whitespace = false
        indention = false
    }

    private mutating func writeSingleQuoted(_ s: [UInt8], allowBreaks: Bool) {
        writeIndicator("'", needWhitespace: true, isWhitespace: false, isIndention: false)
        var spaces = false
        var breaks = false
        var i = 0
        while i < s.count {
            if s[i] == 0x20 {
                if allowBreaks && !spaces && column > Self.bestWidth && i > 0 && i < s.count - 1
                    && !(i + 1 < s.count && s[i + 1] == 0x20) {
                    writeIndent()
                    i += 1
                } else {
                    write(s, &i)
                }
                spaces = true
            } else if GoYAMLScalarAnalysis.isBreak(s, i) {
                if !breaks && s[i] == 0x0A { putBreak() }
                writeBreak(s, &i)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                if s[i] == UInt8(ascii: "'") { put(UInt8(ascii: "'")) }
                write(s, &i)
                indention = false
                spaces = false
                breaks = false
            }
        }
        writeIndicator("'", needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private mutating func writeDoubleQuoted(_ s: [UInt8], allowBreaks: Bool) {
        writeIndicator("\"", needWhitespace: true, isWhitespace: false, isIndention: false)
        var spaces = false
        var i = 0
        while i < s.count {
            let c = s[i]
            let isBOM = c == 0xEF && i + 2 < s.count && s[i + 1] == 0xBB && s[i + 2] == 0xBF
            if !GoYAMLScalarAnalysis.isPrintable(s, i) || isBOM || GoYAMLScalarAnalysis.isBreak(s, i)
                || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
                let w = GoYAMLScalarAnalysis.width(c)
                var v = UInt32(w == 1 ? c & 0x7F : w == 2 ? c & 0x1F : w == 3 ? c & 0x0F : c & 0x07)
                for k in 1..<max(w, 1) where i + k < s.count { v = (v << 6) | UInt32(s[i + k] & 0x3F) }
                i += w
                put(UInt8(ascii: "\\"))
                switch v {
                case 0x00: put(UInt8(ascii: "0"))
                case 0x07: put(UInt8(ascii: "a"))
                case 0x08: put(UInt8(ascii: "b"))
                case 0x09: put(UInt8(ascii: "t"))
                case 0x0A: put(UInt8(ascii: "n"))
                case 0x0B: put(UInt8(ascii: "v"))
                case 0x0C: put(UInt8(ascii: "f"))
                case 0x0D: put(UInt8(ascii: "r"))
                case 0x1B: put(UInt8(ascii: "e"))
                case 0x22: put(UInt8(ascii: "\""))
                case 0x5C: put(UInt8(ascii: "\\"))
                case 0x85: put(UInt8(ascii: "N"))
                case 0xA0: put(UInt8(ascii: "_"))
                case 0x2028: put(UInt8(ascii: "L"))
                case 0x2029: put(UInt8(ascii: "P"))
                default:
                    let digits: Int
                    if v <= 0xFF {
                        put(UInt8(ascii: "x")); digits = 2
                    } else if v <= 0xFFFF {
                        put(UInt8(ascii: "u")); digits = 4
                    } else {
                        put(UInt8(ascii: "U")); digits = 8
                    }
                    for k in stride(from: (digits - 1) * 4, through: 0, by: -4) {
                        put(Self.hexDigits[Int((v >> UInt32(k)) & 0x0F)])
                    }
                }
                spaces = false
            } else if c == 0x20 {
                if allowBreaks && !spaces && column > Self.bestWidth && i > 0 && i < s.count - 1 {
                    writeIndent()
                    if i + 1 < s.count && s[i + 1] == 0x20 { put(UInt8(ascii: "\\")) }
                    i += 1
                } else {
                    write(s, &i)
                }
                spaces = true
            } else {
                write(s, &i)
                spaces = false
            }
        }
        writeIndicator("\"", needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private mutating func writeLiteral(_ s: [UInt8]) {
        writeIndicator("|", needWhitespace: true, isWhitespace: false, isIndention: false)
        // Block scalar hints: an explicit indentation when the text starts with a space or
        // break; `-` without a final break, `+` with more than one (or only one).
        if !s.isEmpty && (s[0] == 0x20 || GoYAMLScalarAnalysis.isBreak(s, 0)) {
            put(UInt8(ascii: "0") + UInt8(Self.bestIndent))
        }
        if s.isEmpty {
            put(UInt8(ascii: "-"))
        } else {
            var i = s.count - 1
            while i > 0 && s[i] & 0xC0 == 0x80 { i -= 1 }
            if !GoYAMLScalarAnalysis.isBreak(s, i) {
                put(UInt8(ascii: "-"))
            } else if i == 0 {
                put(UInt8(ascii: "+"))
            } else {
                i -= 1
                while i > 0 && s[i] & 0xC0 == 0x80 { i -= 1 }
                if GoYAMLScalarAnalysis.isBreak(s, i) { put(UInt8(ascii: "+")) }
            }
        }
        whitespace = false
        putBreak()
        indention = true
        whitespace = true
        var breaks = true
        var i = 0
        while i < s.count {
            if GoYAMLScalarAnalysis.isBreak(s, i) {
                writeBreak(s, &i)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                write(s, &i)
                indention = false
                breaks = false
            }
        }
    }
}
