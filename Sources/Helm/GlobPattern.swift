/// The glob syntax of `.Files.Glob` (gobwas/glob compiled with `/` as separator): `*` is any
/// run of characters but `/`, `**` any run including `/`, `?` one character but `/`,
/// `[abc]`, `[!abc]`, `[a-z]`, `{alt1,alt2}`, `\` escapes. Matched by `GlobMachine`, so the
/// work is bounded by pattern × name length; `{` nests at most `maximumNesting` deep.
struct GlobPattern: Sendable {
    indirect enum Token: Sendable {
        case literal(Character)
        case any            // ?
        case star           // *
        case superStar      // **
        case set(negated: Bool, ranges: [(Character, Character)])
        case alternatives([[Token]])
    }

    let tokens: [Token]

    static let everything = GlobPattern(tokens: [.superStar])

    init(tokens: [Token]) { self.tokens = tokens }

    /// nil for a malformed pattern (an unclosed `[` or `{`); Helm then matches everything.
    /// Deeper `{` nesting is refused as malformed (the parser recurses once per level).
    static let maximumNesting = 64

    init?(_ pattern: String) {
        var chars = Array(pattern)[...]
        guard let tokens = GlobPattern.parse(&chars, inAlternative: false, depth: 0), chars.isEmpty else { return nil }
        self.tokens = tokens
    }

    private static func parse(_ chars: inout ArraySlice<Character>, inAlternative: Bool, depth: Int) -> [Token]? {
        guard depth <= maximumNesting else { return nil }
        var out: [Token] = []
        while let c = chars.first {
            if inAlternative && (c == "," || c == "}") { return out }
            chars.removeFirst()
            switch c {
            case "\\":
                guard let next = chars.popFirst() else { return nil }
                out.append(.literal(next))
            case "?": out.append(.any)
            case "*":
                if chars.first == "*" {
                    chars.removeFirst()
                    out.append(.superStar)
                } else {
                    out.append(.star)
                }
            case "[":
                var negated = false
                if chars.first == "!" { negated = true; chars.removeFirst() }
                var ranges: [(Character, Character)] = []
                var closed = false
                while let d = chars.popFirst() {
                    if d == "]" { closed = true; break }
                    var lo = d
                    if lo == "\\", let e = chars.popFirst() { lo = e }
                    if chars.first == "-", chars.count >= 2, chars[chars.index(after: chars.startIndex)] != "]" {
                        chars.removeFirst()
                        var hi = chars.removeFirst()
                        if hi == "\\", let e = chars.popFirst() { hi = e }
                        ranges.append((lo, hi))
                    } else {
                        ranges.append((lo, lo))
                    }
                }
                guard closed else { return nil }
                out.append(.set(negated: negated, ranges: ranges))
            case "{":
                var alternatives: [[Token]] = []
                while true {
                    guard let alt = parse(&chars, inAlternative: true, depth: depth + 1) else { return nil }
                    alternatives.append(alt)
                    guard let sep = chars.popFirst() else { return nil }
                    if sep == "}" { break }
                }
                out.append(.alternatives(alternatives))
            default:
                out.append(.literal(c))
            }
        }
        return inAlternative ? nil : out
    }

    func matches(_ name: String) -> Bool {
        GlobMachine(tokens).matches(Array(name))
    }
}

/// A glob compiled to a Thompson automaton and run over the name once, all states in step:
/// the work is pattern × name whatever the pattern (`*a*a*a…b` backtracks exponentially in a
/// naive matcher), and nothing recurses per character.
struct GlobMachine {
    enum State {
        /// Consumes one character the token accepts, then goes to the next state.
        case consume(GlobPattern.Token)
        /// `*` or `**`: consumes a character (not `/` for `*`) and stays, or moves on.
        case loop(crossesSlash: Bool)
        /// Moves on, without consuming, to each of these states.
        case split([Int])
        /// Moves on to this state.
        case jump(Int)
        case accept
    }

    var states: [State] = []

    init(_ tokens: [GlobPattern.Token]) {
        compile(tokens)
        states.append(.accept)
    }

    /// Appends the states of `tokens`; each one's successor is the state after it.
    private mutating func compile(_ tokens: [GlobPattern.Token]) {
        for token in tokens {
            switch token {
            case .star: states.append(.loop(crossesSlash: false))
            case .superStar: states.append(.loop(crossesSlash: true))
            case .alternatives(let alternatives):
                let split = states.count
                states.append(.split([]))
                var starts: [Int] = [], ends: [Int] = []
                for alternative in alternatives {
                    starts.append(states.count)
                    compile(alternative)
                    ends.append(states.count)
                    states.append(.jump(-1))
                }
                states[split] = .split(starts)
                for end in ends { states[end] = .jump(states.count) }
            default: states.append(.consume(token))
            }
        }
    }

    /// The states reachable from `seeds` without consuming, as a membership array.
    private func closure(_ seeds: [Int], into set: inout [Bool], list: inout [Int]) {
        var stack = seeds
        while let s = stack.popLast() {
            if set[s] { continue }
            set[s] = true
            list.append(s)
            switch states[s] {
            case .split(let next): stack.append(contentsOf: next)
            case .jump(let next): stack.append(next)
            case .loop: stack.append(s + 1)
            case .consume, .accept: break
            }
        }
    }

    func matches(_ name: [Character]) -> Bool {
        var inSet = [Bool](repeating: false, count: states.count)
        var current: [Int] = []
        closure([0], into: &inSet, list: &current)
        for c in name {
            var next: [Int] = []
            for s in current { inSet[s] = false }
            var seeds: [Int] = []
            for s in current {
                switch states[s] {
                case .consume(let token) where GlobMachine.accepts(token, c): seeds.append(s + 1)
                case .loop(let crossesSlash) where crossesSlash || c != "/": seeds.append(s)
                default: break
                }
            }
            if seeds.isEmpty { return false }
            closure(seeds, into: &inSet, list: &next)
            current = next
        }
        return current.contains { if case .accept = states[$0] { return true } else { return false } }
    }

    static func accepts(_ token: GlobPattern.Token, _ c: Character) -> Bool {
        switch token {
        case .literal(let l): return l == c
        case .any: return c != "/"
        case .set(let negated, let ranges): return ranges.contains { c >= $0.0 && c <= $0.1 } != negated
        default: return false
        }
    }
}
