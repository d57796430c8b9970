import GoTemplate

/// The parse tree of a pattern.
indirect enum RegexNode {
    case empty
    case set(RegexCharSet)
    case assert(RegexAssertion)
    case capture(RegexNode, index: Int)
    case concat([RegexNode])
    case alternate([RegexNode])
    case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)
}

/// RE2's parser (Go's `regexp/syntax`), with its error texts.
struct RegexParser {
    struct Flags { var fold = false, multiline = false, dotNL = false, ungreedy = false }

    let pattern: String
    let s: [Unicode.Scalar]
    var i = 0
    var groupCount = 0
    var groupNames: [String] = [""]
    var depth = 0

    static let maximumRepeat = 1000
    static let maximumDepth = 1000

    init(_ pattern: String) {
        self.pattern = pattern
        self.s = Array(pattern.unicodeScalars)
    }

    func fail(_ code: String, _ fragment: String) -> GoFunctionError {
        GoFunctionError("error parsing regexp: \(code): `\(fragment)`")
    }

    func text(_ from: Int, _ to: Int) -> String {
        var view = String.UnicodeScalarView()
        var i = Swift.max(0, from)
        while i < Swift.min(to, s.count) {
            view.append(s[i])
            i += 1
        }
        return String(view)
    }

    mutating func parse() throws(GoFunctionError) -> RegexNode {
        var flags = Flags()
        let node = try parseAlternation(&flags)
        if i < s.count { throw fail("unexpected )", pattern) }
        return node
    }

