import GoTemplate
import Testing
@testable import Helm

/// `GoYAML.unmarshal` against what `yaml.Unmarshal` of sigs.k8s.io/yaml v1.4 (go-yaml v2 then
/// encoding/json) gives a chart: YAML 1.1 scalars, float64 numbers, string keys.
@Suite struct GoYAMLUnmarshalTests {
    /// A typed rendering of a value, so a test sees float64 vs string vs bool.
    static func show(_ value: GoValue) -> String {
        switch value {
        case .null, .missing: return "nil"
        case .bool(let b): return "bool(\(b))"
        case .float(let f): return "float(\(f))"
        case .string(let s): return "str(\(s))"
        case .list(let l): return "[" + l.items.map(show).joined(separator: " ") + "]"
        case .map(let m): return "{" + m.sortedKeys.map { "\($0):" + show(m.entries[$0] ?? .null) }.joined(separator: " ") + "}"
        default: return "other(\(value.typeName))"
        }
    }

    static func field(_ yaml: String) throws -> String {
        guard case .map(let m) = try GoYAML.unmarshal("v: " + yaml + "\n") else { return "not a map" }
        return show(m.entries["v"] ?? .missing)
    }

    @Test(arguments: [
        ("yes", "bool(true)"), ("Off", "bool(false)"), ("y", "bool(true)"), ("N", "bool(false)"),
        ("TRUE", "bool(true)"), ("tRue", "str(tRue)"), ("~", "nil"), ("", "nil"), ("Null", "nil"),
        ("0777", "float(511.0)"), ("0x1F", "float(31.0)"), ("0o17", "float(15.0)"), ("0b101", "float(5.0)"),
        ("1_000", "float(1000.0)"), ("+12", "float(12.0)"), ("-7", "float(-7.0)"), ("08", "float(8.0)"),
        ("1e3", "float(1000.0)"), (".5", "float(0.5)"), ("1.10", "float(1.1)"), ("3.", "float(3.0)"),
        ("9223372036854775807", "float(9.223372036854776e+18)"), ("18446744073709551615", "float(1.8446744073709552e+19)"),
        ("'yes'", "str(yes)"), ("\"123\"", "str(123)"), ("2001-12-14", "str(2001-12-14)"),
        ("2001-12-14T21:59:43.10-05:00", "str(2001-12-14T21:59:43.10-05:00)"), ("1:20", "str(1:20)"),
        ("0x", "str(0x)"), ("1e400", "str(1e400)"), ("!!str 12", "str(12)"), ("!!float 3", "float(3.0)"),
        ("!!binary aGVsbG8=", "str(hello)"), ("500m", "str(500m)"), ("v1.2", "str(v1.2)"),
    ])
    func scalarsResolveAsYAML11(yaml: String, expected: String) throws {
        #expect(try Self.field(yaml) == expected)
    }

    @Test func keysBecomeStringsTheWayKubernetesYAMLConvertsThem() throws {
        let value = try GoYAML.unmarshal("yes: a\n1: b\n1.5: c\nfalse: d\n0x10: e\n2.0: f\nx: g\n")
        #expect(Self.show(value) == "{1:str(b) 1.5:str(c) 16:str(e) 2:str(f) false:str(d) true:str(a) x:str(g)}")
    }

    @Test func laterDuplicateKeysWin() throws {
        // `yes` and `on` are both the key true: Helm's corpus (syn-toyaml-shapes) shows "on" kept.
        let value = try GoYAML.unmarshal("yes: \"yes\"\non: \"on\"\n")
        #expect(Self.show(value) == "{true:str(on)}")
    }

