/// A semantic version as Masterminds/semver (the library Flux uses) reads tags: an optional `v`,
/// one to three numeric parts (missing ones are 0), an optional pre-release and build metadata.
public struct Semver: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// Dot-separated pre-release identifiers (`rc.1`), empty for a release.
    public var prerelease: [String]
    public var build: String
    /// The text this was parsed from (the tag name).
    public var original: String

    public init(major: Int, minor: Int = 0, patch: Int = 0, prerelease: [String] = [], build: String = "") {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
        self.original = "\(major).\(minor).\(patch)" + (prerelease.isEmpty ? "" : "-" + prerelease.joined(separator: "."))
    }

    /// Parses a version; nil when `text` is not one (most tags are not).
    public init?(_ text: String) {
        var s = Substring(text)
        if s.hasPrefix("v") || s.hasPrefix("V") { s = s.dropFirst() }
        var build = ""
        if let plus = s.firstIndex(of: "+") {
            build = String(s[s.index(after: plus)...])
            s = s[..<plus]
            guard !build.isEmpty, build.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }) else { return nil }
        }
        var pre: [String] = []
        if let dash = s.firstIndex(of: "-") {
            let preText = s[s.index(after: dash)...]
            s = s[..<dash]
            pre = preText.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !pre.isEmpty, pre.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } })
            else { return nil }
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(part) else { return nil }
            numbers.append(n)
        }
        while numbers.count < 3 { numbers.append(0) }
        self.major = numbers[0]
        self.minor = numbers[1]
        self.patch = numbers[2]
        self.prerelease = pre
        self.build = build
        self.original = text
    }

    public var isPrerelease: Bool { !prerelease.isEmpty }
    public var description: String { original }

    public static func == (a: Semver, b: Semver) -> Bool {
        a.major == b.major && a.minor == b.minor && a.patch == b.patch && a.prerelease == b.prerelease
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major); hasher.combine(minor); hasher.combine(patch); hasher.combine(prerelease)
    }

    /// SemVer 2.0 precedence: build metadata is ignored; a pre-release sorts before its release.
    public static func < (a: Semver, b: Semver) -> Bool {
        if a.major != b.major { return a.major < b.major }
        if a.minor != b.minor { return a.minor < b.minor }
        if a.patch != b.patch { return a.patch < b.patch }
        switch (a.prerelease.isEmpty, b.prerelease.isEmpty) {
        case (true, true), (true, false): return false
        case (false, true): return true
        case (false, false): break
        }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            switch (Int(x), Int(y)) {
            case let (nx?, ny?): return nx < ny
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return x < y
            }
        }
        return a.prerelease.count < b.prerelease.count
    }
}
