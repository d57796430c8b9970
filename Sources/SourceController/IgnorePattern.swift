#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    private func globMatch(_ path: [String], isDirectory: Bool) -> Bool {
        // Match the pattern against a prefix of the path: matching a directory matches all below it.
        func go(_ p: Int, _ q: Int) -> Bool {
            if p == components.count {
                if q == 0 { return false }
                // The whole pattern is consumed. If the path is consumed too, dir-only needs a directory.
                if q == path.count { return !(directoryOnly && !isDirectory) }
                return true
            }
            let part = components[p]
            if part == "**" {
                if p == components.count - 1 { return q < path.count }
                for skip in q...path.count where go(p + 1, skip) { return true }
                return false
            }
            guard q < path.count, Self.fnmatch(part, path[q]) else { return false }
            return go(p + 1, q + 1)
        }
        return go(0, 0)
    }

    static func fnmatch(_ pattern: String, _ name: String) -> Bool {
        if !pattern.contains(where: { "*?[\\".contains($0) }) { return pattern == name }
        return pattern.withCString { p in name.withCString { n in systemFnmatch(p, n, 0) == 0 } }
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

#if canImport(Glibc)
private let systemFnmatch = Glibc.fnmatch
#elseif canImport(Darwin)
private let systemFnmatch = Darwin.fnmatch
#endif
