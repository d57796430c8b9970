import GoTemplate
import Synchronization

/// A Masterminds/semver v3 constraint set (`semverCompare`, Helm's `kubeVersion`): `||`
/// alternatives of comma- or space-separated comparisons (`=`, `!=`, `>`, `<`, `>=`, `=>`,
/// `<=`, `=<`, `~`, `~>`, `^`), `x`/`X`/`*` wildcards, `A - B` ranges. A version with a
/// prerelease satisfies a comparison only when the comparison's version has one too.
public struct SemverConstraints: Sendable {
    struct Constraint: Sendable {
        var op: String
        var version: SemverVersion
        var dirty = false, minorDirty = false, patchDirty = false
    }

    let alternatives: [[Constraint]]

    static let ops = [">=", "=>", "<=", "=<", "!=", "~>", "=", ">", "<", "~", "^", ""]
    static let opsPattern = ops.map(Regex.quoteMeta).joined(separator: "|")
    static let cv = #"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"#
        + #"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"#
        + #"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"#

    /// Constraints already parsed, by text: charts compare against the same few ranges in
    /// every render (`semverCompare ">=1.19-0"`), and parsing runs four regular expressions.
    private static let parsed = Mutex<[String: [[Constraint]]]>([:])

    /// `semver.NewConstraint`; errors are the library's (`improper constraint: …`).
    public init(_ text: String) throws(GoFunctionError) {
        if let hit = Self.parsed.withLock({ $0[text] }) {
            alternatives = hit
            return
        }
        let alternatives = try Self.parse(text)
        Self.parsed.withLock { cache in
            if cache.count > 512 { cache.removeAll() }
            cache[text] = alternatives
        }
        self.alternatives = alternatives
    }

    private static func parse(_ text: String) throws(GoFunctionError) -> [[Constraint]] {
        let one = try Regex.compile(#"^\s*("# + Self.opsPattern + #")\s*("# + Self.cv + #")\s*$"#)
        let range = try Regex.compile(#"\s*("# + Self.cv + #")\s+-\s+("# + Self.cv + #")\s*"#)
        let find = try Regex.compile("(" + Self.opsPattern + #")\s*("# + Self.cv + ")")
        let valid = try Regex.compile(#"^(\s*("# + Self.opsPattern + #")\s*("# + Self.cv + #")\s*)((?:\s+|,\s*)("#
                                      + Self.opsPattern + #")\s*("# + Self.cv + #")\s*)*$"#)
        // `1.2 - 1.4` becomes `>= 1.2, <= 1.4 `.
        var rewritten = text
        let input = Array(text.unicodeScalars)
        for m in range.allMatches(input, limit: -1) {
            let whole = Regex.text(input, m[0], m[1])
            let replacement = ">= \(Regex.text(input, m[2], m[3])), <= \(Regex.text(input, m[22], m[23])) "
            let bytes = Array(rewritten.utf8)
            if let at = Sprig.indexOf(bytes, Array(whole.utf8)) {
                rewritten = String(decoding: bytes[..<at], as: UTF8.self) + replacement
                    + String(decoding: bytes[(at + whole.utf8.count)...], as: UTF8.self)
            }
        }
        var alternatives: [[Constraint]] = []
        for part in Sprig.splitGo(rewritten, "||", limit: -1) {
            guard valid.matches(part) else { throw GoFunctionError("improper constraint: \(part)") }
            var pieces = find.findAllString(part, -1)
            if pieces.isEmpty { pieces = [part] }
            var group: [Constraint] = []
            for piece in pieces { group.append(try Self.parseOne(piece, one)) }
            alternatives.append(group)
        }
        return alternatives
    }

    static func parseOne(_ c: String, _ one: Regex) throws(GoFunctionError) -> Constraint {
        guard !c.isEmpty else {
            return Constraint(op: "", version: try SemverVersion.parse("0.0.0"), dirty: true)
        }
        let input = Array(c.unicodeScalars)
        guard let m = one.match(input, from: 0) else { throw GoFunctionError("improper constraint: \(c)") }
        func g(_ n: Int) -> String { Regex.text(input, m[2 * n], m[2 * n + 1]) }
        func isX(_ s: String) -> Bool { s == "x" || s == "X" || s == "*" }
        func trimDot(_ s: String) -> String { s.hasPrefix(".") ? String(s.dropFirst()) : s }
        var result = Constraint(op: g(1), version: try SemverVersion.parse("0.0.0"))
        var ver = g(2)
        if isX(g(3)) || g(3).isEmpty {
            ver = "0.0.0" + g(6); result.dirty = true
        } else if isX(trimDot(g(4))) || g(4).isEmpty {
            ver = g(3) + ".0.0" + g(6); result.dirty = true; result.minorDirty = true
        } else if isX(trimDot(g(5))) || g(5).isEmpty {
            ver = g(3) + g(4) + ".0" + g(6); result.dirty = true; result.patchDirty = true
        }
        do throws(GoFunctionError) { result.version = try SemverVersion.parse(ver) } catch {
            throw GoFunctionError("constraint Parser Error")
        }
        return result
    }

    /// `Constraints.Check`.
    public func check(_ v: SemverVersion) -> Bool {
        alternatives.contains { group in group.allSatisfy { Self.holds($0, v) } }
    }

    static func holds(_ c: Constraint, _ v: SemverVersion) -> Bool {
        let con = c.version
        if !v.prerelease.isEmpty && con.prerelease.isEmpty && c.op != "!=" { return false }
        switch c.op {
        case "", "=":
            return c.dirty ? tilde(c, v) : v.compare(con) == 0
        case "!=":
            if c.dirty {
                if !v.prerelease.isEmpty && con.prerelease.isEmpty { return false }
                if con.major != v.major { return true }
                if con.minor != v.minor && !c.minorDirty { return true }
                if c.minorDirty { return false }
                if con.patch != v.patch && !c.patchDirty { return true }
                if c.patchDirty {
                    if !v.prerelease.isEmpty || !con.prerelease.isEmpty {
                        return SemverVersion.comparePrerelease(v.prerelease, con.prerelease) != 0
                    }
                    return false
                }
            }
            return v.compare(con) != 0
        case ">":
            if !c.dirty { return v.compare(con) == 1 }
            if v.major > con.major { return true }
            if v.major < con.major { return false }
            if c.minorDirty { return false }
            if c.patchDirty { return v.minor > con.minor }
            return v.compare(con) == 1
        case "<":
            return v.compare(con) < 0
        case ">=", "=>":
            return v.compare(con) >= 0
        case "<=", "=<":
            if !c.dirty { return v.compare(con) <= 0 }
            if v.major > con.major { return false }
            if v.major == con.major && v.minor > con.minor && !c.minorDirty { return false }
            return true
        case "~", "~>":
            return tilde(c, v)
        case "^":
            if v.compare(con) < 0 { return false }
            if con.major > 0 || c.minorDirty { return v.major == con.major }
            if v.major > 0 { return false }
            if con.minor > 0 || c.patchDirty { return v.minor == con.minor }
            if v.minor > 0 { return false }
            return con.patch == v.patch
        default:
            return false
        }
    }

    static func tilde(_ c: Constraint, _ v: SemverVersion) -> Bool {
        let con = c.version
        if v.compare(con) < 0 { return false }
        if con.major == 0 && con.minor == 0 && con.patch == 0 && !c.minorDirty && !c.patchDirty { return true }
        if v.major != con.major { return false }
        if v.minor != con.minor && !c.minorDirty { return false }
        return true
    }
}
