import GoTemplate

/// A Masterminds/semver v3 `*semver.Version`, as `semver` returns it to templates: methods
/// `Major`, `Minor`, `Patch` (uint64), `Prerelease`, `Metadata`, `Original`, `String`,
/// `Compare`, `LessThan`, `GreaterThan`, `Equal`, `IncMajor`/`IncMinor`/`IncPatch`,
/// `SetPrerelease`, `SetMetadata`.
public final class SemverVersion: GoObject, @unchecked Sendable {
    public let major: UInt64, minor: UInt64, patch: UInt64
    public let prerelease: String, metadata: String, original: String

    init(major: UInt64, minor: UInt64, patch: UInt64, prerelease: String, metadata: String, original: String) {
        self.major = major; self.minor = minor; self.patch = patch
        self.prerelease = prerelease; self.metadata = metadata; self.original = original
    }

    /// `semver.NewVersion`: `v` prefix, missing minor/patch as 0, prerelease and metadata
    /// checked as the library does; errors carry its texts (`Invalid Semantic Version`).
    public static func parse(_ v: String) throws(GoFunctionError) -> SemverVersion {
        let re = try Regex.compile("^" + versionPattern + "$")
        let input = Array(v.unicodeScalars)
        guard let m = re.match(input, from: 0) else { throw GoFunctionError("Invalid Semantic Version") }
        func group(_ n: Int) -> String { Regex.text(input, m[2 * n], m[2 * n + 1]) }
        func number(_ s: String) throws(GoFunctionError) -> UInt64 {
            let digits = s.hasPrefix(".") ? String(s.dropFirst()) : s
            guard let n = UInt64(digits) else {
                throw GoFunctionError("Error parsing version segment: strconv.ParseUint: parsing \(GoFormat.quote(digits)): value out of range")
            }
            return n
        }
        let pre = group(5), meta = group(8)
        let version = SemverVersion(major: try number(group(1)), minor: group(2).isEmpty ? 0 : try number(group(2)),
                                    patch: group(3).isEmpty ? 0 : try number(group(3)),
                                    prerelease: pre, metadata: meta, original: v)
        for part in pre.split(separator: ".", omittingEmptySubsequences: false) where !pre.isEmpty {
            if part.count > 1, part.hasPrefix("0"), part.allSatisfy(\.isASCIIDigit) {
                throw GoFunctionError("Version segment starts with 0")
            }
        }
        return version
    }

    /// The version grammar Masterminds/semver matches (`v?MAJOR(.MINOR)?(.PATCH)?(-PRE)?(+META)?`).
    static let versionPattern = #"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?"#
        + #"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"#
        + #"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"#

    public var string: String {
        var s = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { s += "-" + prerelease }
        if !metadata.isEmpty { s += "+" + metadata }
        return s
    }

    public var goTypeName: String { "*semver.Version" }
    public var goDescription: String { string }
    public var jsonValue: GoValue { .string(string) }
    public func field(_ name: String) -> GoValue? { nil }

    public func method(_ name: String) -> GoFunction? {
        func m(_ params: [GoParameterType], _ type: String, _ body: @escaping @Sendable ([GoValue]) throws -> GoValue) -> GoFunction {
            GoFunction(name, params, typeName: type, body: body)
        }
        switch name {
        case "Major": return m([], "func() uint64") { [major] _ in .uint(UInt(major), .uint64) }
        case "Minor": return m([], "func() uint64") { [minor] _ in .uint(UInt(minor), .uint64) }
        case "Patch": return m([], "func() uint64") { [patch] _ in .uint(UInt(patch), .uint64) }
        case "Prerelease": return m([], "func() string") { [prerelease] _ in .string(prerelease) }
        case "Metadata": return m([], "func() string") { [metadata] _ in .string(metadata) }
        case "Original": return m([], "func() string") { [original] _ in .string(original) }
        case "String": return m([], "func() string") { [string] _ in .string(string) }
        case "Compare": return m([.any], "func(*semver.Version) int") { a in .int(self.compare(try Self.other(a)), .int) }
        case "LessThan": return m([.any], "func(*semver.Version) bool") { a in .bool(self.compare(try Self.other(a)) < 0) }
        case "GreaterThan": return m([.any], "func(*semver.Version) bool") { a in .bool(self.compare(try Self.other(a)) > 0) }
        case "Equal": return m([.any], "func(*semver.Version) bool") { a in .bool(self.compare(try Self.other(a)) == 0) }
        case "IncMajor":
            return m([], "func() semver.Version") { _ in .object(self.incremented(major: self.major + 1, minor: 0, patch: 0)) }
        case "IncMinor":
            return m([], "func() semver.Version") { _ in .object(self.incremented(major: self.major, minor: self.minor + 1, patch: 0)) }
        case "IncPatch":
            return m([], "func() semver.Version") { _ in
                // A prerelease or metadata is dropped instead of bumping the patch.
                let bump: UInt64 = self.prerelease.isEmpty && self.metadata.isEmpty ? 1 : 0
                return .object(self.incremented(major: self.major, minor: self.minor, patch: self.patch + bump))
            }
        default: return nil
        }
    }

    /// The `*semver.Version` argument of `Compare` and friends.
    static func other(_ a: [GoValue]) throws(GoFunctionError) -> SemverVersion {
        if case .object(let o) = a.arg(0), let v = o as? SemverVersion { return v }
        throw GoFunctionError("wrong type for value; expected *semver.Version; got \(a.arg(0).typeName)")
    }

    func incremented(major: UInt64, minor: UInt64, patch: UInt64) -> SemverVersion {
        let v = SemverVersion(major: major, minor: minor, patch: patch, prerelease: "", metadata: "", original: "")
        return SemverVersion(major: major, minor: minor, patch: patch, prerelease: "", metadata: "", original: v.string)
    }

    /// `Version.Compare`: numbers first; a prerelease sorts before the release; prerelease
    /// parts compare numerically when both are numbers, numbers before words.
    public func compare(_ o: SemverVersion) -> Int {
        if major != o.major { return major < o.major ? -1 : 1 }
        if minor != o.minor { return minor < o.minor ? -1 : 1 }
        if patch != o.patch { return patch < o.patch ? -1 : 1 }
        if prerelease.isEmpty && o.prerelease.isEmpty { return 0 }
        if prerelease.isEmpty { return 1 }
        if o.prerelease.isEmpty { return -1 }
        return Self.comparePrerelease(prerelease, o.prerelease)
    }

    static func comparePrerelease(_ a: String, _ b: String) -> Int {
        let sa = a.split(separator: ".", omittingEmptySubsequences: false)
        let sb = b.split(separator: ".", omittingEmptySubsequences: false)
        for i in 0..<max(sa.count, sb.count) {
            let x = i < sa.count ? String(sa[i]) : "", y = i < sb.count ? String(sb[i]) : ""
            if x == y { continue }
            if x.isEmpty { return -1 }
            if y.isEmpty { return 1 }
            switch (UInt64(x), UInt64(y)) {
            case (nil, nil): return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1
            case (nil, _): return 1
            case (_, nil): return -1
            case (let p?, let q?): return p > q ? 1 : -1
            }
        }
        return 0
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
