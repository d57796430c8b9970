/// Semantic versions and version ranges as Helm reads them (Masterminds semver v3, its loose
/// `NewVersion` and `NewConstraint`): what decides whether a chart's `version` is valid and
/// whether a subchart in `charts/` satisfies a dependency's `version` range.
struct ChartSemver: Comparable, Sendable {
    var major: UInt64
    var minor: UInt64
    var patch: UInt64
    var prerelease: String

    /// nil for text `semver.NewVersion` refuses ("1", "1.2", "v1.2.3-beta+x" are accepted).
    init?(_ text: String) {
        var s = Substring(text)
        if s.first == "v" { s.removeFirst() }
        guard let major = ChartSemver.number(&s) else { return nil }
        var minor: UInt64 = 0, patch: UInt64 = 0
        if s.first == "." {
            s.removeFirst()
            guard let n = ChartSemver.number(&s) else { return nil }
            minor = n
            if s.first == "." {
                s.removeFirst()
                guard let p = ChartSemver.number(&s) else { return nil }
                patch = p
            }
        }
        var pre = ""
        if s.first == "-" {
            s.removeFirst()
            guard let p = ChartSemver.identifiers(&s) else { return nil }
            for part in p.split(separator: ".") where part.count > 1 && part.first == "0" && part.allSatisfy(\.isSemverDigit) {
                return nil
            }
            pre = p
        }
        if s.first == "+" {
            s.removeFirst()
            guard ChartSemver.identifiers(&s) != nil else { return nil }
        }
        guard s.isEmpty else { return nil }
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = pre
    }

    init(_ major: UInt64, _ minor: UInt64, _ patch: UInt64, prerelease: String = "") {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
    }

    private static func number(_ s: inout Substring) -> UInt64? {
        let digits = s.prefix { $0.isSemverDigit }
        guard !digits.isEmpty, let n = UInt64(digits) else { return nil }
        s = s.dropFirst(digits.count)
        return n
    }

    /// Dot-separated non-empty runs of `[0-9A-Za-z-]`.
    private static func identifiers(_ s: inout Substring) -> String? {
        let run = s.prefix { $0.isSemverDigit || $0.isSemverLetter || $0 == "-" || $0 == "." }
        guard !run.isEmpty, !run.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
            return nil
        }
        s = s.dropFirst(run.count)
        return String(run)
    }

    static func < (a: ChartSemver, b: ChartSemver) -> Bool { compare(a, b) < 0 }
    static func == (a: ChartSemver, b: ChartSemver) -> Bool { compare(a, b) == 0 }

    /// Precedence: numbers, then a release above its prereleases, then prerelease identifiers
    /// (numeric ones numerically and below alphanumeric ones).
    static func compare(_ a: ChartSemver, _ b: ChartSemver) -> Int {
        if a.major != b.major { return a.major < b.major ? -1 : 1 }
        if a.minor != b.minor { return a.minor < b.minor ? -1 : 1 }
        if a.patch != b.patch { return a.patch < b.patch ? -1 : 1 }
        if a.prerelease == b.prerelease { return 0 }
        if a.prerelease.isEmpty { return 1 }
        if b.prerelease.isEmpty { return -1 }
        let x = a.prerelease.split(separator: "."), y = b.prerelease.split(separator: ".")
        for i in 0..<min(x.count, y.count) where x[i] != y[i] {
            let xn = x[i].allSatisfy(\.isSemverDigit), yn = y[i].allSatisfy(\.isSemverDigit)
            switch (xn, yn) {
            case (true, true):
                if x[i].count != y[i].count { return x[i].count < y[i].count ? -1 : 1 }
                return x[i] < y[i] ? -1 : 1
            case (true, false): return -1
            case (false, true): return 1
            case (false, false): return x[i] < y[i] ? -1 : 1
            }
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }
}

/// A version range (`^1.2`, `~1.2.3`, `>=1.0 <2.0`, `1.x`, `1 - 2`, `a || b`).
struct ChartVersionRange: Sendable {
    struct Term: Sendable {
        var op: String
        var version: ChartSemver
        var minorDirty = false
        var patchDirty = false
        var dirty = false
    }

    var alternatives: [[Term]]

    /// nil for text `semver.NewConstraint` refuses.
    init?(_ text: String) {
        var out: [[Term]] = []
        for part in ChartVersionRange.rewriteRanges(text).components(separatedBy: "||") {
            guard let terms = ChartVersionRange.parseAnd(part) else { return nil }
            out.append(terms)
        }
        alternatives = out
    }

    /// Helm's `IsCompatibleRange`: false when either side does not parse.
    static func isCompatible(range: String, version: String) -> Bool {
        guard let v = ChartSemver(version), let r = ChartVersionRange(range) else { return false }
        return r.contains(v)
    }

    func contains(_ v: ChartSemver) -> Bool {
        alternatives.contains { terms in terms.allSatisfy { ChartVersionRange.check(v, $0) } }
    }

