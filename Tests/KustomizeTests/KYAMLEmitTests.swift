import Manifests
import Testing
@testable import Kustomize

/// Output formatting of go-yaml v2 as `kubectl kustomize` prints it; every expectation was
/// produced by kubectl kustomize v5.5.0.
@Suite struct KYAMLEmitTests {
    @Test(arguments: [
        ("yes", "\"yes\""), ("on", "\"on\""), ("y", "\"y\""), ("123", "\"123\""), ("true", "\"true\""),
        ("", "\"\""), ("~", "\"~\""), ("2001-01-01", "\"2001-01-01\""), ("1:20", "\"1:20\""),
        ("&x", "'&x'"), ("a: b", "'a: b'"), ("a #b", "'a #b'"), (" x", "' x'"), ("'", "''''"),
        ("a\tb", "\"a\\tb\""), ("trailing \nspace", "\"trailing \\nspace\""), ("it's", "it's"),
        ("a:b", "a:b"), ("-x", "-x"), ("?x", "?x"), ("héllo", "héllo"), ("http://x.y/z", "http://x.y/z"),
    ])
    func scalarQuoting(_ input: String, _ expected: String) {
        #expect(KYAML.marshal(["k": .string(input)]) == "k: \(expected)\n")
    }

    @Test func keysSortLikeGoYAML() {
        #expect(KYAML.keyLess("a10", "a9") == false)
        #expect(KYAML.keyLess("a9", "a10"))
        #expect(KYAML.keyLess("a_b", "aB"))
        #expect(KYAML.marshal(["b": 1, "a": 2, "n": "n"]) == "a: 2\nb: 1\n\"n\": \"n\"\n")
    }

    @Test func blocksAndSequences() {
        let v: JSONValue = ["list": ["a", ["x": 1, "y": [1, 2]], [["z"]]], "ml": "l1\nl2\n", "e": [:], "f": []]
        #expect(KYAML.marshal(v) == """
        e: {}
        f: []
        list:
        - a
        - x: 1
          "y":
          - 1
          - 2
        - - - z
        ml: |
          l1
          l2

        """)
    }

    @Test func longPlainScalarsFoldAtColumn80() {
        let long = "this is a very long string that goes on and on and on and on and on and on and on and on and on and on"
        #expect(KYAML.marshal(["data": ["long": .string(long)]]) == """
        data:
          long: this is a very long string that goes on and on and on and on and on and on
            and on and on and on and on

        """)
    }

    @Test func numbersAfterTheJSONRoundTrip() {
        #expect(KYAML.formatFloat(1.0) == "1")
        #expect(KYAML.formatFloat(1.5) == "1.5")
        #expect(KYAML.formatFloat(1234567.5) == "1.2345675e+06")
        #expect(KYAML.formatFloat(0.00001) == "1e-05")
    }
}
