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
    static func trim(_ value: String, _ operation: String, pattern: String) -> String {
        let chars = Array(value)
        switch operation {
        case "#": return String(trimPrefix(chars, Array(pattern), longest: false))
        case "##": return String(trimPrefix(chars, Array(pattern), longest: true))
        case "%": return String(trimPrefix(chars.reversed(), pattern.reversed(), longest: false).reversed())
        default: return String(trimPrefix(chars.reversed(), pattern.reversed(), longest: true).reversed())  // "%%"
        }
    }

    private static func trimPrefix(_ s: [Character], _ pattern: [Character], longest: Bool) -> [Character] {
        var cut = 0
        for length in stride(from: s.count, to: 0, by: -1) {
            guard let matched = Glob.match(pattern[...], s[..<length]) else { return s }
            if matched {
                cut = length
                if longest { break }
            }
        }
        return Array(s[cut...])
    }
}

/// Go's `path.Match`: `*` is any run of non-`/` characters, `?` one non-`/` character,
/// `[abc]`, `[a-z]`, `[^a-z]` classes, `\` escapes. `nil` means a malformed pattern.
enum Glob {
    static func match(_ pattern: ArraySlice<Character>, _ name: ArraySlice<Character>) -> Bool? {
        var p = pattern
        var n = name
        while let c = p.first {
            switch c {
            case "*":
                let rest = p.dropFirst()
                var candidate = n
                while true {
                    guard let result = match(rest, candidate) else { return nil }
                    if result { return true }
                    guard let next = candidate.first, next != "/" else { return false }
                    candidate = candidate.dropFirst()
                }
            case "?":
                guard let next = n.first, next != "/" else { return false }
                p = p.dropFirst()
                n = n.dropFirst()
            case "[":
                guard let next = n.first, next != "/" else { return false }
                guard let (matched, rest) = matchClass(p.dropFirst(), next) else { return nil }
                if !matched { return false }
                p = rest
                n = n.dropFirst()
            case "\\":
                p = p.dropFirst()
                guard let escaped = p.first else { return nil }
                guard n.first == escaped else { return false }
                p = p.dropFirst()
                n = n.dropFirst()
            default:
                guard n.first == c else { return false }
                p = p.dropFirst()
                n = n.dropFirst()
            }
        }
        return n.isEmpty
    }

    /// Matches `c` against the class after `[`; returns the pattern after `]`.
    private static func matchClass(_ pattern: ArraySlice<Character>, _ c: Character) -> (Bool, ArraySlice<Character>)? {
        var p = pattern
        var negated = false
        if p.first == "^" {
            negated = true
            p = p.dropFirst()
        }
        var matched = false
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
            if low <= c, c <= high { matched = true }
        }
        return (matched != negated, p.dropFirst())
    }
}
