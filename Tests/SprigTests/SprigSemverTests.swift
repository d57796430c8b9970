import GoTemplate
import Testing
@testable import Sprig

/// `semver` and `semverCompare` with Masterminds/semver v3 rules (Helm corpus case
/// syn-semver-functions and the library's documented ranges).
@Suite struct SprigSemverTests {
    @Test(arguments: [
        (">=1.19-0", "v1.30.0", true), ("<1.25.0-0", "v1.30.0", false), ("~1.22.0", "v1.22.3", true),
        ("^1.20", "v1.22.3", true), (">= 1.2.3, < 3.0.0", "2.0.0", true), ("1.x || >=2.5", "2.0.0", false),
        ("1.x || >=2.5", "2.6.0", true), ("1.2 - 1.4.5", "1.4.5", true), ("1.2 - 1.4.5", "1.4.6", false),
        (">1.2", "1.2.5", false), (">1.2", "1.3.0", true), ("<=1.2", "1.2.9", true), ("^0.2.3", "0.2.9", true),
        ("^0.2.3", "0.3.0", false), ("^0.0.3", "0.0.4", false), ("~1", "1.9.0", true), ("*", "4.5.6", true),
        (">=1.0.0", "1.2.0-beta", false), (">=1.0.0-0", "1.2.0-beta", true), ("!=1.2.3", "1.2.4", true),
        ("=1.2.3", "1.2.3", true), ("1.2.3", "v1.2.3+build", true), ("~1.2.3", "1.3.0", false),
    ])
    func compare(constraint: String, version: String, expected: Bool) throws {
        #expect(try call("semverCompare", str(constraint), str(version)).plain == "\(expected)")
    }

    @Test func versionObject() throws {
        let v = try call("semver", str("v1.22.3-rc.1+sha"))
        guard case .object(let o) = v else { Issue.record("not an object"); return }
        #expect(o.goTypeName == "*semver.Version")
        #expect(try o.method("Major")?.body([]).plain == "1:uint64")
        #expect(try o.method("Minor")?.body([]).plain == "22:uint64")
        #expect(try o.method("Patch")?.body([]).plain == "3:uint64")
        #expect(try o.method("Prerelease")?.body([]).plain == "rc.1")
        #expect(try o.method("Metadata")?.body([]).plain == "sha")
        #expect(try o.method("Original")?.body([]).plain == "v1.22.3-rc.1+sha")
        #expect(o.goDescription == "1.22.3-rc.1+sha")
        let a = try call("semver", str("1.2.3")), b = try call("semver", str("1.3.0"))
        guard case .object(let ao) = a else { return }
        #expect(try ao.method("Compare")?.body([b]).plain == "-1:int")
        let pre = try call("semver", str("1.2.3-alpha.10")), pre2 = try call("semver", str("1.2.3-alpha.9"))
        guard case .object(let po) = pre else { return }
        #expect(try po.method("GreaterThan")?.body([pre2]).plain == "true")
    }

    @Test func badInputIsTheLibrarysError() {
        #expect(failure("semver", str("not-a-version")) == "Invalid Semantic Version")
        #expect(failure("semverCompare", str(">=1.2"), str("x")) == "Invalid Semantic Version")
        #expect(failure("semverCompare", str(">>1"), str("1.0.0")) == "improper constraint: >>1")
        #expect(failure("semver", str("1.2.3-01")) == "Version segment starts with 0")
    }
}
