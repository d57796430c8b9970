/// The globs of an ArtifactGenerator's `copy[].from` and `exclude` (doublestar syntax, as
/// source-watcher documents it): paths are `/`-separated; within a segment `*` is any run of
/// characters, `?` one character, `[abc]`/`[a-z]`/`[^abc]`/`[!abc]` a set, `\` escapes; a segment
/// that is exactly `**` matches zero or more whole segments (one or more when it ends the
/// pattern: `dir/**` is what is below `dir`, not `dir` itself).
///
/// Matching is bounded: segments against segments with a memo (pattern × path states), and
/// within a segment the classic two-pointer wildcard walk, so a hostile pattern costs at most
/// pattern length × path length.
struct ArtifactGlob: Sendable, Equatable {
    enum Segment: Sendable, Equatable {
        case superStar
        case pattern([Token])
    }

    enum Token: Sendable, Equatable {
        case literal(Character)
        case any
        case star
        case set(negated: Bool, ranges: [ClosedRange<Character>])
    }

    let segments: [Segment]

    /// Why a pattern cannot be used.
    struct Invalid: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// Parses `pattern`; throws for an unclosed `[`, a trailing `\`, or an empty pattern.
    init(_ pattern: String) throws(Invalid) {
        var parts = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        parts.removeAll { $0 == "." }
        guard !parts.isEmpty else { throw Invalid(description: "pattern '\(pattern)' is empty") }
        var segments: [Segment] = []
        for part in parts {
            if part == "**" {
                if segments.last != .superStar { segments.append(.superStar) }
            } else {
                segments.append(.pattern(try Self.tokens(part, in: pattern)))
            }
        }
        self.segments = segments
    }

    /// Whether a string has glob metacharacters (otherwise it names one path).
    static func hasMeta(_ text: String) -> Bool { text.contains { "*?[]".contains($0) } }

    private static func tokens(_ part: String, in pattern: String) throws(Invalid) -> [Token] {
        var chars = Array(part)[...]
        var out: [Token] = []
        while let c = chars.popFirst() {
            switch c {
            case "\\":
                guard let next = chars.popFirst() else { throw Invalid(description: "pattern '\(pattern)' ends with '\\'") }
                out.append(.literal(next))
            case "?": out.append(.any)
            case "*":
                if out.last != .star { out.append(.star) }
            case "[":
                var negated = false
                if chars.first == "!" || chars.first == "^" { negated = true; chars.removeFirst() }
                var ranges: [ClosedRange<Character>] = []
                var closed = false
                while let d = chars.popFirst() {
                    if d == "]" && !ranges.isEmpty { closed = true; break }
                    var lo = d
                    if lo == "\\", let e = chars.popFirst() { lo = e }
                    var hi = lo
                    if chars.first == "-", chars.count >= 2, chars[chars.index(after: chars.startIndex)] != "]" {
                        chars.removeFirst()
                        hi = chars.removeFirst()
                        if hi == "\\", let e = chars.popFirst() { hi = e }
                    }
                    guard lo <= hi else { throw Invalid(description: "pattern '\(pattern)' has an empty range '\(lo)-\(hi)'") }
                    ranges.append(lo...hi)
                }
                guard closed else { throw Invalid(description: "pattern '\(pattern)' has an unclosed '['") }
                out.append(.set(negated: negated, ranges: ranges))
            default: out.append(.literal(c))
            }
        }
        return out
    }

    /// Whether the `/`-separated relative `path` matches the whole pattern.
    func matches(_ path: String) -> Bool {
        matches(components: path.split(separator: "/").map(String.init))
    }

    func matches(components path: [String]) -> Bool {
        var memo = [Bool?](repeating: nil, count: (segments.count + 1) * (path.count + 1))
        func match(_ p: Int, _ n: Int) -> Bool {
            let key = p * (path.count + 1) + n
            if let known = memo[key] { return known }
            let result: Bool
            if p == segments.count {
                result = n == path.count
            } else {
                switch segments[p] {
                case .superStar where p == segments.count - 1:
                    // A trailing `**` is what is below: at least one more segment.
                    result = n < path.count
                case .superStar:
                    result = match(p + 1, n) || (n < path.count && match(p, n + 1))
                case .pattern(let tokens):
                    result = n < path.count && Self.matchSegment(tokens, Array(path[n])) && match(p + 1, n + 1)
                }
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }

    /// `*`/`?`/sets against one segment: greedy with one backtrack point per star, linear in
    /// pattern × name.
    static func matchSegment(_ tokens: [Token], _ name: [Character]) -> Bool {
        var t = 0, n = 0
        var starT = -1, starN = 0
        while n < name.count {
            if t < tokens.count, tokens[t] != .star, accepts(tokens[t], name[n]) {
                t += 1; n += 1
            } else if t < tokens.count, tokens[t] == .star {
                starT = t; starN = n; t += 1
            } else if starT >= 0 {
                t = starT + 1; starN += 1; n = starN
            } else {
                return false
            }
        }
        while t < tokens.count, tokens[t] == .star { t += 1 }
        return t == tokens.count
    }

    private static func accepts(_ token: Token, _ c: Character) -> Bool {
        switch token {
        case .literal(let l): l == c
        case .any: true
        case .star: true
        case .set(let negated, let ranges): ranges.contains { $0.contains(c) } != negated
        }
    }
}
