import Testing
@testable import SourceController

/// Tags are written by whoever can push to the repository and `ref.semver` by the tenant:
/// numbers too large for 64 bits are refused with a message, never a trap.
@Suite struct SemverOutOfRangeTests {
    static let hugeConstraints: [(String, String)] = [
        ("~9223372036854775807", "~9223372036854775807"),
        ("^9223372036854775807", "^9223372036854775807"),
        (">9223372036854775807.1", ">9223372036854775807.1"),
        ("<=1.9223372036854775807", "<=1.9223372036854775807"),
        ("1.0.0 - 99999999999999999999", "99999999999999999999"),
        (">=1.0.0, <18446744073709551616", "<18446744073709551616"),
    ]

    @Test(arguments: hugeConstraints)
    func constraintNumbersOutOfRangeAreNamed(range: String, token: String) {
        #expect {
            try SemverConstraint(range)
        } throws: { error in
            (error as? SemverConstraint.ParseError)?.description
                == "invalid semver constraint '\(range)': version number '\(token)' is out of range"
        }
    }

    @Test(arguments: ["~9223372036854775806", "^9223372036854775806", ">9223372036854775806.9223372036854775806"])
    func largestNumbersStillWork(range: String) throws {
        let constraint = try SemverConstraint(range)
        #expect(!constraint.matches(Semver("1.0.0")!))
    }

    @Test(arguments: ["v99999999999999999999.0.0", "1.99999999999999999999.0", "1.0.18446744073709551616",
                      "v1.0.0-" + String(repeating: "9", count: 400)])
    func tagsWithHugeNumbers(tag: String) throws {
        // Out-of-range release numbers are not semver (skipped, as Masterminds fails to parse
        // them); a huge numeric pre-release still orders without trapping.
        if let version = Semver(tag) {
            #expect(version.isPrerelease)
            #expect(version < Semver("1.0.0")!)
        }
        let constraint = try SemverConstraint(">=0.0.0")
        #expect(constraint.highest(in: [Semver(tag), Semver("1.2.3")].compactMap { $0 })?.description == "1.2.3")
    }
}
