import Testing
@testable import Helm

/// Schemas Helm cannot use: Go's JSON decoder errors for broken JSON, gojsonschema's for
/// broken keywords, and the refusal of references outside the document.
@Suite struct SchemaParseTests {
    static func error(_ json: String) -> String? {
        do {
            _ = try ValuesSchema(json: json)
            return nil
        } catch {
            return error.message
        }
    }

    @Test(arguments: [
        ("", "EOF"),
        ("{\"type\": \"object\",}", "invalid character '}' looking for beginning of object key string"),
        ("{\"a\" 1}", "invalid character '1' after object key"),
        ("{\"a\": 1 \"b\"}", "invalid character '\"' after object key:value pair"),
        ("[1 2]", "invalid character '2' after array element"),
        ("{\"a\": tru}", "invalid character '}' in literal true (expecting 'e')"),
        ("{\"a\": -x}", "invalid character 'x' in numeric literal"),
        ("{\"a\": 1.}", "invalid character '}' after decimal point in numeric literal"),
        ("{\"a\": \"x", "unexpected EOF"),
        ("{'a': 1}", "invalid character '\\'' looking for beginning of object key string"),
    ])
    func brokenJSON(json: String, message: String) {
        #expect(Self.error(json) == message)
    }

    @Test func textAfterTheFirstValueIsIgnoredAsGoDecoderIgnoresIt() {
        #expect(Self.error("{} trailing") == nil)
    }

    @Test(arguments: [
        ("[]", "schema is invalid"),
        (##"{"$schema": 7}"##, "$schema must be of type string"),
        (##"{"type": "strin"}"##, "has a primitive type that is NOT VALID -- given: /strin/ Expected valid values are:[array boolean integer number null object string]"),
        (##"{"type": ["string", "string"]}"##, "string type is duplicated"),
        (##"{"type": 1}"##, "Invalid type. Expected: string/array of strings, given: type"),
        (##"{"properties": []}"##, "properties must be of type object"),
        (##"{"properties": {"a": 1}}"##, "Expected: valid schema, given: Invalid JSON"),
        (##"{"minimum": "1"}"##, "minimum must be of a number"),
        (##"{"multipleOf": 0}"##, "multipleOf must be strictly greater than 0"),
        (##"{"minLength": 1.0}"##, "minLength must be of an integer"),
        (##"{"maxItems": -1}"##, "maxItems must be greater than or equal to 0"),
        (##"{"minLength": 3, "maxLength": 2}"##, "minLength cannot be greater than maxLength"),
        (##"{"minProperties": 3, "maxProperties": 2}"##, "minProperties cannot be greater than maxProperties"),
        (##"{"required": ["a", "a"]}"##, "required items must be unique"),
        (##"{"enum": [1, 1.0]}"##, "enum items must be unique"),
        (##"{"pattern": "(a"}"##, "pattern must be a valid regex"),
        (##"{"allOf": {}}"##, "anyOf must be of an array"),
        (##"{"exclusiveMinimum": true}"##, "exclusiveMinimum cannot be used without minimum"),
        (##"{"$schema": "http://json-schema.org/draft-07/schema#", "exclusiveMinimum": true}"##, "Invalid type. Expected: number, given: exclusiveMinimum"),
        (##"{"$ref": "#/definitions/missing"}"##, "Object has no key 'definitions'"),
        (##"{"$ref": "other.json"}"##, "Reference other.json must be canonical"),
    ])
    func brokenKeyword(json: String, message: String) {
        #expect(Self.error(json) == message)
    }

    @Test func remoteReferencesAreRefused() throws {
        let message = try #require(Self.error(##"{"$ref": "https://example.com/schema.json#/definitions/a"}"##))
        #expect(message.contains("https://example.com/schema.json#/definitions/a"))
        #expect(message.contains("remote"))
    }

    @Test func draft4BooleansAreNotSchemas() {
        #expect(Self.error(##"{"$schema": "http://json-schema.org/draft-04/schema#", "not": true}"##)
            == "Expected: valid schema, given: Invalid JSON")
        #expect(Self.error(##"{"not": true}"##) == nil)
    }

    @Test func hostileNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(Self.error(deep) == "invalid character '[' exceeded max depth")
        let deepSchema = String(repeating: ##"{"not":"##, count: 600) + "{}" + String(repeating: "}", count: 600)
        #expect(Self.error(deepSchema) != nil)
    }

    @Test func selfReferenceTerminates() throws {
        let schema = try ValuesSchema(json: ##"{"$ref": "#"}"##)
        #expect(schema.validate(.dict([:])) == [])
    }
}
