import Testing
@testable import SourceController

@Suite struct SemverTests {
    @Test(arguments: [
        ("1.2.3", true), ("v1.2.3", true), ("1.2", true), ("1", true), ("1.2.3-rc.1", true), ("1.2.3+build.5", true),
        ("latest", false), ("1.2.3.4", false), ("v", false), ("1..2", false), ("1.2.x", false), ("release-1", false),
    ])
    func parsing(text: String, valid: Bool) {
        #expect((Semver(text) != nil) == valid)
    }

    @Test(arguments: [
        ("1.0.0", "2.0.0"), ("1.0.0-rc.1", "1.0.0"), ("1.0.0-alpha", "1.0.0-alpha.1"), ("1.0.0-alpha.1", "1.0.0-beta"),
        ("1.0.0-2", "1.0.0-10"), ("1.0.0-10", "1.0.0-a"), ("0.9.9", "0.10.0"),
    ])
    func ordering(lower: String, higher: String) {
        #expect(Semver(lower)! < Semver(higher)!)
    }

    @Test(arguments: [
        (">=1.0.0 <2.0.0", "1.5.0", true), (">=1.0.0 <2.0.0", "2.0.0", false), (">=1.0.0, <2.0.0", "1.0.0", true),
        ("~1.2", "1.2.9", true), ("~1.2", "1.3.0", false), ("~1.2.3", "1.2.2", false), ("~1", "1.9.0", true),
        ("^1.2.3", "1.9.9", true), ("^1.2.3", "2.0.0", false), ("^0.2.3", "0.2.9", true), ("^0.2.3", "0.3.0", false),
        ("^0.0.3", "0.0.4", false), ("1.x", "1.4.2", true), ("1.x", "2.0.0", false), ("1.2.*", "1.2.7", true),
        ("*", "3.4.5", true), ("*", "3.4.5-rc.1", false), (">=1.0.0-0", "1.2.0-rc.1", true), ("1.2.3", "1.2.3", true),
        ("=1.2.3", "v1.2.3", true), ("!=1.2.3", "1.2.4", true), (">1.2", "1.2.9", false), (">1.2", "1.3.0", true),
        ("<=1.2", "1.2.9", true), ("<=1.2", "1.3.0", false), ("1.2 - 1.4.5", "1.4.5", true), ("1.2 - 1.4.5", "1.4.6", false),
        ("1.2 - 1.4", "1.4.9", true), ("<1.0.0 || >=3.0.0", "3.1.0", true), ("<1.0.0 || >=3.0.0", "2.0.0", false),
        (">= 1.0.0", "1.0.1", true),
    ])
    func constraints(range: String, version: String, matches: Bool) throws {
        let constraint = try SemverConstraint(range)
        #expect(constraint.matches(Semver(version)!) == matches, "\(range) vs \(version)")
    }

    @Test(arguments: ["", ">=", "~x.y", "1.2.3.4", ">=abc"])
    func invalidConstraints(range: String) {
        #expect(throws: SemverConstraint.ParseError.self) { try SemverConstraint(range) }
    }

    @Test func highestMatchingTagWins() throws {
        let versions = ["v1.0.0", "v1.2.0", "v1.10.0", "v2.0.0", "v1.11.0-rc.1"].compactMap(Semver.init)
        #expect(try SemverConstraint("^1.0").highest(in: versions)?.original == "v1.10.0")
        #expect(try SemverConstraint(">=3").highest(in: versions) == nil)
    }
}
