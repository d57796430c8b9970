/// One line of a gitignore-syntax file, with the semantics Flux gets from go-git's `gitignore` package:
///
/// - A pattern without a slash (other than a trailing one) matches a path component at any depth,
///   so `*.png` or `.github/` excludes everything below a matching directory.
/// - A pattern with a slash is anchored at its domain (the directory of the `.sourceignore` it came
///   from) and matches a leading part of the path; `**` stands for any number of components.
/// - A trailing `/` restricts the pattern to directories; a leading `!` re-includes.
public struct IgnorePattern: Hashable, Sendable {
    public var domain: [String]
    var components: [String]
    public var negated: Bool
    var directoryOnly: Bool
    var anchored: Bool

    /// Parses a line; nil for blank lines and comments.
    public init?(_ line: String, domain: [String] = []) {
        var text = Substring(line)
        if text.hasSuffix("\r") { text = text.dropLast() }
        // Trailing spaces are ignored unless escaped.
        while text.hasSuffix(" ") && !text.hasSuffix("\\ ") { text = text.dropLast() }
        guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
        negated = text.hasPrefix("!")
        if negated { text = text.dropFirst() }
        if text.hasPrefix("\\#") || text.hasPrefix("\\!") { text = text.dropFirst() }
        directoryOnly = text.hasSuffix("/")
        if directoryOnly { text = text.dropLast() }
        anchored = text.contains("/")
        if text.hasPrefix("/") { text = text.dropFirst() }
        guard !text.isEmpty else { return nil }
        components = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        self.domain = domain
    }

    public enum Result { case exclude, include }

    /// The verdict of this pattern for `path` (components from the archive root), or nil if it does not apply.
    public func match(_ path: [String], isDirectory: Bool) -> Result? {
        guard path.count > domain.count, Array(path.prefix(domain.count)) == domain else { return nil }
        let relative = Array(path.dropFirst(domain.count))
        let hit = anchored ? globMatch(relative, isDirectory: isDirectory) : nameMatch(relative, isDirectory: isDirectory)
        return hit ? (negated ? .include : .exclude) : nil
    }

    private func nameMatch(_ path: [String], isDirectory: Bool) -> Bool {
        for (i, name) in path.enumerated() where Self.fnmatch(components[0], name) {
            // A directory-only pattern does not match the last component when that is a file.
            if directoryOnly && i == path.count - 1 && !isDirectory { continue }
            return true
        }
        return false
    }

    /// Matches the pattern against a leading part of the path: matching a directory matches all
    /// below it. A table over (pattern component, path component) rather than backtracking, so
    /// `**/**/**/…/x` costs components × path depth, and no recursion however long the line.
    private func globMatch(_ path: [String], isDirectory: Bool) -> Bool {
        guard !path.isEmpty else { return false }
        // reachable[q]: the first p pattern components can consume exactly path[..<q].
        var reachable = [Bool](repeating: false, count: path.count + 1)
        reachable[0] = true
        for (p, part) in components.enumerated() {
            var next = [Bool](repeating: false, count: path.count + 1)
            if part == "**" {
                if p == components.count - 1 {
                    // A trailing `**` matches everything below, but not the directory itself.
                    return reachable.dropLast().contains(true)
                }
                var any = false
                for q in 0...path.count {
                    any = any || reachable[q]
                    next[q] = any
                }
            } else {
                for q in 0..<path.count where reachable[q] && Self.fnmatch(part, path[q]) { next[q + 1] = true }
            }
            reachable = next
            if !reachable.contains(true) { return false }
        }
        // The whole pattern is consumed: a strict prefix matches (everything below a directory);
        // the full path matches unless the pattern wants a directory and this is a file.
        if reachable[1..<path.count].contains(true) { return true }
        return reachable[path.count] && !(directoryOnly && !isDirectory)
    }

