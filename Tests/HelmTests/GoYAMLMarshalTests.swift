import GoTemplate
import Testing
@testable import Helm

/// `GoYAML.marshal` (`toYaml`) byte for byte against what Helm v3.15.4 printed in the corpus
/// (syn-toyaml-shapes, real-podinfo) and go-yaml v2's documented emitter rules.
@Suite struct GoYAMLMarshalTests {
    /// syn-toyaml-shapes/chart/values.yaml, as Helm reads it.
    static let shapes = """
    resources:
      limits:
        cpu: 500m
        memory: 128Mi
      requests: {}
    numbers:
      int: 42
      big: 1000000
      bigger: 123456789012
      float: 3.14
      exp: 1e3
      negative: -7
      zeroFloat: 0.0
    strings:
      yes: "yes"
      on: "on"
      num: "123"
      ver: "1.10"
      colon: "a: b"
      hash: "# not a comment"
      star: "*"
      empty: ""
      multi: |
        line one
        line two
      folded: >
        folded text
        continues
      long: "this is a rather long string value that goes well beyond eighty characters in width to check line folding behaviour"
      unicode: "héllo wörld ✓"
      leadingSpace: "  padded"
      tab: "a\\tb"
    bools: [true, false]
    nulls:
      n: null
    list:
      - a
      - b: 1
        c: [x, y]
      - []
      - {}
    """

    static func shapesValue(_ key: String) throws -> GoValue {
        guard case .map(let m) = try GoYAML.unmarshal(shapes), let v = m[key] else { return .missing }
        return v
    }

    /// The expected texts are syn-toyaml-shapes/expected.yaml's, with `nindent`'s indentation
    /// removed and toYaml's trimmed newline restored.
    @Test(arguments: [
        ("resources", "limits:\n  cpu: 500m\n  memory: 128Mi\nrequests: {}\n"),
        ("numbers", "big: 1000000\nbigger: 123456789012\nexp: 1000\nfloat: 3.14\nint: 42\nnegative: -7\nzeroFloat: 0\n"),
        ("strings", """
        colon: 'a: b'
        empty: ""
        folded: |
          folded text continues
        hash: '# not a comment'
        leadingSpace: '  padded'
        long: this is a rather long string value that goes well beyond eighty characters in
          width to check line folding behaviour
        multi: |
          line one
          line two
        num: "123"
        star: '*'
        tab: "a\\tb"
        "true": "on"
        unicode: héllo wörld ✓
        ver: "1.10"

        """),
        ("bools", "- true\n- false\n"),
        ("nulls", "\"false\": null\n"),
        ("list", "- a\n- b: 1\n  c:\n  - x\n  - true\n- []\n- {}\n"),
    ])
    func corpusShapes(key: String, expected: String) throws {
        #expect(try GoYAML.marshal(Self.shapesValue(key)) == expected)
    }

    @Test func scalarsAtTheTop() throws {
        #expect(try GoYAML.marshal(.string("plain")) == "plain\n")
        #expect(try GoYAML.marshal(.integer(5)) == "5\n")
        #expect(try GoYAML.marshal(.null) == "null\n")
        #expect(try GoYAML.marshal(.dict([:])) == "{}\n")
        #expect(try GoYAML.marshal(.array([])) == "[]\n")
        #expect(try GoYAML.marshal(.string("a\nb")) == "|-\n  a\n  b\n")
    }

    /// Floats go through JSON text: integral ones below 1e21 become integers.
    @Test(arguments: [
        (1e6, "1000000"), (1e21, "1e+21"), (1e20, "1e+20"), (1.2e19, "12000000000000000000"), (0.5, "0.5"),
        (1e-7, "1e-07"), (0.000001, "1e-06"), (-0.0, "0"), (123456.789, "123456.789"), (4611686018427387904, "4611686018427388000"),
    ])
    func floats(value: Double, expected: String) throws {
        #expect(try GoYAML.marshal(.dict(["v": .float(value)])) == "v: \(expected)\n")
    }

