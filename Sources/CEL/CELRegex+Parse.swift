/// The syntax tree of a regular expression.
indirect enum RegexNode: Sendable {
    case empty
    case scalar(CELRegex.ScalarClass)
    case assert(CELRegex.Assertion)
    case concat([RegexNode])
    case alternate([RegexNode])
    case repetition(RegexNode, min: Int, max: Int?)
}

/// RE2 syntax to ``RegexNode``. Nesting is limited like the CEL parser's, so a pattern of
/// thousands of `(` is an error, not a stack overflow.
struct RegexParser {
    private let p: [Unicode.Scalar]
    private var i = 0
    private var depth = 0
    private var caseInsensitive = false
    private var multiLine = false
    private var dotAll = false

    init(_ pattern: [Unicode.Scalar]) { p = pattern }

    func peekScalar(_ k: Int = 0) -> Unicode.Scalar? { peek(k) }
    mutating func advanceScalar() { i += 1 }
    func regexError(_ message: String) -> CELError { fail(message) }
    func literalClass(_ c: Unicode.Scalar) -> CELRegex.ScalarClass { literal(c) }
    var isCaseInsensitive: Bool { caseInsensitive }

    private func fail(_ message: String) -> CELError {
        .eval("invalid regular expression: \(message)")
    }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < p.count ? p[i + k] : nil }

    mutating func parse() throws(CELError) -> RegexNode {
        let node = try alternation()
        guard i == p.count else { throw fail("unexpected ) at offset \(i)") }
        return node
    }

    private mutating func alternation() throws(CELError) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= 250 else { throw fail("nested too deeply") }
        let saved = (caseInsensitive, multiLine, dotAll)
        defer { (caseInsensitive, multiLine, dotAll) = saved }
        var branches = [try concatenation()]
        while peek() == "|" {
            i += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    private mutating func concatenation() throws(CELError) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek(), c != "|", c != ")" {
            guard let atom = try atom() else { continue }
            items.append(try quantified(atom))
        }
        return items.count == 1 ? items[0] : .concat(items)
    }

    private mutating func quantified(_ atom: RegexNode) throws(CELError) -> RegexNode {
        var node = atom
        var quantifiers = 0
        while let c = peek() {
            var range: (Int, Int?)?
            switch c {
            case "*": range = (0, nil); i += 1
            case "+": range = (1, nil); i += 1
            case "?": range = (0, 1); i += 1
            case "{":
                if let r = try counted() { range = r }
            default: break
            }
            guard let (lo, hi) = range else { return node }
            quantifiers += 1
            guard quantifiers == 1 else { throw fail("bad repetition operator \(c)") }
            if case .assert = node {} else if case .empty = node { throw fail("missing argument to repetition operator") }
            if peek() == "?" { i += 1 }  // lazy: the same set of matches for a yes/no answer
            node = .repetition(node, min: lo, max: hi)
        }
        return node
    }

    /// `{n}`, `{n,}`, `{n,m}`; anything else leaves `{` to be read as a literal (as RE2 does).
    private mutating func counted() throws(CELError) -> (Int, Int?)? {
        var j = i + 1
        func number() -> Int? {
            var v = 0, digits = 0
            while j < p.count, p[j].isDigit, digits < 5 {
                v = v * 10 + Int(p[j].value - 48)
                j += 1
                digits += 1
            }
            return digits == 0 ? nil : v
        }
        guard let lo = number() else { return nil }
        var hi: Int? = lo
        if j < p.count, p[j] == "," {
            j += 1
            hi = number()
        }
        guard j < p.count, p[j] == "}" else { return nil }
        i = j + 1
        guard lo <= CELRegex.maxRepeat, (hi ?? 0) <= CELRegex.maxRepeat else {
            throw fail("repetition count above \(CELRegex.maxRepeat)")
        }
        if let hi, hi < lo { throw fail("invalid repetition range {\(lo),\(hi)}") }
        return (lo, hi)
    }

    private mutating func atom() throws(CELError) -> RegexNode? {
        guard let c = peek() else { return .empty }
        i += 1
        switch c {
        case "(": return try group()
        case ".":
            var cls = CELRegex.ScalarClass(ranges: [0...0x10FFFF])
            if !dotAll { cls = CELRegex.ScalarClass(ranges: [0...9, 11...0x10FFFF]) }
            return .scalar(cls)
        case "^": return .assert(multiLine ? .beginLine : .beginText)
        case "$": return .assert(multiLine ? .endLine : .endText)
        case "[": return .scalar(try bracket())
        case "\\": return try escape()
        case "*", "+", "?": throw fail("missing argument to repetition operator \(c)")
        default: return .scalar(literal(c))
        }
    }

    private func literal(_ c: Unicode.Scalar) -> CELRegex.ScalarClass {
        var cls = CELRegex.ScalarClass(ranges: [c.value...c.value])
        if caseInsensitive { cls.ranges += Self.otherCases(c).map { $0.value...$0.value } }
        return cls
    }

    static func otherCases(_ c: Unicode.Scalar) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        for mapped in [c.properties.lowercaseMapping, c.properties.uppercaseMapping] {
            let scalars = Array(mapped.unicodeScalars)
            if scalars.count == 1, scalars[0] != c { out.append(scalars[0]) }
        }
        return out
    }

    private mutating func group() throws(CELError) -> RegexNode? {
        if peek() == "?" {
            i += 1
            if peek() == "P" || peek() == "<" {
                if peek() == "P" { i += 1 }
                guard peek() == "<" else { throw fail("invalid named group") }
                while let c = peek(), c != ">" { i += 1 }
                guard peek() == ">" else { throw fail("invalid named group") }
                i += 1
            } else {
                // Flags: (?flags) for the rest of the group, or (?flags:...) for this group.
                var negate = false
                var flags: [(Unicode.Scalar, Bool)] = []
                while let c = peek(), c != ":", c != ")" {
                    switch c {
                    case "-": negate = true
                    case "i", "m", "s", "U": flags.append((c, !negate))
                    default: throw fail("invalid or unsupported group flag \(c) (look-around is not supported)")
                    }
                    i += 1
                }
                guard let end = peek() else { throw fail("missing )") }
                i += 1
                let saved = (caseInsensitive, multiLine, dotAll)
                for (flag, on) in flags {
                    switch flag {
                    case "i": caseInsensitive = on
                    case "m": multiLine = on
                    case "s": dotAll = on
                    default: break  // U (ungreedy) changes no yes/no answer
                    }
                }
                if end == ")" { return nil }  // applies to the rest of the enclosing group
                let inner = try alternation()
                (caseInsensitive, multiLine, dotAll) = saved
                guard peek() == ")" else { throw fail("missing )") }
                i += 1
                return inner
            }
        }
        let inner = try alternation()
        guard peek() == ")" else { throw fail("missing )") }
        i += 1
        return inner
    }
}
