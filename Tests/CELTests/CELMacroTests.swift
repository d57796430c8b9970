import CEL
import Manifests
import Testing

/// `has`, `all`, `exists`, `exists_one`, `filter`, `map` (conformance file macros), including
/// how `all` and `exists` absorb errors like `&&` and `||` do.
@Suite struct CELMacroTests {
    @Test(arguments: [
        ("[1, 2, 3].all(x, x > 0)", "true"), ("[1, 2, 3].all(x, x > 1)", "false"), ("[].all(x, false)", "true"),
        ("[1, 2, 3].exists(x, x == 2)", "true"), ("[].exists(x, true)", "false"), ("[1, 2, 3].exists_one(x, x > 2)", "true"),
        ("[1, 2, 3].exists_one(x, x > 1)", "false"), ("[1, 2, 3].existsOne(x, x == 1)", "true"),
        ("[1, 2, 3, 4].filter(x, x % 2 == 0)", "[2, 4]"), ("[1, 2, 3].map(x, x * x)", "[1, 4, 9]"),
        ("[1, 2, 3, 4].map(x, x > 2, x * 10)", "[30, 40]"), ("{'a': 1, 'b': 2}.all(k, k.size() == 1)", "true"),
        ("{'a': 1, 'b': 2}.map(k, k + k)", "[\"aa\", \"bb\"]"), ("{'a': 1, 'b': 2}.filter(k, k != 'a')", "[\"b\"]"),
        // Shadowing: the inner variable hides the outer one and the outer comes back after.
        ("[1, 2].map(x, [10, 20].map(x, x + 1))", "[[11, 21], [11, 21]]"),
        ("[1, 2].map(x, [10].map(y, x + y))", "[[11], [12]]"),
        ("x + [1].map(x, x)[0]", "6"),
        // Errors absorbed when another element decides the answer, as `&&` / `||` would.
        ("[0, 1].exists(x, 1 / x == 1)", "true"), ("[1, 0].all(x, 1 / x > 5)", "false"),
        ("[0, 1].all(x, 1 / x == 1)", "error: division by zero"), ("[1, 'a'].exists(x, x == 'a')", "true"),
        ("[1, 0].exists_one(x, 1 / x == 1)", "error: division by zero"),
        ("[1, 0].map(x, 1 / x)", "error: division by zero"),
        ("[1].all(x, x)", "error: no matching overload for 'all' applied to int: operands must be bool"),
        ("[1].filter(x, 'yes')", "error: filter() predicate must be a bool, got string"),
        ("5.all(x, true)", "error: all() cannot iterate over int: expected a list or a map"),
        // has(): presence, not truthiness.
        ("has(m.a)", "true"), ("has(m.zero)", "true"), ("has(m.missing)", "false"), ("has(m.nested.deep)", "true"),
        ("has(m.missing.deep)", "error: no such key: missing"),
        ("has(m.a.b)", "error: has() cannot test field 'b' on a value of type int"),
    ])
    func macros(source: String, expected: String) {
        let variables: [String: JSONValue] = ["x": 5, "m": ["a": 1, "zero": 0, "nested": ["deep": nil]]]
        #expect(outcome(source, variables) == expected)
    }
}
