import CEL
import Testing

/// String and bytes functions: the standard library's and the strings extension Kubernetes and
/// Flux enable. Positions count code points (conformance files string, string_ext).
@Suite struct CELStringTests {
    @Test(arguments: [
        ("size('héllo')", "5"), ("'héllo'.size()", "5"), ("size(b'h\\xc3\\xa9')", "3"), ("'ab' + 'cd'", "\"abcd\""),
        ("b'ab' + b'cd'", "b\"abcd\""), ("'kubernetes'.contains('bern')", "true"), ("'abc'.contains('')", "true"),
        ("'abc'.contains('abcd')", "false"), ("'v1.2.3'.startsWith('v1.')", "true"), ("'file.yaml'.endsWith('.yaml')", "true"),
        ("'file.yaml'.endsWith('.yml')", "false"), ("'é'.startsWith('e')", "false"),
        ("'MiXeD 123'.lowerAscii()", "\"mixed 123\""), ("'straße'.upperAscii()", "\"STRAßE\""),
        ("'  \\t padded \\n'.trim()", "\"padded\""), ("'a,b,,c'.split(',')", "[\"a\", \"b\", \"\", \"c\"]"),
        ("'a,b,c'.split(',', 2)", "[\"a\", \"b,c\"]"), ("'a,b'.split(',', 0)", "[]"), ("'héj'.split('')", "[\"h\", \"é\", \"j\"]"),
        ("['x', 'y', 'z'].join('-')", "\"x-y-z\""), ("['x', 'y'].join()", "\"xy\""), ("[].join(',')", "\"\""),
        ("'hello'.indexOf('l')", "2"), ("'hello'.indexOf('l', 3)", "3"), ("'héllo'.indexOf('llo')", "2"),
        ("'hello'.indexOf('z')", "-1"), ("'hello'.lastIndexOf('l')", "3"), ("'hello'.indexOf('')", "0"),
        ("'a-b-c'.replace('-', '+')", "\"a+b+c\""), ("'a-b-c'.replace('-', '', 1)", "\"ab-c\""),
        ("'tacocat'.substring(2)", "\"cocat\""), ("'tacocat'.substring(2, 4)", "\"co\""), ("'héllo'.substring(1, 2)", "\"é\""),
        ("'abc'.charAt(1)", "\"b\""), ("'abc'.charAt(3)", "\"\""), ("'abc'.reverse()", "\"cba\""),
        ("strings.quote('say \"hi\"')", "\"\\\"say \\\\\\\"hi\\\\\\\"\\\"\""),
        ("base64.encode(b'hello')", "\"aGVsbG8=\""), ("base64.decode('aGk=')", "b\"hi\""),
        ("'hello'.substring(3, 1)", "error: substring: start 3 is after end 1"),
        ("'hello'.substring(7)", "error: substring: index out of range: [7:5] (string length 5)"),
        ("'hello'.charAt(9)", "error: charAt: index out of range: 9 (string length 5)"),
        ("'hello'.indexOf('l', 10)", "error: indexOf: index out of range: 10 (string length 5)"),
        ("[1, 2].join(',')", "error: join: list element of type int is not a string"),
        ("'abc'.contains(1)", "error: no matching overload for 'string.contains' applied to (int)"),
        ("size(1)", "error: no matching overload for 'int.size' applied to ()"),
        ("'abc'.frobnicate()", "error: no matching overload for 'string.frobnicate' applied to ()"),
        ("frobnicate('abc')", "error: undeclared reference to function 'frobnicate'"),
    ])
    func functions(source: String, expected: String) {
        #expect(outcome(source) == expected)
    }

    @Test(arguments: [
        ("'foobar'.matches('oba')", "true"), ("'foobar'.matches('^oba')", "false"), ("matches('foobar', 'ba.$')", "true"),
        ("'v1.25.3'.matches('^v[0-9]+\\\\.[0-9]+\\\\.[0-9]+$')", "true"), ("'v1.x'.matches(r'^v\\d+\\.\\d+$')", "false"),
        ("'ABC'.matches('(?i)^abc$')", "true"), ("'ABC'.matches('^abc$')", "false"), ("'a\\nb'.matches('^b')", "false"),
        ("'a\\nb'.matches('(?m)^b')", "true"), ("'a\\nb'.matches('a.b')", "false"), ("'a\\nb'.matches('(?s)a.b')", "true"),
        ("'cat dog'.matches('\\\\bdog\\\\b')", "true"), ("'catdog'.matches('\\\\bdog')", "false"),
        ("'aaa'.matches('^a{3}$')", "true"), ("'aaaa'.matches('^a{2,3}$')", "false"), ("'ab'.matches('^(a|b)+$')", "true"),
        ("'x_9'.matches('^[[:alpha:]_][\\\\w]*$')", "true"), ("'é'.matches('^\\\\pL$')", "true"), ("'1'.matches('^\\\\p{Lu}$')", "false"),
        ("'a{b'.matches('a{b')", "true"), ("'-'.matches('^[^a-z]$')", "true"), ("''.matches('^$')", "true"),
        ("'abc'.matches('b*?c')", "true"), ("'a.b'.matches('\\\\Qa.b\\\\E')", "true"), ("'axb'.matches('\\\\Qa.b\\\\E')", "false"),
        ("'abc'.matches('(?P<first>a)bc')", "true"), ("'ABC'.matches('a(?i:b)C')", "false"), ("'aBC'.matches('a(?i:b)C')", "true"),
        ("'a'.matches('(')", "error: invalid regular expression: missing )"),
        ("'a'.matches('a)')", "error: invalid regular expression: unexpected ) at offset 1"),
        ("'a'.matches('*a')", "error: invalid regular expression: missing argument to repetition operator *"),
        ("'a'.matches('(a)\\\\1')", "error: invalid regular expression: backreferences are not supported (\\1)"),
        ("'a'.matches('(?=a)')", "error: invalid regular expression: invalid or unsupported group flag = (look-around is not supported)"),
        ("'a'.matches('a{1001}')", "error: invalid regular expression: repetition count above 1000"),
        ("'a'.matches('((a{100}){100}){100}')", "error: invalid regular expression: pattern too large (more than 10000 instructions)"),
    ])
    func regularExpressions(source: String, expected: String) {
        #expect(outcome(source) == expected)
    }

    /// A pattern that takes exponential time in a backtracking engine answers at once here.
    @Test func catastrophicPatternIsLinear() throws {
        let text = String(repeating: "a", count: 5_000) + "!"
        let program = try CELProgram("s.matches('^(a+)+$') || s.matches('^(a|aa)*$') || s.matches('(x+x+)+y')")
        #expect(try program.evaluateBool(["s": .string(text)]) == false)
    }
}