    @Test func mergeKeysFollowGoYAMLv2Order() throws {
        let yaml = """
        base: &b {a: 1, b: 2}
        other: &o {b: 3, c: 4}
        one: {a: 0, <<: *b, c: 9}
        many:
          <<: [*b, *o]
        """
        guard case .map(let m) = try GoYAML.unmarshal(yaml) else { Issue.record("not a map"); return }
        // A merged mapping overwrites keys before it; keys after it win.
        #expect(Self.show(m.entries["one"] ?? .null) == "{a:float(1.0) b:float(2.0) c:float(9.0)}")
        // In a list, earlier mappings take precedence.
        #expect(Self.show(m.entries["many"] ?? .null) == "{a:float(1.0) b:float(2.0) c:float(4.0)}")
    }

    @Test func aliasesAreIndependentCopies() throws {
        guard case .map(let m) = try GoYAML.unmarshal("a: &x {k: 1}\nb: *x\n"),
              case .map(let a) = m.entries["a"], case .map(let b) = m.entries["b"] else {
            Issue.record("unexpected shape"); return
        }
        a.entries["k"] = .string("changed")
        #expect(Self.show(.map(b)) == "{k:float(1.0)}")
    }

    @Test func onlyTheFirstDocumentIsRead() throws {
        #expect(Self.show(try GoYAML.unmarshal("a: 1\n---\nb: [\n")) == "{a:float(1.0)}")
        #expect(Self.show(try GoYAML.unmarshal("")) == "nil")
        #expect(Self.show(try GoYAML.unmarshal("# only a comment\n")) == "nil")
        #expect(Self.show(try GoYAML.unmarshal("- 1\n- x\n")) == "[float(1.0) str(x)]")
        #expect(try GoYAML.unmarshalDocuments("a: 1\n---\n---\n- 2\n").map(Self.show) == ["{a:float(1.0)}", "nil", "[float(2.0)]"])
    }

    /// Helm's own messages from the corpus (syn-yaml-parse-error,
    /// helm-chart-with-template-with-invalid-yaml, helm-chart-bad-requirements).
    @Test(arguments: [
        ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  labels: map[a:b]\n  x: [unclosed\n",
         "error converting YAML to JSON: yaml: line 6: did not find expected ',' or ']'"),
        ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"x-y\"\nspec:\n  containers:\n  - name: waiter\n    image: \"alpine:3.9\"\n    command: [\"/bin/sleep\",\"9000\"]\ninvalid\n",
         "error converting YAML to JSON: yaml: line 11: could not find expected ':'"),
        ("apiVersion: v1\ndescription: A Helm chart for Kubernetes\nname: chart-missing-deps\nversion: 0.1.0\ndependencies:\n  - name: reqsubchart\n  version: 0.1.0\n  repository: \"https://example.com/charts\"\n",
         "error converting YAML to JSON: yaml: line 6: did not find expected '-' indicator"),
        // syn-from-to-json-yaml: fromYaml of text without a final newline.
        ("a: [unclosed", "error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"),
        ("a: *nope\n", "error converting YAML to JSON: yaml: unknown anchor 'nope' referenced"),
        ("a: .inf\n", "error converting YAML to JSON: json: unsupported value: +Inf"),
        ("a: !!int x\n", "error converting YAML to JSON: yaml: cannot decode !!str `x` as a !!int"),
        ("a: {<<: 1}\n", "error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value"),
        ("a\u{7}: 1\n", "error converting YAML to JSON: yaml: control characters are not allowed"),
    ])
    func errorsReadAsHelms(yaml: String, message: String) {
        #expect(throws: GoFunctionError.self) { try GoYAML.unmarshal(yaml) }
        do {
            _ = try GoYAML.unmarshal(yaml)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func aliasBombsAreRefused() {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (name, previous) in zip("bcdefghij", "abcdefghi") {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        do {
            _ = try GoYAML.unmarshal(yaml)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "error converting YAML to JSON: yaml: document contains excessive aliasing")
        }
    }

    @Test func deepNestingFailsInsteadOfCrashing() {
        let yaml = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(throws: GoFunctionError.self) { try GoYAML.unmarshal(yaml) }
    }
}