    /// `A - B` becomes `>= A, <= B`.
    private static func rewriteRanges(_ text: String) -> String {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        guard tokens.contains("-") else { return text }
        var out: [String] = []
        var i = 0
        while i < tokens.count {
            if i + 2 < tokens.count, tokens[i + 1] == "-", isVersionish(tokens[i]), isVersionish(tokens[i + 2]) {
                out.append(">= \(tokens[i]), <= \(tokens[i + 2])")
                i += 3
            } else {
                out.append(tokens[i])
                i += 1
            }
        }
        return out.joined(separator: " ")
    }

    private static func isVersionish(_ s: String) -> Bool {
        guard let f = s.first else { return false }
        return f.isSemverDigit || f == "v" || f == "x" || f == "X" || f == "*"
    }

    private static let operators = ["!=", ">=", "=>", "<=", "=<", "~>", "=", ">", "<", "~", "^"]

    private static func parseAnd(_ text: String) -> [Term]? {
        var s = Substring(text)
        var terms: [Term] = []
        func skipSpace() { while let c = s.first, c == " " || c == "\t" || c == "\n" || c == "\r" { s.removeFirst() } }
        skipSpace()
        if s.isEmpty { return [Term(op: "", version: ChartSemver(0, 0, 0), dirty: true)] }
        while true {
            skipSpace()
            var op = ""
            for candidate in operators where s.hasPrefix(candidate) {
                op = candidate
                s = s.dropFirst(candidate.count)
                break
            }
            skipSpace()
            var v = s.first == "v" ? s.dropFirst() : s
            let isPart: (Character) -> Bool = { $0.isSemverDigit || $0 == "x" || $0 == "X" || $0 == "*" || $0 == "|" }
            var parts: [String] = []
            for index in 0..<3 {
                if index > 0 { guard v.first == ".", v.dropFirst().first.map(isPart) == true else { break }; v.removeFirst() }
                let run = v.prefix(while: isPart)
                guard !run.isEmpty else { return nil }
                parts.append(String(run))
                v = v.dropFirst(run.count)
            }
            var tail = ""
            if v.first == "-" || v.first == "+" {
                let run = v.prefix { $0.isSemverDigit || $0.isSemverLetter || $0 == "-" || $0 == "." || $0 == "+" }
                tail = String(run)
                v = v.dropFirst(run.count)
            }
            s = v
            guard let term = makeTerm(op: op, parts: parts, tail: tail) else { return nil }
            terms.append(term)
            skipSpace()
            if s.first == "," { s.removeFirst() }
            skipSpace()
            if s.isEmpty { return terms }
        }
    }

    private static func makeTerm(op: String, parts: [String], tail: String) -> Term? {
        let isX: (String) -> Bool = { $0 == "x" || $0 == "X" || $0 == "*" }
        let pre = tail.first == "-" ? String(tail.split(separator: "+", maxSplits: 1)[0]) : ""
        var text: String
        var term = Term(op: op, version: ChartSemver(0, 0, 0))
        if isX(parts[0]) {
            text = "0.0.0" + pre
            term.dirty = true
        } else if parts.count < 2 || isX(parts[1]) {
            text = parts[0] + ".0.0" + pre
            term.minorDirty = true
            term.dirty = true
        } else if parts.count < 3 || isX(parts[2]) {
            text = parts[0] + "." + parts[1] + ".0" + pre
            term.patchDirty = true
            term.dirty = true
        } else {
            text = parts.joined(separator: ".") + tail
        }
        guard let version = ChartSemver(text) else { return nil }
        term.version = version
        return term
    }

    private static func check(_ v: ChartSemver, _ c: Term) -> Bool {
        if !v.prerelease.isEmpty && c.version.prerelease.isEmpty { return false }
        let con = c.version
        switch c.op {
        case "", "=":
            return c.dirty ? tilde(v, c) : v == con
        case "!=":
            if !c.dirty { return !(v == con) }
            if con.major != v.major { return true }
            if con.minor != v.minor && !c.minorDirty { return true }
            if c.minorDirty { return false }
            if con.patch != v.patch && !c.patchDirty { return true }
            return false
        case ">":
            if !c.dirty { return v > con }
            if v.major != con.major { return v.major > con.major }
            if c.minorDirty { return false }
            if c.patchDirty { return v.minor > con.minor }
            return v > con
        case "<":
            return v < con
        case ">=", "=>":
            return v >= con
        case "<=", "=<":
            if !c.dirty { return v <= con }
            if v.major > con.major { return false }
            if v.major == con.major && v.minor > con.minor && !c.minorDirty { return false }
            return true
        case "~", "~>":
            return tilde(v, c)
        case "^":
            if v < con { return false }
            if con.major > 0 || c.minorDirty { return v.major == con.major }
            if v.major > 0 { return false }
            if con.minor > 0 || c.patchDirty { return v.minor == con.minor }
            if v.minor > 0 { return false }
            return v.patch == con.patch
        default:
            return false
        }
    }

    private static func tilde(_ v: ChartSemver, _ c: Term) -> Bool {
        let con = c.version
        if v < con { return false }
        if con.major == 0 && con.minor == 0 && con.patch == 0 && !c.minorDirty && !c.patchDirty { return true }
        if v.major != con.major { return false }
        if v.minor != con.minor && !c.minorDirty { return false }
        return true
    }
}

private extension Character {
    var isSemverDigit: Bool { isASCII && isNumber }
    var isSemverLetter: Bool { isASCII && isLetter }
}
