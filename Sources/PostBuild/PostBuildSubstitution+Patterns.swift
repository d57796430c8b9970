// The pattern operators of `fluxcd/pkg/envsubst` (`funcs.go`), rule for rule.
extension PostBuildSubstitution {
    /// `${var/from/to}` (first), `${var//from/to}` (all), `${var/#from/to}` (prefix) and
    /// `${var/%from/to}` (suffix). `from` is plain text, not a glob, as in Flux's engine; a
    /// missing `/to` removes the match (`/#` and `/%` then leave the value alone).
    static func replace(_ value: String, _ operation: String, _ argument: String) -> String {
        let parts = argument.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let from = parts[0]
        let to = parts.count > 1 ? parts[1] : ""
        switch operation {
        case "//":
            return value.replacingAll(from, with: to)
        case "/":
            guard !from.isEmpty, let range = value.firstRange(of: from) else { return value }
            return value.replacingCharacters(in: range, with: to)
        case "/#":
            guard parts.count == 2, value.hasPrefix(from), let range = value.firstRange(of: from) else { return value }
            return value.replacingCharacters(in: range, with: to)
        default:  // "/%"
            guard parts.count == 2, value.hasSuffix(from) else { return value }
            return String(value.dropLast(from.count)) + to
        }
    }

    /// `#`/`##` strip the shortest/longest prefix matching the glob, `%`/`%%` the suffix
    /// (matched, like Flux, by reversing both the value and the pattern). An empty match never
    /// counts, and a malformed pattern leaves the value alone.
    ///
    /// The glob runs as a set of pattern positions advanced one character at a time, so every
    /// prefix length is decided in one pass: `${V##***…}` and `${V%%*a*a*a…}` cost at most
    /// value × pattern steps, never the exponential search of a backtracking matcher, and a
    /// pattern too costly even for that is an error rather than a stuck worker.
    static func trim(_ value: String, _ operation: String, pattern: String) throws -> String {
        let chars = Array(value)
        switch operation {
        case "#": return String(try trimPrefix(chars, Array(pattern), longest: false))
        case "##": return String(try trimPrefix(chars, Array(pattern), longest: true))
        case "%": return String(try trimPrefix(chars.reversed(), pattern.reversed(), longest: false).reversed())
        default: return String(try trimPrefix(chars.reversed(), pattern.reversed(), longest: true).reversed())  // "%%"
        }
    }

    /// How many pattern-position steps one trim may take (a few hundred milliseconds).
    static let maximumGlobSteps = 10_000_000

    private static func trimPrefix(_ s: [Character], _ pattern: [Character], longest: Bool) throws -> [Character] {
        guard let tokens = Glob.tokens(pattern[...]) else { return s }
        var cut = 0
        var simulation = Glob.Simulation(tokens)
        var steps = 0
        for (i, c) in s.enumerated() {
            steps += simulation.activeCount + 1
            guard steps <= maximumGlobSteps else {
                let shown = String(pattern.prefix(40)) + (pattern.count > 40 ? "…" : "")
                throw SubstitutionError.syntax("glob '\(shown)' is too costly to match against a \(s.count)-character value")
            }
            simulation.step(c)
            if simulation.isEmpty { break }
            if simulation.accepts {
                cut = i + 1
                if !longest { break }
            }
        }
        return Array(s[cut...])
    }
}

/// Go's `path.Match`: `*` is any run of non-`/` characters, `?` one non-`/` character,
/// `[abc]`, `[a-z]`, `[^a-z]` classes, `\` escapes.
enum Glob {
    enum Token: Equatable {
        case star
        case any
        case literal(Character)
        case set([ClosedRange<Character>], negated: Bool)

        /// Whether a non-star token consumes `c`.
        func consumes(_ c: Character) -> Bool {
            guard c != "/" else {
                if case .literal(let l) = self { return l == c }
                return false
            }
            switch self {
            case .star, .any: return true
            case .literal(let l): return l == c
            case .set(let ranges, let negated): return ranges.contains { $0.contains(c) } != negated
            }
        }
    }

    /// The pattern as tokens (runs of `*` as one), or nil when it is malformed (an unclosed
    /// class or a trailing `\`), as Go's `path.Match` reports `ErrBadPattern`.
    static func tokens(_ pattern: ArraySlice<Character>) -> [Token]? {
        var p = pattern
        var out: [Token] = []
        while let c = p.first {
            p = p.dropFirst()
            switch c {
            case "*":
                if out.last != .star { out.append(.star) }
            case "?":
                out.append(.any)
            case "\\":
                guard let escaped = p.first else { return nil }
                out.append(.literal(escaped))
                p = p.dropFirst()
            case "[":
                guard let (set, rest) = parseClass(p) else { return nil }
                out.append(set)
                p = rest
            default:
                out.append(.literal(c))
            }
        }
        return out
    }

    /// The class after `[`, and the pattern after its `]`.
    private static func parseClass(_ pattern: ArraySlice<Character>) -> (Token, ArraySlice<Character>)? {
        var p = pattern
        var negated = false
        if p.first == "^" {
            negated = true
            p = p.dropFirst()
        }
        var ranges: [ClosedRange<Character>] = []
        var first = true
        while true {
            guard let lo = p.first else { return nil }
            if lo == "]", !first { break }
            first = false
            p = p.dropFirst()
            var low = lo
            if low == "\\" {
                guard let e = p.first else { return nil }
                low = e
                p = p.dropFirst()
            }
            var high = low
            if p.first == "-", let h = p.dropFirst().first, h != "]" {
                high = h
                p = p.dropFirst(2)
            }
            if low <= high { ranges.append(low...high) }
        }
        return (.set(ranges, negated: negated), p.dropFirst())
    }

    /// Whether the whole of `name` matches `pattern`; nil for a malformed pattern.
    static func match(_ pattern: ArraySlice<Character>, _ name: ArraySlice<Character>) -> Bool? {
        guard let tokens = tokens(pattern) else { return nil }
        var simulation = Simulation(tokens)
        for c in name {
            simulation.step(c)
            if simulation.isEmpty { return false }
        }
        return simulation.accepts
    }

    /// The set of pattern positions reachable after the characters fed so far (a Thompson
    /// simulation: no backtracking, each step touches each live position once).
    struct Simulation {
        let tokens: [Token]
        private var active: [Int] = []
        private var seen: [Int]
        private var generation = 0

        init(_ tokens: [Token]) {
            self.tokens = tokens
            seen = [Int](repeating: -1, count: tokens.count + 1)
            add(0)
        }

        var activeCount: Int { active.count }
        var isEmpty: Bool { active.isEmpty }
        /// Whether the characters so far match the whole pattern.
        var accepts: Bool { seen[tokens.count] == generation }

        private mutating func add(_ position: Int) {
            guard seen[position] != generation else { return }
            seen[position] = generation
            active.append(position)
            // A star may match nothing; runs of stars are one token, so one hop suffices.
            if position < tokens.count, tokens[position] == .star { add(position + 1) }
        }

        mutating func step(_ c: Character) {
            let current = active
            active.removeAll(keepingCapacity: true)
            generation += 1
            for position in current where position < tokens.count {
                let token = tokens[position]
                if token == .star {
                    if c != "/" { add(position) }
                } else if token.consumes(c) {
                    add(position + 1)
                }
            }
        }
    }
}
