import Testing
@testable import Manifests

@Suite struct YAMLTests {
    @Test func multiDocumentStreamSkipsEmptyDocuments() throws {
        let text = """
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
        ---
        # only a comment
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: b}
        """
        let docs = try YAML.documents(text)
        #expect(docs.map(\.metadataName) == ["a", "b"])
    }

    @Test(arguments: [
        ("v: yes", JSONValue.bool(true)), ("v: off", .bool(false)), ("v: 'yes'", .string("yes")),
        ("v: 0777", .int(511)), ("v: 0x1F", .int(31)), ("v: 1_000", .int(1000)), ("v: 1.5", .double(1.5)),
        ("v: ~", .null), ("v:", .null), ("v: \"123\"", .string("123")), ("v: 1.2.3", .string("1.2.3")),
        ("v: !!str 42", .string("42")), ("v: -7", .int(-7)), ("v: .inf", .double(.infinity)),
    ])
    func scalarsResolveLikeKubectl(text: String, expected: JSONValue) throws {
        #expect(try YAML.document(text)["v"] == expected)
    }

    @Test func malformedYAMLNamesFileAndLine() throws {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n"
        let error = try #require(throws: ManifestError.self) { try YAML.documents(text, source: "app/cm.yaml") }
        #expect(error.source == "app/cm.yaml")
        #expect(error.line != nil)
        #expect(error.description.hasPrefix("app/cm.yaml:"))
    }

    @Test func duplicateKeysAreAnError() throws {
        let error = try #require(throws: ManifestError.self) { try YAML.document("a: 1\na: 2\n", source: "x.yaml") }
        #expect(error.description.contains("duplicated key(s): 'a'"))
    }

    @Test func writesStringsThatLookLikeOtherTypesQuoted() throws {
        let v: JSONValue = ["a": "true", "b": "123", "c": "plain", "d": true, "e": 5, "f": "line1\nline2\n", "g": ["x"]]
        let text = YAML.string(v)
        #expect(text == """
        a: "true"
        b: "123"
        c: plain
        d: true
        e: 5
        f: |
          line1
          line2
        g:
        - x

        """)
        #expect(try YAML.document(text) == v)
    }
}
