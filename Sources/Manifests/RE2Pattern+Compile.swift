/// Parsing (pattern text → ``RE2Pattern/Node``) and Thompson's construction (node → instructions),
/// with the limits that keep a hostile pattern from becoming a huge program.
extension RE2Pattern {
    static func emit(_ node: Node, into program: inout [Inst], pattern: String) throws(SyntaxError) {
        guard program.count <= maximumProgram else {
            throw SyntaxError(pattern: pattern, reason: "expression too large (more than \(maximumProgram) steps)")
        }
        switch node {
        case .set(let s): program.append(.set(s))
        case .begin: program.append(.begin)
        case .end: program.append(.end)
        case .concat(let parts): for part in parts { try emit(part, into: &program, pattern: pattern) }
        case .alternate(let options):
            // split L1, next; L1: a; jump end; next: split L2, … ; last option plain.
            var jumps: [Int] = []
            for (i, option) in options.enumerated() {
                if i < options.count - 1 {
                    let split = program.count
                    program.append(.split(split + 1, -1))
                    try emit(option, into: &program, pattern: pattern)
                    jumps.append(program.count)
                    program.append(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(option, into: &program, pattern: pattern)
                }
            }
            for j in jumps { program[j] = .jump(program.count) }
        case .repeatNode(let inner, let min, let max):
            for _ in 0..<min { try emit(inner, into: &program, pattern: pattern) }
            if let max {
                // Each optional copy: split body, skip.
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(program.count)
                    program.append(.split(program.count + 1, -1))
                    try emit(inner, into: &program, pattern: pattern)
                }
                for s in splits { program[s] = .split(s + 1, program.count) }
            } else {
                let loop = program.count
                program.append(.split(loop + 1, -1))
                try emit(inner, into: &program, pattern: pattern)
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
    }

    struct Parser {
        let pattern: String
        let scalars: [Unicode.Scalar]
        var index = 0

        func fail(_ reason: String) -> SyntaxError { SyntaxError(pattern: pattern, reason: reason) }
        var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func parseAlternation(depth: Int) throws(SyntaxError) -> Node {
            guard depth < RE2Pattern.maximumNesting else { throw fail("groups nested more than \(RE2Pattern.maximumNesting) deep") }
            var options = [try parseConcat(depth: depth)]
            while peek == "|" {
                index += 1
                options.append(try parseConcat(depth: depth))
            }
            return options.count == 1 ? options[0] : .alternate(options)
        }

        mutating func parseConcat(depth: Int) throws(SyntaxError) -> Node {
            var parts: [Node] = []
            while let c = peek, c != "|", c != ")" {
                var atom = try parseAtom(depth: depth)
                while let q = peek, q == "*" || q == "+" || q == "?" || q == "{" {
                    guard let (min, max) = try parseQuantifier() else { break }
                    if case .begin = atom { throw fail("missing argument to repetition operator") }
                    if case .end = atom { throw fail("missing argument to repetition operator") }
                    atom = .repeatNode(atom, min: min, max: max)
                    if peek == "?" { index += 1 }  // lazy: same yes/no answer
                    if let q2 = peek, q2 == "*" || q2 == "+" || (q2 == "?" ) { throw fail("invalid nested repetition operator") }
                }
                parts.append(atom)
            }
            return parts.count == 1 ? parts[0] : .concat(parts)
        }

        /// nil for a `{` that is not a counted repetition (RE2 then reads it as a literal).
        mutating func parseQuantifier() throws(SyntaxError) -> (Int, Int?)? {
            let c = scalars[index]
            switch c {
            case "*": index += 1; return (0, nil)
            case "+": index += 1; return (1, nil)
            case "?": index += 1; return (0, 1)
            default: break
            }
            var i = index + 1
            func number() -> Int? {
                let start = i
                var value = 0
                while i < scalars.count, ("0"..."9").contains(scalars[i]) {
                    value = Swift.min(value * 10 + Int(scalars[i].value - 48), 100_000)
                    i += 1
                }
                return i > start ? value : nil
            }
            guard let low = number() else { return nil }
            var high: Int? = low
            if i < scalars.count, scalars[i] == "," {
                i += 1
                high = number()
            }
            guard i < scalars.count, scalars[i] == "}" else { return nil }
            index = i + 1
            if low > RE2Pattern.maximumRepeat || (high ?? 0) > RE2Pattern.maximumRepeat {
                throw fail("invalid repeat count (at most \(RE2Pattern.maximumRepeat))")
            }
            if let high, high < low { throw fail("invalid repeat count") }
            return (low, high)
        }

        mutating func parseAtom(depth: Int) throws(SyntaxError) -> Node {
            let c = scalars[index]
            index += 1
            switch c {
            case "(":
                if peek == "?" {
                    let rest = String(String.UnicodeScalarView(scalars[index...].prefix(4)))
                    if rest.hasPrefix("?:") {
                        index += 2
                    } else if rest.hasPrefix("?P<") || (rest.hasPrefix("?<") && !rest.hasPrefix("?<=") && !rest.hasPrefix("?<!")) {
                        guard let close = scalars[index...].firstIndex(of: ">") else { throw fail("invalid named capture") }
                        index = close + 1
                    } else if rest.hasPrefix("?=") || rest.hasPrefix("?!") || rest.hasPrefix("?<") {
                        throw fail("lookaround is not supported (RE2 syntax)")
                    } else {
                        throw fail("flags and other (? groups are not supported")
                    }
                }
                let inner = try parseAlternation(depth: depth + 1)
                guard peek == ")" else { throw fail("missing closing )") }
                index += 1
                return inner
            case ")": throw fail("unexpected )")
            case "*", "+", "?": throw fail("missing argument to repetition operator")
            case ".": return .set(ScalarSet(ranges: [("\u{0}", "\u{9}"), ("\u{B}", "\u{10FFFF}")]))
            case "^": return .begin
            case "$": return .end
            case "[": return .set(try parseClass())
            case "\\": return .set(try parseEscape(inClass: false))
            default: return .set(ScalarSet(ranges: [(c, c)]))
            }
        }

        mutating func parseEscape(inClass: Bool) throws(SyntaxError) -> ScalarSet {
            guard let e = peek else { throw fail("trailing backslash at end of expression") }
            index += 1
            switch e {
            case "d": return .digit
            case "D": return ScalarSet.digit.inverted
            case "w": return .word
            case "W": return ScalarSet.word.inverted
            case "s": return .space
            case "S": return ScalarSet.space.inverted
            case "n": return ScalarSet(ranges: [("\n", "\n")])
            case "t": return ScalarSet(ranges: [("\t", "\t")])
            case "r": return ScalarSet(ranges: [("\r", "\r")])
            case "f": return ScalarSet(ranges: [("\u{C}", "\u{C}")])
            case "v": return ScalarSet(ranges: [("\u{B}", "\u{B}")])
            case "1"..."9": throw fail("backreferences are not supported (RE2 syntax)")
            default:
                if e.isASCII, !(e.properties.isAlphabetic || ("0"..."9").contains(e)) {
                    return ScalarSet(ranges: [(e, e)])  // an escaped punctuation character
                }
                throw fail("invalid escape sequence \\\(e)")
            }
        }

        mutating func parseClass() throws(SyntaxError) -> ScalarSet {
            var negated = false
            if peek == "^" { negated = true; index += 1 }
            var ranges: [(Unicode.Scalar, Unicode.Scalar)] = []
            var first = true
            while true {
                guard let c = peek else { throw fail("missing closing ]") }
                if c == "]" && !first { index += 1; break }
                first = false
                index += 1
                var low: Unicode.Scalar = c
                if c == "[", peek == ":" { throw fail("POSIX classes are not supported") }
                if c == "\\" {
                    let set = try parseEscape(inClass: true)
                    if set.ranges.count != 1 || set.ranges[0].0 != set.ranges[0].1 {
                        ranges += set.ranges
                        continue
                    }
                    low = set.ranges[0].0
                }
                var high = low
                if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                    index += 1
                    var h = scalars[index]
                    index += 1
                    if h == "\\" {
                        let set = try parseEscape(inClass: true)
                        guard set.ranges.count == 1, set.ranges[0].0 == set.ranges[0].1 else { throw fail("invalid character class range") }
                        h = set.ranges[0].0
                    }
                    high = h
                }
                guard low <= high else { throw fail("invalid character class range") }
                ranges.append((low, high))
            }
            let set = ScalarSet(ranges: ranges)
            return negated ? set.inverted : set
        }
    }
}
