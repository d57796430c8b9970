/// `.helmignore`: Helm's `ignore.Rules`. One pattern a line (`#` comments, blank lines
/// skipped), matched with Go's `filepath.Match`: a pattern without `/` matches the base name,
/// one with `/` the whole path from the chart root (a leading `/` anchors explicitly), a
/// trailing `/` only directories, and `!` negates. `**` is refused, as Helm does.
///
/// Helm's quirk is kept: a negated pattern that does not match a path ignores it, so a file of
/// only `!x` ignores everything but `x`.
public struct HelmIgnore: Sendable {
    struct Pattern: Sendable {
        var raw: String
        var rule: [Unicode.Scalar]
        var negate: Bool
        var mustDir: Bool
        var anchoredOrStructural: Bool
        /// How the rule can be matched without Go's general algorithm (most lines of real
        /// `.helmignore` files are a literal name or `*.ext`).
        var shape: Shape
    }

    /// A literal rule matches only its own text; `*` + literal matches a name ending in the
    /// literal whose rest has no `/`. Compared on UTF-8 bytes: equality and suffixes of valid
    /// UTF-8 agree with the scalar comparison Go makes.
    enum Shape: Sendable {
        case literal([UInt8])
        case starSuffix([UInt8])
        case general
    }

    static func shape(of rule: Substring) -> Shape {
        let bytes = Array(rule.utf8)
        func isMeta(_ b: UInt8) -> Bool { b == UInt8(ascii: "*") || b == UInt8(ascii: "?") || b == UInt8(ascii: "[") || b == UInt8(ascii: "\\") }
        if !bytes.contains(where: isMeta) { return .literal(bytes) }
        if bytes.count > 1, bytes[0] == UInt8(ascii: "*"), !bytes[1...].contains(where: isMeta) {
            return .starSuffix(Array(bytes[1...]))
        }
        return .general
    }

    var patterns: [Pattern] = []

    public static let fileName = ".helmignore"

    public init() {}

    /// Parses a `.helmignore` file's text; throws Helm's error for a bad pattern
    /// (`syntax error in pattern`, `double-star (**) syntax is not supported`).
    public init(parsing text: String) throws(HelmError) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            try add(String(line))
        }
    }

    /// Helm's `AddDefaults`: hidden files under `templates/` are never templates.
    public mutating func addDefaults() {
        try? add("templates/.?*")
    }

    public mutating func add(_ line: String) throws(HelmError) {
        var rule = Substring(line.helmTrimSpace())
        if rule.isEmpty || rule.hasPrefix("#") { return }
        if rule.contains("**") { throw HelmError("double-star (**) syntax is not supported") }
        if GoPathMatch.match(Array(rule.unicodeScalars), Array("abc".unicodeScalars)) == nil {
            throw HelmError(GoPathMatch.badPattern)
        }
        let raw = String(rule)
        var negate = false, mustDir = false
        if rule.hasPrefix("!") { negate = true; rule = rule.dropFirst() }
        if rule.hasSuffix("/") { mustDir = true; rule = rule.dropLast() }
        var structural = rule.contains("/")
        if rule.hasPrefix("/") { rule = rule.dropFirst(); structural = true }
        patterns.append(Pattern(raw: raw, rule: Array(rule.unicodeScalars), negate: negate, mustDir: mustDir,
                                anchoredOrStructural: structural, shape: HelmIgnore.shape(of: rule)))
    }

    /// Whether `path` (relative to the chart root, `/`-separated) is left out.
    public func ignores(_ path: String, isDirectory: Bool) -> Bool {
        if path.isEmpty || path == "." || path == "./" { return false }
        var full: [Unicode.Scalar]?
        var base: [Unicode.Scalar]?
        var baseName: String?
        for p in patterns {
            let matched: Bool
            switch p.shape {
            case .literal(let literal):
                let name = p.anchoredOrStructural ? path : (baseName ?? HelmIgnore.goBase(path))
                if !p.anchoredOrStructural { baseName = name }
                matched = name.utf8.elementsEqual(literal)
            case .starSuffix(let suffix):
                let name = p.anchoredOrStructural ? path : (baseName ?? HelmIgnore.goBase(path))
                if !p.anchoredOrStructural { baseName = name }
                matched = HelmIgnore.hasStarSuffix(name, suffix)
            case .general:
                let name: [Unicode.Scalar]
                if p.anchoredOrStructural {
                    if full == nil { full = Array(path.unicodeScalars) }
                    name = full ?? []
                } else {
                    if base == nil { base = Array((baseName ?? HelmIgnore.goBase(path)).unicodeScalars) }
                    name = base ?? []
                }
                matched = GoPathMatch.match(p.rule, name) ?? false
            }
            if p.negate {
                if p.mustDir && !isDirectory { return true }
                if !matched { return true }
                continue
            }
            if p.mustDir && !isDirectory { continue }
            if matched { return true }
        }
        return false
    }

    /// `*SUFFIX`: the name ends in the suffix and what comes before it has no `/`.
    static func hasStarSuffix(_ name: String, _ suffix: [UInt8]) -> Bool {
        let utf8 = name.utf8
        let n = utf8.count
        guard n >= suffix.count else { return false }
        let head = n - suffix.count
        var i = 0
        for b in utf8 {
            if i < head {
                if b == UInt8(ascii: "/") { return false }
            } else if b != suffix[i - head] {
                return false
            }
            i += 1
        }
        return true
    }

    static func goBase(_ path: String) -> String { ChartMetadata.baseName(path) }
}