    /// fnmatch(3) without flags, for one path component: `*` any run, `?` one character,
    /// `[a-z]`/`[!a-z]`/`[^a-z]` classes (an unclosed `[` is literal), `\` escapes. Greedy with
    /// one remembered star, so `*a*a*a…b` costs at most pattern × name steps (glibc's
    /// recursive matcher is exponential on it).
    static func fnmatch(_ pattern: String, _ name: String) -> Bool {
        if !pattern.contains(where: { "*?[\\".contains($0) }) { return pattern == name }
        let tokens = GlobToken.parse(pattern)
        let text = Array(name)
        var p = 0, n = 0
        var star: (p: Int, n: Int)? = nil
        while n < text.count {
            if p < tokens.count, case .star = tokens[p] {
                star = (p, n)
                p += 1
            } else if p < tokens.count, tokens[p].matches(text[n]) {
                p += 1
                n += 1
            } else if let s = star {
                star = (s.p, s.n + 1)
                p = s.p + 1
                n = s.n + 1
            } else {
                return false
            }
        }
        while p < tokens.count, case .star = tokens[p] { p += 1 }
        return p == tokens.count
    }
}

/// One element of a component glob.
enum GlobToken {
    case star
    case any
    case literal(Character)
    case set([ClosedRange<Character>], negated: Bool)

    func matches(_ c: Character) -> Bool {
        switch self {
        case .star, .any: return true
        case .literal(let l): return l == c
        case .set(let ranges, let negated): return ranges.contains { $0.contains(c) } != negated
        }
    }

    static func parse(_ pattern: String) -> [GlobToken] {
        let chars = Array(pattern)
        var tokens: [GlobToken] = []
        var i = 0
        // Once a `[` finds no `]`, no later one will: each is literal without another scan.
        var unclosed = false
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "*":
                if case .star? = tokens.last {} else { tokens.append(.star) }  // `**` in a component is `*`
                i += 1
            case "?":
                tokens.append(.any)
                i += 1
            case "\\" where i + 1 < chars.count:
                tokens.append(.literal(chars[i + 1]))
                i += 2
            case "[":
                if !unclosed, let (set, next) = parseSet(chars, from: i + 1) {
                    tokens.append(set)
                    i = next
                } else {
                    unclosed = true
                    tokens.append(.literal("["))
                    i += 1
                }
            default:
                tokens.append(.literal(c))
                i += 1
            }
        }
        return tokens
    }

    /// The class starting after `[`, and the index after its `]`; nil when it is not closed.
    private static func parseSet(_ chars: [Character], from start: Int) -> (GlobToken, Int)? {
        var i = start
        var negated = false
        if i < chars.count, chars[i] == "!" || chars[i] == "^" { negated = true; i += 1 }
        var ranges: [ClosedRange<Character>] = []
        var first = true
        while i < chars.count {
            var low = chars[i]
            if low == "]" && !first { return (.set(ranges, negated: negated), i + 1) }
            first = false
            if low == "\\", i + 1 < chars.count { i += 1; low = chars[i] }
            i += 1
            var high = low
            if i + 1 < chars.count, chars[i] == "-", chars[i + 1] != "]" {
                high = chars[i + 1]
                if high == "\\", i + 2 < chars.count { high = chars[i + 2]; i += 1 }
                i += 2
            }
            if low <= high { ranges.append(low...high) }
        }
        return nil
    }
}

/// An ordered list of patterns where the last one that applies decides (gitignore semantics).
public struct IgnoreMatcher: Sendable {
    public var patterns: [IgnorePattern]

    public init(patterns: [IgnorePattern]) { self.patterns = patterns }

    /// Whether `path` (components from the archive root) is excluded.
    public func isExcluded(_ path: [String], isDirectory: Bool) -> Bool {
        for pattern in patterns.reversed() {
            if let result = pattern.match(path, isDirectory: isDirectory) { return result == .exclude }
        }
        return false
    }

    public func isExcluded(_ path: String, isDirectory: Bool) -> Bool {
        isExcluded(path.split(separator: "/").map(String.init), isDirectory: isDirectory)
    }

    /// Patterns of a gitignore-syntax text, scoped to `domain`.
    public static func parse(_ text: String, domain: [String] = []) -> [IgnorePattern] {
        text.split(whereSeparator: \.isNewline).compactMap { IgnorePattern(String($0), domain: domain) }
    }
}

