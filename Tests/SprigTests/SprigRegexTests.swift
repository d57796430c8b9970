import GoTemplate
import Testing
@testable import Sprig

/// The regex functions and the RE2 engine under them, against Go's `regexp` results (Helm
/// corpus case syn-regex-functions and Go's documented examples).
@Suite struct SprigRegexTests {
    let image = str("registry.example.com:5000/team/app:v1.2.3")
    let email = str("Admin@Example.COM")

    @Test func corpusResults() throws {
        #expect(try call("regexReplaceAll", str(":[^:/]+$"), image, str("")).plain == "registry.example.com:5000/team/app")
        #expect(try call("regexReplaceAll", str(#"(\w+)@(\w+)"#), email, str("${2}-at-${1}")).plain == "Example-at-Admin.COM")
        #expect(try call("regexReplaceAllLiteral", str("[.]"), str("a.b.c"), str("$1")).plain == "a$1b$1c")
        #expect(try call("regexFind", str("v[0-9.]+"), image).plain == "v1.2.3")
        #expect(try call("regexFindAll", str("[0-9]+"), image, int(-1)).plain == "[5000, 1, 2, 3]")
        #expect(try call("regexFindAll", str("[0-9]+"), image, int(2)).plain == "[5000, 1]")
        #expect(try call("regexMatch", str("^[A-Za-z]+@"), email).plain == "true")
        #expect(try call("regexSplit", str("[/:]"), image, int(-1)).plain == "[registry.example.com, 5000, team, app, v1.2.3]")
        #expect(try call("regexQuoteMeta", str("1.2+3")).plain == #"1\.2\+3"#)
        #expect(try call("mustRegexMatch", str("^a"), str("abc")).plain == "true")
    }

    @Test(arguments: [
        // pattern, input, Go's FindString
        ("a+?", "aaa", "a"), ("(a|ab)(c|bcd)", "abcd", "abcd"), ("a|ab", "ab", "a"), ("x*", "xxy", "xx"),
        ("(?i)hello", "say HeLLo", "HeLLo"), ("^$", "", ""), ("a{2,3}", "aaaa", "aaa"), (#"\bfoo\b"#, "a foo b", "foo"),
        ("(?m)^b$", "a\nb\nc", "b"), ("(?s)a.b", "a\nb", "a\nb"), ("a.b", "a\nb", ""), (#"\d+"#, "ab12cd", "12"),
        ("[[:alpha:]]+", "12abc3", "abc"), (#"\p{Lu}+"#, "abcDÉF", "DÉF"), ("[^a-c]+", "abcdef", "def"),
        (#"\x41\x{42}"#, "xAB", "AB"), (#"\Qa.b\E"#, "axb a.b", "a.b"), ("(?U)a+", "aaa", "a"), ("é+", "ééé", "ééé"),
    ])
    func findString(pattern: String, input: String, expected: String) throws {
        #expect(try Regex(pattern).findString(input) == expected)
    }

    @Test func emptyMatchesFollowGo() throws {
        #expect(try Regex("a*").replaceAll("baaac", with: "-", literal: true) == "-b-c-")
        #expect(try Regex("a*").findAllString("baaac", -1) == ["", "aaa", ""])
        #expect(try Regex("").split("abc", -1) == ["a", "b", "c"])
        #expect(try Regex("a").split("banana", 2) == ["b", "nana"])
        #expect(try Regex("x*").split("", -1) == [""])
        #expect(try Regex("(?P<first>\\w+) (?P<last>\\w+)").replaceAll("Ada Lovelace", with: "$last, $first $$ $1x ${9}",
                                                                      literal: false) == "Lovelace, Ada $  ")
    }

    @Test func pathologicalPatternsStayLinear() throws {
        let input = String(repeating: "a", count: 5000) + "!"
        #expect(try Regex("(a+)+$").findString(input) == "")
        #expect(try Regex("(a|aa)*b").findString(input) == "")
    }

    @Test(arguments: [
        ("(a", "error parsing regexp: missing closing ): `(a`"),
        ("a)", "error parsing regexp: unexpected ): `a)`"),
        ("[a", "error parsing regexp: missing closing ]: `[a`"),
        ("*a", "error parsing regexp: missing argument to repetition operator: `*`"),
        ("a**", "error parsing regexp: invalid nested repetition operator: `**`"),
        ("[z-a]", "error parsing regexp: invalid character class range: `z-a`"),
        (#"\8"#, #"error parsing regexp: invalid escape sequence: `\8`"#),
        ("a{1001}", "error parsing regexp: invalid repeat count: `{1001}`"),
        ("(?<n>a)(?<n>b)", "error parsing regexp: invalid named capture: `(?<n>`"),
    ])
    func syntaxErrors(pattern: String, message: String) {
        #expect(failure("mustRegexFind", str(pattern), str("x")) == message)
    }

    @Test func panickingFormsNameThePattern() {
        #expect(failure("regexFind", str("(a"), str("x")) == "regexp: Compile(`(a`): error parsing regexp: missing closing ): `(a`")
        #expect(failure("regexMatch", str("(a"), str("x")) == nil)
    }
}