/// Go's `path/filepath.Match` on Unix: `*` any run without `/`, `?` one character but `/`,
/// `[a-z]`/`[^a-z]` classes, `\` escapes; a malformed pattern is an error.
enum GoPathMatch {
    static let badPattern = "syntax error in pattern"

    /// nil for a malformed pattern. (Optionals rather than `Result`: its `Error` requirement
    /// costs a fresh process a conformance scan of every loaded library.)
    static func match(_ pattern: [Unicode.Scalar], _ name: [Unicode.Scalar]) -> Bool? {
        var pat = pattern[...]
        var name = name[...]
        outer: while !pat.isEmpty {
            let (star, chunk, rest) = scanChunk(pat)
            pat = rest
            if star && chunk.isEmpty { return !name.contains("/") }
            guard let first = matchChunk(chunk, name) else { return nil }
            if first.ok && (first.rest.isEmpty || !pat.isEmpty) {
                name = first.rest
                continue
            }
            if star {
                var i = name.startIndex
                while i < name.endIndex && name[i] != "/" {
                    guard let r = matchChunk(chunk, name[(i + 1)...]) else { return nil }
                    if r.ok {
                        if pat.isEmpty && !r.rest.isEmpty { i += 1; continue }
                        name = r.rest
                        continue outer
                    }
                    i += 1
                }
            }
            while !pat.isEmpty {
                let (_, c, r) = scanChunk(pat)
                pat = r
                if matchChunk(c, []) == nil { return nil }
            }
            return false
        }
        return name.isEmpty
    }

    private static func scanChunk(_ p: ArraySlice<Unicode.Scalar>)
        -> (Bool, ArraySlice<Unicode.Scalar>, ArraySlice<Unicode.Scalar>) {
        var p = p
        var star = false
        while p.first == "*" { p = p.dropFirst(); star = true }
        var inRange = false
        var i = p.startIndex
        scan: while i < p.endIndex {
            switch p[i] {
            case "\\": if i + 1 < p.endIndex { i += 1 }
            case "[": inRange = true
            case "]": inRange = false
            case "*": if !inRange { break scan }
            default: break
            }
            i += 1
        }
        return (star, p[p.startIndex..<i], p[i...])
    }

    private static func matchChunk(_ chunk: ArraySlice<Unicode.Scalar>, _ s: ArraySlice<Unicode.Scalar>)
        -> (rest: ArraySlice<Unicode.Scalar>, ok: Bool)? {
        var chunk = chunk, s = s
        var failed = false
        while let c = chunk.first {
            if !failed && s.isEmpty { failed = true }
            switch c {
            case "[":
                var r: Unicode.Scalar = "\u{0}"
                if !failed { r = s.first ?? "\u{0}"; s = s.dropFirst() }
                chunk = chunk.dropFirst()
                var negated = false
                if chunk.first == "^" { negated = true; chunk = chunk.dropFirst() }
                var matched = false
                var ranges = 0
                while true {
                    if chunk.first == "]" && ranges > 0 { chunk = chunk.dropFirst(); break }
                    guard let (lo, afterLo) = escaped(chunk) else { return nil }
                    chunk = afterLo
                    var hi = lo
                    if chunk.first == "-" {
                        guard let (h, afterHi) = escaped(chunk.dropFirst()) else { return nil }
                        hi = h
                        chunk = afterHi
                    }
                    if lo <= r && r <= hi { matched = true }
                    ranges += 1
                }
                if matched == negated { failed = true }
            case "?":
                if !failed {
                    if s.first == "/" { failed = true }
                    s = s.dropFirst()
                }
                chunk = chunk.dropFirst()
            default:
                var literal = c
                if c == "\\" {
                    chunk = chunk.dropFirst()
                    guard let next = chunk.first else { return nil }
                    literal = next
                }
                if !failed {
                    if s.first != literal { failed = true }
                    s = s.dropFirst()
                }
                chunk = chunk.dropFirst()
            }
        }
        return failed ? ([], false) : (s, true)
    }

    /// One possibly escaped character of a class; nil where Go reports a bad pattern.
    private static func escaped(_ chunk: ArraySlice<Unicode.Scalar>)
        -> (Unicode.Scalar, ArraySlice<Unicode.Scalar>)? {
        var chunk = chunk
        guard let f = chunk.first, f != "-", f != "]" else { return nil }
        if f == "\\" {
            chunk = chunk.dropFirst()
            guard !chunk.isEmpty else { return nil }
        }
        guard let r = chunk.first else { return nil }
        let rest = chunk.dropFirst()
        if rest.isEmpty { return nil }
        return (r, rest)
    }
}

extension String {
    /// Go's `strings.TrimSpace` (Unicode white space at both ends).
    func helmTrimSpace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }
}
