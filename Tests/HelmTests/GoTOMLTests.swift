import GoTemplate
import Testing
@testable import Helm

/// `GoTOML.marshal` (`toToml`) against BurntSushi/toml's encoder as Helm v3.15.4 prints it.
@Suite struct GoTOMLTests {
    /// syn-from-to-json-yaml: `toToml .Values.cfg`.
    @Test func corpusConfigMap() throws {
        let cfg = try GoYAML.unmarshal("b: 2\na: [1, \"two\", {c: 3}]\nhtml: \"<b>&</b>\"\n")
        #expect(try GoTOML.marshal(cfg) == "a = [1.0, \"two\", {c = 3.0}]\nb = 2.0\nhtml = \"<b>&</b>\"\n")
    }

    @Test func tablesComeAfterKeysAndNestedOnesAreIndented() throws {
        let value = GoValue.dict([
            "z": .string("last key"),
            "server": .dict(["port": .integer(80), "tls": .dict(["on": .bool(true)]), "host": .string("x")]),
            "a": .dict(["k": .integer(1)]),
            "n": .null,
        ])
        let expected = """
        z = "last key"

        [a]
          k = 1

        [server]
          host = "x"
          port = 80
          [server.tls]
            on = true

        """
        #expect(try GoTOML.marshal(value) == expected)
    }

    @Test func listsOfMapsAreArraysOfTables() throws {
        let value = GoValue.dict(["items": .array([.dict(["n": .integer(1)]), .dict(["n": .integer(2)])])])
        #expect(try GoTOML.marshal(value) == "[[items]]\n  n = 1\n\n[[items]]\n  n = 2\n")
    }

    @Test func keysAndStringsAreQuotedWhenNeeded() throws {
        let value = GoValue.dict(["a.b": .string("q\"\\\t\u{1}"), "ok-key_1": .string("é"), "": .integer(0)])
        #expect(try GoTOML.marshal(value) == "\"\" = 0\n\"a.b\" = \"q\\\"\\\\\\t\\u0001\"\nok-key_1 = \"é\"\n")
    }

    @Test func nilInsideAListFails() {
        do {
            _ = try GoTOML.marshal(.dict(["l": .array([.integer(1), .null])]))
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "toml: cannot encode array with nil element")
        }
    }
}