    mutating func parseAlternation(_ flags: inout Flags) throws(GoFunctionError) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw fail("expression nests too deeply", pattern) }
        var options = [try parseConcat(&flags)]
        while i < s.count && s[i] == "|" {
            i += 1
            options.append(try parseConcat(&flags))
        }
        return options.count == 1 ? options[0] : .alternate(options)
    }

    mutating func parseConcat(_ flags: inout Flags) throws(GoFunctionError) -> RegexNode {
        var items: [RegexNode] = []
        while i < s.count && s[i] != "|" && s[i] != ")" {
            guard let atom = try parseAtom(&flags) else { continue }
            var node = atom
            var lastOp: Int?
            while i < s.count {
                let opStart = i
                guard let (min, max) = try parseRepeat() else { break }
                if let lastOp { throw fail("invalid nested repetition operator", text(lastOp, i)) }
                var greedy = true
                if i < s.count && s[i] == "?" { greedy = false; i += 1 }
                if flags.ungreedy { greedy.toggle() }
                node = .repetition(node, min: min, max: max, greedy: greedy)
                lastOp = opStart
            }
            items.append(node)
        }
        if items.isEmpty { return .empty }
        return items.count == 1 ? items[0] : .concat(items)
    }

    /// `*`, `+`, `?` or a valid `{m}`, `{m,}`, `{m,n}` at the cursor (consumed); nil otherwise.
    mutating func parseRepeat() throws(GoFunctionError) -> (Int, Int?)? {
        switch s[i] {
        case "*": i += 1; return (0, nil)
        case "+": i += 1; return (1, nil)
        case "?": i += 1; return (0, 1)
        case "{":
            let start = i
            var j = i + 1
            func number(_ j: inout Int) -> Int? {
                let from = j
                var v = 0
                while j < s.count, s[j].value >= 0x30, s[j].value <= 0x39 {
                    v = Swift.min(v * 10 + Int(s[j].value - 0x30), 100_000); j += 1
                }
                return j > from ? v : nil
            }
            guard let lo = number(&j) else { return nil }
            var hi: Int? = lo
            if j < s.count && s[j] == "," {
                j += 1
                hi = j < s.count && s[j] == "}" ? nil : number(&j)
                if hi == nil && !(j < s.count && s[j] == "}") { return nil }
            }
            guard j < s.count && s[j] == "}" else { return nil }
            i = j + 1
            if lo > Self.maximumRepeat || (hi ?? 0) > Self.maximumRepeat || (hi.map { $0 < lo } ?? false) {
                throw fail("invalid repeat count", text(start, i))
            }
            return (lo, hi)
        default: return nil
        }
    }

    /// One atom; nil for a flag group that only changed `flags`.
    mutating func parseAtom(_ flags: inout Flags) throws(GoFunctionError) -> RegexNode? {
        let c = s[i]
        switch c {
        case "(":
            return try parseGroup(&flags)
        case "*", "+", "?":
            throw fail("missing argument to repetition operator", String(c))
        case "{":
            var probe = self
            if (try? probe.parseRepeat()) ?? nil != nil {
                throw fail("missing argument to repetition operator", text(i, probe.i))
            }
            i += 1
            return .set(.scalar("{", fold: false))
        case ".":
            i += 1
            return .set(flags.dotNL ? RegexCharSet([0...0x10FFFF]) : RegexCharSet([0...9, 11...0x10FFFF]))
        case "^":
            i += 1
            return .assert(flags.multiline ? .beginLine : .beginText)
        case "$":
            i += 1
            return .assert(flags.multiline ? .endLine : .endText)
        case "[":
            return .set(try parseClass(flags))
        case "\\":
            return try parseEscapeAtom(flags)
        default:
            i += 1
            return .set(.scalar(c, fold: flags.fold))
        }
    }

    mutating func parseGroup(_ flags: inout Flags) throws(GoFunctionError) -> RegexNode? {
        let start = i
        i += 1
        if i < s.count && s[i] == "?" {
            // Named capture: (?P<name>…) or (?<name>…).
            var j = i + 1
            if j < s.count && s[j] == "P" { j += 1 }
            if j < s.count && s[j] == "<" {
                guard let close = s[j...].firstIndex(of: ">") else { throw fail("invalid named capture", text(start, s.count)) }
                let name = text(j + 1, close)
                let valid = !name.isEmpty && name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType == .decimal }
                if !valid || groupNames.contains(name) { throw fail("invalid named capture", text(start, close + 1)) }
                i = close + 1
                groupCount += 1
                let index = groupCount
                groupNames.append(name)
                return try finishGroup(start, &flags, capture: index)
            }
            // Flags: (?i) or (?i-s:…).
            var j2 = i + 1
            var new = flags
            var negate = false
            var sawFlag = false
            while j2 < s.count {
                switch s[j2] {
                case "i": new.fold = !negate; sawFlag = true
                case "m": new.multiline = !negate; sawFlag = true
                case "s": new.dotNL = !negate; sawFlag = true
                case "U": new.ungreedy = !negate; sawFlag = true
                case "-":
                    if negate { throw fail("invalid or unsupported Perl syntax", text(start, j2 + 1)) }
                    negate = true; sawFlag = false
                case ")":
                    if negate && !sawFlag { throw fail("invalid or unsupported Perl syntax", text(start, j2 + 1)) }
                    flags = new
                    i = j2 + 1
                    return nil
                case ":":
                    if negate && !sawFlag { throw fail("invalid or unsupported Perl syntax", text(start, j2 + 1)) }
                    i = j2 + 1
                    var inner = new
                    return try finishGroup(start, &inner, capture: nil)
                default:
                    throw fail("invalid or unsupported Perl syntax", text(start, j2 + 1))
                }
                j2 += 1
            }
            throw fail("missing closing )", pattern)
        }
        groupCount += 1
        let index = groupCount
        groupNames.append("")
        var inner = flags
        return try finishGroup(start, &inner, capture: index)
    }

    mutating func finishGroup(_ start: Int, _ flags: inout Flags, capture: Int?) throws(GoFunctionError) -> RegexNode {
        let body = try parseAlternation(&flags)
        guard i < s.count && s[i] == ")" else { throw fail("missing closing )", pattern) }
        i += 1
        if let capture { return .capture(body, index: capture) }
        return body
    }
}
