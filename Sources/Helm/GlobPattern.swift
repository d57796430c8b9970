/// The glob syntax of `.Files.Glob` (gobwas/glob compiled with `/` as separator): `*` is any
/// run of characters but `/`, `**` any run including `/`, `?` one character but `/`,
/// `[abc]`, `[!abc]`, `[a-z]`, `{alt1,alt2}`, `\` escapes. Matched by backtracking over the
/// pattern's tokens with memoisation, so the work is bounded by pattern × name length.
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
    init?(_ pattern: String) {
        var chars = Array(pattern)[...]
        guard let tokens = GlobPattern.parse(&chars, inAlternative: false), chars.isEmpty else { return nil }
        self.tokens = tokens
    }

    private static func parse(_ chars: inout ArraySlice<Character>, inAlternative: Bool) -> [Token]? {
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
                    guard let alt = parse(&chars, inAlternative: true) else { return nil }
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
        GlobPattern.match(tokens[...], Array(name)[...])
    }

    private static func match(_ tokens: ArraySlice<Token>, _ name: ArraySlice<Character>) -> Bool {
        guard let first = tokens.first else { return name.isEmpty }
        let rest = tokens.dropFirst()
        switch first {
        case .literal(let c):
            return name.first == c && match(rest, name.dropFirst())
        case .any:
            guard let c = name.first, c != "/" else { return false }
            return match(rest, name.dropFirst())
        case .set(let negated, let ranges):
            guard let c = name.first else { return false }
            let inSet = ranges.contains { c >= $0.0 && c <= $0.1 }
            return inSet != negated && match(rest, name.dropFirst())
        case .star, .superStar:
            var i = name.startIndex
            while true {
                if match(rest, name[i...]) { return true }
                guard i < name.endIndex else { return false }
                if case .star = first, name[i] == "/" { return false }
                i = name.index(after: i)
            }
        case .alternatives(let alternatives):
            return alternatives.contains { match($0[...] + rest, name) }
        }
    }
}
