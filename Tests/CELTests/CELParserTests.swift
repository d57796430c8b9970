import CEL
import Testing

/// Literals, precedence and syntax errors (langdef.md "Syntax" and "Values").
@Suite struct CELParserTests {
    @Test(arguments: [
        // Integer forms.
        ("0", "0"), ("42", "42"), ("0x1F", "31"), ("0XfF", "255"), ("-9223372036854775808", "-9223372036854775808"),
        ("9223372036854775807", "9223372036854775807"), ("7u", "7u"), ("0x10U", "16u"),
        ("18446744073709551615u", "18446744073709551615u"),
        // Doubles.
        ("2.5", "2.5"), (".25", "0.25"), ("3e2", "300"), ("1.5E-3", "0.0015"), ("6.0", "6"), ("1e6", "1e+06"),
        ("-0.125", "-0.125"),
        // Strings: every quote form, raw, escapes.
        ("'single'", "\"single\""), ("\"double\"", "\"double\""),
        ("'''tri\nple'''", "\"tri\\nple\""), ("\"\"\"it's \"quoted\" \"\"\"", "\"it's \\\"quoted\\\" \""),
        ("r'a\\nb'", "\"a\\\\nb\""), ("R\"\\d+\"", "\"\\\\d+\""),
        ("'tab\\there'", "\"tab\\there\""), ("'\\x41\\102\\u0043\\U00000044'", "\"ABCD\""),
        ("'\\u00e9t\\u00e9'", "\"été\""), ("'\\'\\\"\\`\\?\\\\'", "\"'\\\"`?\\\\\""),
        // Bytes.
        ("b'abc'", "b\"abc\""), ("size(b'\\xff\\x00')", "2"), ("size(B'\\303\\277')", "2"), ("size(b'ÿ')", "2"),
        ("rb'\\n' == b'\\\\n'", "true"), ("size(br'\\x00')", "4"),
        // bool, null.
        ("true", "true"), ("false", "false"), ("null", "null"),
        // Lists and maps, trailing commas.
        ("[]", "[]"), ("[1, 'two', 3.5,]", "[1, \"two\", 3.5]"), ("{}", "{}"),
        ("{'a': 1, 2: 'b', true: null,}", "{\"a\": 1, 2: \"b\", true: null}"),
        // Comments and whitespace.
        ("1 + // one\n 2", "3"),
    ])
    func literals(source: String, expected: String) {
        #expect(outcome(source) == expected)
    }

    @Test(arguments: [
        ("1 + 2 * 3", "7"), ("(1 + 2) * 3", "9"), ("10 - 4 - 3", "3"), ("24 / 4 / 2", "3"), ("7 % 4 * 2", "6"),
        ("-2 * 3", "-6"), ("- 2 + 3", "1"), ("!true || true", "true"), ("!(true || true)", "false"),
        ("true || false && false", "true"), ("(true || false) && false", "false"),
        ("1 < 2 == true", "true"), ("1 + 1 == 2 && 3 > 2", "true"), ("2 in [1, 2] && 'a' in {'a': 1}", "true"),
        ("true ? 1 : 2 + 10", "1"), ("false ? 1 : true ? 2 : 3", "2"), ("false || true ? 'y' : 'n'", "\"y\""),
        ("!!true", "true"), ("--5", "5"), ("-(3)", "-3"), ("[1, 2, 3][1] * 2", "4"), ("{'k': [4]}['k'][0]", "4"),
        ("-[1, 2][0]", "-1"), ("'x' + 'y' + 'z'", "\"xyz\""),
    ])
    func precedence(source: String, expected: String) {
        #expect(outcome(source) == expected)
    }

    @Test(arguments: [
        ("1 +", "error: syntax error at 1:4: unexpected end of input, expected an expression"),
        ("(1 + 2", "error: syntax error at 1:7: unexpected end of input, expected ')'"),
        ("a.b.\n  c..d", "error: syntax error at 2:5: unexpected '.', expected a field or method name after '.'"),
        ("1 2", "error: syntax error at 1:3: unexpected '2', expected an operator or the end of the expression"),
        ("'open", "error: syntax error at 1:1: unterminated string literal"),
        ("'line\nbreak'", "error: syntax error at 1:1: newline in single-quoted string literal (use ''' or \"\"\" for multi-line text)"),
        ("'\\q'", "error: syntax error at 1:2: invalid escape sequence \\q"),
        ("'\\ud800'", "error: syntax error at 1:2: escape sequence names an invalid code point (a surrogate or past U+10FFFF)"),
        ("9223372036854775808", "error: syntax error at 1:1: integer literal 9223372036854775808 does not fit in a 64-bit signed int"),
        ("18446744073709551616u", "error: syntax error at 1:1: unsigned literal 18446744073709551616u does not fit in a 64-bit unsigned int"),
        ("1 # 2", "error: syntax error at 1:3: unexpected character \"#\""),
        ("if", "error: syntax error at 1:1: 'if' is a reserved word and cannot be used as an identifier"),
        ("has(a)", "error: syntax error at 1:1: invalid argument to has(): expected a field selection such as has(a.b)"),
        ("[1].all(1, true)", "error: syntax error at 1:5: all() macro: the first argument must be a variable name, as in all(x, ...)"),
        ("{'a' 1}", "error: syntax error at 1:6: unexpected '1', expected ':'"),
        ("0x", "error: syntax error at 1:1: hexadecimal literal without digits"),
    ])
    func syntaxErrors(source: String, expected: String) {
        #expect(outcome(source) == expected)
    }

    @Test func parseErrorCarriesPosition() {
        #expect(throws: CELError.parse(message: "unexpected ')', expected an expression", line: 2, column: 3)) {
            try CELProgram("true &&\n  )")
        }
    }

    @Test(arguments: [
        ("a.`dash-field`", "1"), ("a.`dotted.key`", "2"),
    ])
    func quotedFieldNames(source: String, expected: String) {
        #expect(outcome(source, ["a": ["dash-field": 1, "dotted.key": 2]]) == expected)
    }
}
