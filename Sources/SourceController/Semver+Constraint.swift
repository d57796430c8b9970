/// A version range in Masterminds/semver syntax: comparisons (`>=1.0.0 <2.0.0`, also comma-separated),
/// `||` alternatives, hyphen ranges (`1.2 - 1.4.5`), wildcards (`1.x`, `1.2.*`, `*`), tilde (`~1.2`)
/// and caret (`^1.2.3`).
///
/// As in Masterminds, a pre-release version only matches when the range names a pre-release itself.
public struct SemverConstraint: Sendable, CustomStringConvertible {
    struct Comparison: Sendable {
        enum Op: String, Sendable { case eq = "=", ne = "!=", gt = ">", ge = ">=", lt = "<", le = "<=" }
        var op: Op
        var version: Semver
        func matches(_ v: Semver) -> Bool {
            switch op {
            case .eq: return v == version
            case .ne: return v != version
            case .gt: return v > version
            case .ge: return v >= version
            case .lt: return v < version
            case .le: return v <= version
            }
        }
    }

    /// Alternatives (`||`), each a conjunction of comparisons.
    let alternatives: [[Comparison]]
    public let description: String

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var constraint: String
        /// Why, when more can be said than "invalid" (a version number out of range).
        public var reason: String?
        public init(constraint: String, reason: String? = nil) {
            self.constraint = constraint
            self.reason = reason
        }
        public var description: String {
            "invalid semver constraint '\(constraint)'" + (reason.map { ": \($0)" } ?? "")
        }
    }

    /// The largest version number a constraint may name: one below `Int.max`, so that the
    /// bound after it (`~1` → `<2.0.0`) can always be computed.
    static let maximumNumber = Int.max - 1

    public init(_ text: String) throws(ParseError) {
        description = text
        var alternatives: [[Comparison]] = []
        for alternative in text.components(separatedBy: "||") {
            var comparisons: [Comparison] = []
            let tokens = Self.tokenize(alternative)
            guard !tokens.isEmpty else { throw ParseError(constraint: text) }
            var i = 0
            while i < tokens.count {
                // Hyphen range: A - B
                if i + 2 < tokens.count, tokens[i + 1] == "-" {
                    for token in [tokens[i], tokens[i + 2]] where Self.hasOutOfRangeNumber(token) {
                        throw ParseError(constraint: text, reason: "version number '\(token)' is out of range")
                    }
                    guard let low = Partial(tokens[i]), let high = Partial(tokens[i + 2]) else { throw ParseError(constraint: text) }
                    comparisons.append(Comparison(op: .ge, version: low.floor))
                    comparisons.append(contentsOf: high.upperBound(inclusiveOp: .le))
                    i += 3
                    continue
                }
                if Self.hasOutOfRangeNumber(tokens[i]) {
                    throw ParseError(constraint: text, reason: "version number '\(tokens[i])' is out of range")
                }
                guard let parsed = Self.comparisons(for: tokens[i]) else { throw ParseError(constraint: text) }
                comparisons.append(contentsOf: parsed)
                i += 1
            }
            alternatives.append(comparisons)
        }
        self.alternatives = alternatives
    }

    public func matches(_ version: Semver) -> Bool {
        alternatives.contains { comparisons in
            // Masterminds: pre-releases only match a range that itself names a pre-release (`>=1.0.0-0`).
            if version.isPrerelease && !comparisons.contains(where: { $0.version.isPrerelease }) { return false }
            return comparisons.allSatisfy { $0.matches(version) }
        }
    }

    /// The highest of `versions` this range allows.
    public func highest<S: Sequence>(in versions: S) -> Semver? where S.Element == Semver {
        versions.filter(matches).max()
    }

    /// Splits on spaces and commas, joining an operator written apart from its version (`>= 1.0`).
    static func tokenize(_ s: String) -> [String] {
        let raw = s.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        var out: [String] = []
        for token in raw {
            if let last = out.last, ["=", "!=", ">", ">=", "<", "<=", "~", "^", "~>"].contains(last) {
                out[out.count - 1] = last + token
            } else {
                out.append(token)
            }
        }
        return out
    }

    /// Whether a numeric part of `token` does not fit (Masterminds reads them as 64-bit numbers).
    static func hasOutOfRangeNumber(_ token: String) -> Bool {
        var core = Substring(token)
        if let cut = core.firstIndex(where: { $0 == "-" || $0 == "+" }) { core = core[..<cut] }
        return core.split(whereSeparator: { !($0.isASCII && $0.isNumber) }).contains { digits in
            guard let n = Int(digits) else { return true }
            return n > maximumNumber
        }
    }

    static func comparisons(for token: String) -> [Comparison]? {
        let operators = ["!=", ">=", "<=", "~>", "=", ">", "<", "~", "^"]
        let op = operators.first { token.hasPrefix($0) } ?? ""
        guard let partial = Partial(String(token.dropFirst(op.count))) else { return nil }
        switch op {
        case "", "=":
            if partial.isAny { return [] }
            if partial.isExact { return [Comparison(op: .eq, version: partial.floor)] }
            return [Comparison(op: .ge, version: partial.floor)] + partial.upperBound(inclusiveOp: .le)
        case "!=":
            return partial.isExact ? [Comparison(op: .ne, version: partial.floor)] : nil
        case ">":
            if partial.isAny { return [] }
            // >1.2 means above every 1.2.x
            if partial.isExact { return [Comparison(op: .gt, version: partial.floor)] }
            return [Comparison(op: .ge, version: partial.nextAtLastGiven)]
        case ">=":
            return [Comparison(op: .ge, version: partial.floor)]
        case "<":
            return [Comparison(op: .lt, version: partial.floor)]
        case "<=":
            if partial.isExact { return [Comparison(op: .le, version: partial.floor)] }
            return [Comparison(op: .lt, version: partial.nextAtLastGiven)]
        case "~", "~>":
            // ~1.2.3 := >=1.2.3 <1.3.0; ~1.2 := >=1.2.0 <1.3.0; ~1 := >=1.0.0 <2.0.0
            let floor = partial.floor
            let upper = partial.given >= 2 ? Semver(major: floor.major, minor: floor.minor + 1) : Semver(major: floor.major + 1)
            return [Comparison(op: .ge, version: floor), Comparison(op: .lt, version: upper)]
        case "^":
            // ^1.2.3 := >=1.2.3 <2.0.0; ^0.2.3 := >=0.2.3 <0.3.0; ^0.0.3 := >=0.0.3 <0.0.4; ^0 := <1.0.0
            let floor = partial.floor
            let upper: Semver
            if floor.major > 0 || partial.given < 2 { upper = Semver(major: floor.major + 1) }
            else if floor.minor > 0 || partial.given < 3 { upper = Semver(major: 0, minor: floor.minor + 1) }
            else { upper = Semver(major: 0, minor: 0, patch: floor.patch + 1) }
            return [Comparison(op: .ge, version: floor), Comparison(op: .lt, version: upper)]
        default:
            return nil
        }
    }

    /// A version with possibly missing or wildcard parts (`1`, `1.2`, `1.x`, `*`).
    struct Partial {
        var numbers: [Int]        // the given numeric parts, before any wildcard
        var prerelease: [String]
        var given: Int { numbers.count }
        var isAny: Bool { numbers.isEmpty }
        var isExact: Bool { numbers.count == 3 }

        init?(_ s: String) {
            var text = Substring(s)
            if text.hasPrefix("v") || text.hasPrefix("V") { text = text.dropFirst() }
            if let plus = text.firstIndex(of: "+") { text = text[..<plus] }
            var pre: [String] = []
            if let dash = text.firstIndex(of: "-") {
                pre = text[text.index(after: dash)...].split(separator: ".").map(String.init)
                text = text[..<dash]
            }
            var numbers: [Int] = []
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...3).contains(parts.count) else { return nil }
            var wild = false
            for part in parts {
                if ["x", "X", "*"].contains(part) { wild = true; continue }
                guard !wild, let n = Int(part), n >= 0, n <= SemverConstraint.maximumNumber else { return nil }
                numbers.append(n)
            }
            self.numbers = numbers
            self.prerelease = wild ? [] : pre
        }

        var floor: Semver {
            Semver(major: numbers.count > 0 ? numbers[0] : 0, minor: numbers.count > 1 ? numbers[1] : 0,
                   patch: numbers.count > 2 ? numbers[2] : 0, prerelease: prerelease)
        }

        /// The first version after every version this partial names (`1.2` → `1.3.0`).
        var nextAtLastGiven: Semver {
            switch numbers.count {
            case 1: return Semver(major: numbers[0] + 1)
            case 2: return Semver(major: numbers[0], minor: numbers[1] + 1)
            default: return floor
            }
        }

        /// The upper bound of the range this partial names, with `op` used when it is exact.
        func upperBound(inclusiveOp op: Comparison.Op) -> [Comparison] {
            if isAny { return [] }
            if isExact { return [Comparison(op: op, version: floor)] }
            return [Comparison(op: .lt, version: nextAtLastGiven)]
        }
    }
}
