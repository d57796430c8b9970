import Manifests
import Testing

@testable import PostBuild

/// Manifests and variables are written by the repository author and the tenant: numbers out of
/// range, backtracking globs, huge and deeply nested expansions answer or fail with a message,
/// never trap, hang or fill memory.
@Suite struct PostBuildLimitsTests {
    static let vars = ["V": "abcdef", "region": "eu-west-1"]

    static let numbers: [(String, String)] = [
        ("${V:1:9223372036854775807}", "bcdef"),
        ("${V:9223372036854775807:9223372036854775807}", ""),
        ("${V:9223372036854775807}", ""),
        ("${V:2:-9223372036854775808}", ""),
        ("${V:0:-9223372036854775807}", ""),
        ("${V:99999999999999999999}", "abcdef"),
        ("${V:1:99999999999999999999}", "abcdef"),
        ("${V:4:-1}", "e"),
    ]

    @Test(arguments: numbers)
    func offsetsAndLengthsNeverOverflow(input: String, expected: String) throws {
        #expect(try PostBuildSubstitution(variables: Self.vars).substitute(input) == expected)
    }

    static let stars = String(repeating: "*", count: 5_000)
    static let starA = String(repeating: "*a", count: 80) + "*b"
    static let globs: [(String, String, String)] = [
        ("${L##\(stars)}", String(repeating: "a", count: 2_000), ""),
        ("${L#\(stars)a}", String(repeating: "a", count: 2_000), String(repeating: "a", count: 1_999)),
        ("${L%%\(starA)}", String(repeating: "a", count: 2_000), String(repeating: "a", count: 2_000)),
        ("${L##\(starA)}", String(repeating: "a", count: 2_000), String(repeating: "a", count: 2_000)),
        ("${L##\(starA)}", String(repeating: "a", count: 200) + "bc", "c"),
        ("${L%\(starA)}", "ab" + String(repeating: "a", count: 200) + "b", "ab" + String(repeating: "a", count: 120)),
        ("${L##*/}", "a/b/c", "b/c"),  // `*` stops at `/`, as Go's path.Match
        ("${L#[}", "[x", "[x"),
    ]

    @Test(arguments: globs)
    func globTrimsRunInOnePass(input: String, value: String, expected: String) throws {
        #expect(try PostBuildSubstitution(variables: ["L": value]).substitute(input) == expected)
    }

    @Test func aGlobTooCostlyForTheValueIsAnError() throws {
        let pattern = String(repeating: "?*", count: 2_000)
        let substitution = try PostBuildSubstitution(variables: ["L": String(repeating: "a", count: 100_000)])
        #expect {
            try substitution.substitute("${L##\(pattern)}")
        } throws: { error in
            "\(error)" == "variable substitution failed: glob '\(String(pattern.prefix(40)))…' is too costly to match against a 100000-character value"
        }
    }

    @Test func growthPastTheLimitIsRefused() throws {
        let substitution = try PostBuildSubstitution(variables: ["BIG": String(repeating: "x", count: 1 << 20)])
        let input = String(repeating: "- ${BIG}\n", count: 17)
        #expect(throws: SubstitutionError.outputTooLarge(limit: 16 << 20)) { try substitution.substitute(input) }
        #expect(SubstitutionError.outputTooLarge(limit: 16 << 20).description
            == "variable substitution failed: the expansion adds more than 16 MiB to one object")
        // Defaults that are built and thrown away count too.
        let unused = "${V:=" + String(repeating: "${BIG}", count: 17) + "}"
        #expect(throws: SubstitutionError.outputTooLarge(limit: 16 << 20)) {
            try PostBuildSubstitution(variables: ["BIG": String(repeating: "x", count: 1 << 20), "V": "set"]).substitute(unused)
        }
        // Fifteen copies fit.
        #expect(try substitution.substitute(String(repeating: "${BIG}", count: 15)).utf8.count == 15 << 20)
    }

    /// Runs on a task (a secondary thread's small stack): deep nesting must fail before it
    /// recurses far.
    @Test(arguments: [65, 100_000])
    func nestingIsBounded(depth: Int) async throws {
        let input = String(repeating: "${A:=", count: depth) + "x" + String(repeating: "}", count: depth)
        let substitution = try PostBuildSubstitution(variables: ["B": "b"])
        #expect(throws: SubstitutionError.syntax("expressions nested more than 64 levels deep")) {
            try substitution.substitute(input)
        }
    }

    @Test func nestingWithinTheLimitWorks() async throws {
        let input = String(repeating: "${A:=", count: 64) + "x" + String(repeating: "}", count: 64)
        #expect(try PostBuildSubstitution(variables: ["B": "b"]).substitute(input) == "x")
    }
}