    @Test(arguments: [
        ("", "\"\""), ("true", "\"true\""), ("No", "\"No\""), ("~", "\"~\""),
        ("0777", "\"0777\""), ("1_000", "\"1_000\""), ("1:20", "\"1:20\""), ("2001-12-14", "\"2001-12-14\""),
        ("- item", "'- item'"), ("it's: x", "'it''s: x'"), ("trailing ", "'trailing '"), ("x #y", "'x #y'"),
        ("a#b", "a#b"), ("key:value", "key:value"), ("@at", "'@at'"), ("---", "'---'"), ("bell\u{7}", "\"bell\\a\""),
        ("smile 😀", "\"smile \\U0001F600\""), ("nbsp\u{A0}x", "nbsp\u{A0}x"), ("cr\rx", "\"cr\\rx\""),
        ("<html>", "<html>"), ("1.0.0", "1.0.0"), ("0x", "0x"), ("v", "v"), ("y", "\"y\""),
    ])
    func stringQuoting(text: String, expected: String) throws {
        #expect(try GoYAML.marshal(.dict(["k": .string(text)])) == "k: \(expected)\n")
    }

    @Test func literalBlockHints() throws {
        #expect(try GoYAML.marshal(.dict(["k": .string("a\n")])) == "k: |\n  a\n")
        #expect(try GoYAML.marshal(.dict(["k": .string("a\n\n")])) == "k: |+\n  a\n\n")
        #expect(try GoYAML.marshal(.dict(["k": .string("  a\nb")])) == "k: |2-\n    a\n  b\n")
        #expect(try GoYAML.marshal(.dict(["k": .string("a\n\nb\n")])) == "k: |\n  a\n\n  b\n")
        // Trailing spaces or tabs rule out a block: double quotes with escapes.
        #expect(try GoYAML.marshal(.dict(["k": .string("a \nb")])) == "k: \"a \\nb\"\n")
        #expect(try GoYAML.marshal(.dict(["k": .string("a\tb\nc")])) == "k: \"a\\tb\\nc\"\n")
    }

    @Test func nestedCollections() throws {
        let value = GoValue.dict([
            "m": .dict(["l": .array([.array([.string("a"), .string("b")]), .dict(["x": .integer(1), "y": .dict([:])])])]),
        ])
        #expect(try GoYAML.marshal(value) == "m:\n  l:\n  - - a\n    - b\n  - x: 1\n    \"y\": {}\n")
    }

    @Test func keysSortNaturally() throws {
        let keys = ["a10", "a2", "b", "B", "_x", "1", "10", "9", "a01", "a1", "é", "z"]
        let value = GoValue.dict(Dictionary(uniqueKeysWithValues: keys.map { ($0, GoValue.integer(0)) }))
        let order = try GoYAML.marshal(value).split(separator: "\n").map { $0.split(separator: ":")[0] }
        // A non-digit, non-letter counts as the number 0 against a digit run: `_x` before `1`.
        #expect(order == ["_x", "\"1\"", "\"9\"", "\"10\"", "B", "a1", "a01", "a2", "a10", "b", "z", "é"])
    }

    @Test func longKeysUseTheComplexForm() throws {
        let key = String(repeating: "k", count: 129)
        #expect(try GoYAML.marshal(.dict([key: .integer(1)])) == "? \(key)\n: 1\n")
        #expect(try GoYAML.marshal(.dict(["a\nb": .integer(1)])) == "? |-\n  a\n  b\n: 1\n")
    }

    @Test func longQuotedStringsFold() throws {
        let words = Array(repeating: "word", count: 30).joined(separator: " ")
        let single = try GoYAML.marshal(.dict(["k": .string("- " + words)]))
        #expect(single.hasPrefix("k: '- word word"))
        #expect(single.split(separator: "\n").allSatisfy { $0.count <= 86 })
        #expect(try GoYAML.unmarshal(single).mapValue?["k"]?.stringValue == "- " + words)
        let double = try GoYAML.marshal(.dict(["k": .string("\t" + words)]))
        #expect(double.split(separator: "\n").count > 1)
        #expect(try GoYAML.unmarshal(double).mapValue?["k"]?.stringValue == "\t" + words)
    }

    @Test func unsupportedValuesFailAsSigsYAMLDoes() {
        do {
            _ = try GoYAML.marshal(.dict(["a": .float(.nan)]))
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "error marshaling into JSON: json: unsupported value: NaN")
        }
    }
}
