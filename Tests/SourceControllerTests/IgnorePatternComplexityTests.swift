import Testing
@testable import SourceController

/// `.sourceignore` and `spec.ignore` are written by the repository author or the tenant:
/// patterns that make a backtracking matcher exponential must answer like any other.
@Suite struct IgnorePatternComplexityTests {
    static let manyStars = String(repeating: "*a", count: 60) + "*b"
    static let manyDoubleStars = Array(repeating: "**", count: 200).joined(separator: "/") + "/x"
    static let deepPath = Array(repeating: "d", count: 60).joined(separator: "/")

    static let cases: [(pattern: String, path: String, isDirectory: Bool, excluded: Bool)] = [
        (manyStars, String(repeating: "a", count: 200), false, false),
        (manyStars, String(repeating: "a", count: 200) + "b", false, true),
        (manyDoubleStars, deepPath + "/y", false, false),
        (manyDoubleStars, deepPath + "/x", false, true),
        ("/" + manyDoubleStars, "x", false, true),
        (Array(repeating: "d", count: 100_000).joined(separator: "/"), deepPath, true, false),
        ("[" + String(repeating: "a", count: 10_000), "[" + String(repeating: "a", count: 10_000), false, true),
        ("*[!a]*[!a]*[!a]*[!a]*[!a]*", String(repeating: "ab", count: 3_000), false, true),
        ("*[!a]*[!a]*[!a]*[!a]*[!a]*", String(repeating: "a", count: 3_000) + "bbbb", false, false),
    ]

    @Test(arguments: cases)
    func pathologicalPatternsAnswer(pattern: String, path: String, isDirectory: Bool, excluded: Bool) {
        let matcher = IgnoreMatcher(patterns: IgnoreMatcher.parse(pattern))
        #expect(matcher.isExcluded(path, isDirectory: isDirectory) == excluded)
    }

    /// The component matcher keeps fnmatch(3)'s answers on the shapes ignore files use.
    @Test(arguments: [
        ("*.yaml", "a.yaml", true), ("*.yaml", "a.yml", false), ("a*b*c", "abc", true), ("a*b*c", "aXbYc", true),
        ("a*b*c", "acb", false), ("?", "", false), ("?", "x", true), ("[a-c]x", "bx", true), ("[!a-c]x", "bx", false),
        ("[^a-c]x", "dx", true), ("[]]", "]", true), ("[a-]", "-", true), ("\\*", "*", true), ("\\*", "x", false),
        ("[", "[", true), ("a[", "a[", true), ("**", "anything", true), ("*", "", true), ("", "", true),
    ])
    func componentGlob(pattern: String, name: String, matches: Bool) {
        #expect(IgnorePattern.fnmatch(pattern, name) == matches, "\(pattern) vs \(name)")
    }
}
