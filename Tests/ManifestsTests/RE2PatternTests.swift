import Manifests
import Testing

/// Go `regexp` patterns matched whole (`^(?:…)$`), as kustomize patch targets and drift-ignore
/// rule targets use them: RE2's answers, RE2's refusals, and linear time on patterns that are
/// exponential for a backtracking engine.
@Suite struct RE2PatternTests {
    static let cases: [(String, String, Bool)] = [
        ("app", "app", true), ("app", "app2", false), ("app.*", "app-frontend", true), ("a|b", "b", true),
        ("(a|b)c", "bc", true), ("(?:web|api)-[0-9]+", "api-12", true), ("(?:web|api)-[0-9]+", "api-", false),
        ("[^-]+", "abc", true), ("[^-]+", "a-c", false), ("\\d{2,3}", "123", true), ("\\d{2,3}", "1234", false),
        ("x{3}", "xxx", true), ("x{2,}", "xxxxx", true), ("x{2,}", "x", false), ("colou?r", "color", true),
        ("\\w+\\.\\w+", "a.b", true), ("a\\.b", "aXb", false), (".", "\n", false), ("^app$", "app", true),
        ("(?P<n>ab)+", "abab", true), ("a+?b", "aaab", true), ("[a\\-z]", "-", true), ("\\S+", "a b", false),
        ("a{,2}", "a{,2}", true), ("ünï", "ünï", true), ("[x-]", "-", true), ("", "", true),
    ]

    @Test(arguments: cases)
    func matchesLikeRE2(pattern: String, text: String, matches: Bool) throws {
        #expect(try RE2Pattern(pattern).matches(text) == matches, "\(pattern) vs \(text)")
    }

    /// Exponential for a backtracking engine; one pass here.
    @Test(arguments: [("(a+)+$", String(repeating: "a", count: 5_000) + "b"), ("(a|a)*b", String(repeating: "a", count: 5_000)),
                      ("(x+x+)+y", String(repeating: "x", count: 5_000)), ("(.*)*z", String(repeating: "q", count: 5_000))])
    func pathologicalPatternsAnswerInOnePass(pattern: String, text: String) throws {
        #expect(try !RE2Pattern(pattern).matches(text))
    }

    static let refused: [(String, String)] = [
        ("(a)\\1", "backreferences are not supported (RE2 syntax)"),
        ("a(?=b)", "lookaround is not supported (RE2 syntax)"),
        ("(?<!a)b", "lookaround is not supported (RE2 syntax)"),
        ("a{1001}", "invalid repeat count (at most 1000)"),
        ("((a{1000}){1000})", "expression too large (more than 50000 steps)"),
        ("(abc", "missing closing )"),
        ("abc)", "unexpected ')'"),
        ("[abc", "missing closing ]"),
        ("*a", "missing argument to repetition operator"),
        ("a**", "invalid nested repetition operator"),
        ("(?i)abc", "flags and other (? groups are not supported"),
        ("a\\", "trailing backslash at end of expression"),
        (String(repeating: "(", count: 100_000), "groups nested more than 200 deep"),
    ]

    @Test(arguments: refused)
    func unsupportedSyntaxNamesThePattern(pattern: String, reason: String) async {
        #expect(throws: RE2Pattern.SyntaxError(pattern: pattern, reason: reason)) { try RE2Pattern(pattern) }
    }
}
