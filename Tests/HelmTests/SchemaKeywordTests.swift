import GoTemplate
import Testing
@testable import Helm

/// Each draft-7 keyword as gojsonschema v1.2.0 reports it under Helm: its English messages
/// (locales.go), field names (`(root)`, `a.b`, `list.0`), and numbers printed as `%v` of a
/// `big.Float` (`9000`, `1e+06`, `0.5`).
@Suite struct SchemaKeywordTests {
    static func lines(_ schema: String, _ values: GoValue) throws -> [String] {
        try ValuesSchema(json: schema).validate(values)
    }

    struct Case: Sendable, CustomStringConvertible {
        var schema: String
        var values: GoValue
        var expected: [String]
        var description: String { schema }
    }

    static let cases: [Case] = [
        // type, with YAML's float64 integers counting as integers and arrays of types
        Case(schema: ##"{"properties":{"n":{"type":"integer"}}}"##, values: .dict(["n": .float(3)]), expected: []),
        Case(schema: ##"{"properties":{"n":{"type":"integer"}}}"##, values: .dict(["n": .float(2.5)]),
             expected: ["- n: Invalid type. Expected: integer, given: number"]),
        Case(schema: ##"{"properties":{"n":{"type":["string","null"]}}}"##, values: .dict(["n": .bool(true)]),
             expected: ["- n: Invalid type. Expected: [string null], given: boolean"]),
        Case(schema: ##"{"type":"object","properties":{"a":{"type":"object"}}}"##, values: .dict(["a": .null]),
             expected: ["- a: Invalid type. Expected: object, given: null"]),
        // enum and const print canonical JSON
        Case(schema: ##"{"properties":{"m":{"enum":[1,"two",null,{"b":1,"a":"<"}]}}}"##, values: .dict(["m": .float(3)]),
             expected: [##"- m: m must be one of the following: 1, "two", null, {"a":"\u003c","b":1}"##]),
        Case(schema: ##"{"properties":{"m":{"enum":[1.0]}}}"##, values: .dict(["m": .int(1, .int64)]), expected: []),
        Case(schema: ##"{"const":{"k":[1,2]}}"##, values: .dict(["k": .array([.float(1)])]),
             expected: [##"- (root): (root) does not match: {"k":[1,2]}"##]),
        // required, additionalProperties, patternProperties, propertyNames, min/maxProperties
        Case(schema: ##"{"required":["b","a"],"properties":{"a":{}}}"##, values: .dict([:]),
             expected: ["- (root): b is required", "- (root): a is required"]),
        Case(schema: ##"{"properties":{"a":{}},"additionalProperties":false}"##,
             values: .dict(["a": .float(1), "z": .float(1), "y": .float(2)]),
             expected: ["- (root): Additional property y is not allowed", "- (root): Additional property z is not allowed"]),
        Case(schema: ##"{"patternProperties":{"^x-":{"type":"string"}},"additionalProperties":{"type":"integer"}}"##,
             values: .dict(["x-a": .float(1), "b": .string("s")]),
             expected: ["- b: Invalid type. Expected: integer, given: string", "- x-a: Invalid type. Expected: string, given: integer"]),
        Case(schema: ##"{"propertyNames":{"maxLength":3}}"##, values: .dict(["long": .null]),
             expected: [##"- (root): Property name of "long" does not match"##,
                        "- (root): String length must be less than or equal to 3"]),
        Case(schema: ##"{"minProperties":2,"maxProperties":5}"##, values: .dict(["a": .null]),
             expected: ["- (root): Must have at least 2 properties"]),
        // arrays
        Case(schema: ##"{"properties":{"l":{"items":[{"type":"string"}],"additionalItems":false,"minItems":3}}}"##,
             values: .dict(["l": .array([.float(1), .float(2)])]),
             expected: ["- l.0: Invalid type. Expected: string, given: integer", "- l: No additional items allowed on array",
                        "- l: Array must have at least 3 items"]),
        Case(schema: ##"{"properties":{"l":{"uniqueItems":true,"maxItems":2}}}"##,
             values: .dict(["l": .array([.float(1), .string("x"), .int(1, .int64)])]),
             expected: ["- l: Array must have at most 2 items", "- l: array items[0,2] must be unique"]),
        Case(schema: ##"{"properties":{"l":{"contains":{"const":5}}}}"##, values: .dict(["l": .array([.float(1)])]),
             expected: ["- l: At least one of the items must match", "- l.0: l.0 does not match: 5"]),
        // strings: length in code points, unanchored RE2 patterns, formats
        Case(schema: ##"{"properties":{"s":{"minLength":3,"maxLength":3}}}"##, values: .dict(["s": .string("héé")]), expected: []),
        Case(schema: ##"{"properties":{"s":{"minLength":4}}}"##, values: .dict(["s": .string("héé")]),
             expected: ["- s: String length must be greater than or equal to 4"]),
        Case(schema: ##"{"properties":{"s":{"pattern":"[0-9]+"}}}"##, values: .dict(["s": .string("v12")]), expected: []),
        Case(schema: ##"{"properties":{"s":{"pattern":"^[a-z]+$"}}}"##, values: .dict(["s": .string("ab\n")]),
             expected: ["- s: Does not match pattern '^[a-z]+$'"]),
        Case(schema: ##"{"properties":{"s":{"format":"email"},"t":{"format":"date-time"},"u":{"format":"made-up"}}}"##,
             values: .dict(["s": .string("nobody"), "t": .string("2024-02-30T10:00:00Z"), "u": .string("x")]),
             expected: ["- s: Does not match format 'email'", "- t: Does not match format 'date-time'"]),
        // numbers: draft-7 exclusive bounds, exact multipleOf, limits printed as big.Float %v
        Case(schema: ##"{"properties":{"n":{"maximum":1000000,"exclusiveMinimum":0.5}}}"##, values: .dict(["n": .float(2e6)]),
             expected: ["- n: Must be less than or equal to 1e+06"]),
        Case(schema: ##"{"properties":{"n":{"exclusiveMinimum":0.5,"exclusiveMaximum":9}}}"##, values: .dict(["n": .float(0.5)]),
             expected: ["- n: Must be greater than 0.5"]),
        Case(schema: ##"{"properties":{"n":{"multipleOf":0.1}}}"##, values: .dict(["n": .float(0.3)]), expected: []),
        Case(schema: ##"{"properties":{"n":{"multipleOf":0.25}}}"##, values: .dict(["n": .float(0.3)]),
             expected: ["- n: Must be a multiple of 0.25"]),
        // combinators and conditionals
        Case(schema: ##"{"anyOf":[{"type":"string"},{"required":["a","b"]}]}"##, values: .dict(["a": .float(1)]),
             expected: ["- (root): Must validate at least one schema (anyOf)", "- (root): b is required"]),
        Case(schema: ##"{"oneOf":[{"minimum":1},{"minimum":2}]}"##, values: .float(5),
             expected: ["- (root): Must validate one and only one schema (oneOf)"]),
        Case(schema: ##"{"allOf":[{"required":["a"]},{"not":{}}]}"##, values: .dict([:]),
             expected: ["- (root): a is required", "- (root): Must not validate the schema (not)",
                        "- (root): Must validate all the schemas (allOf)"]),
        Case(schema: ##"{"if":{"required":["tls"]},"then":{"required":["cert"]},"else":{"required":["port"]}}"##,
             values: .dict(["tls": .bool(true)]),
             expected: [##"- (root): Must validate "then" as "if" was valid"##, "- (root): cert is required"]),
        Case(schema: ##"{"dependencies":{"a":["b"],"c":{"required":["d"]}}}"##, values: .dict(["a": .null, "c": .null]),
             expected: ["- (root): Has a dependency on b", "- (root): d is required"]),
        // references into the document, recursive ones included
        Case(schema: ##"{"properties":{"p":{"$ref":"#/definitions/port"},"q":{"$ref":"#/$defs/name"}},"definitions":{"port":{"type":"integer","maximum":9000}},"$defs":{"name":{"minLength":2}}}"##,
             values: .dict(["p": .int(9001, .int64), "q": .string("x")]),
             expected: ["- p: Must be less than or equal to 9000", "- q: String length must be greater than or equal to 2"]),
        Case(schema: ##"{"$id":"http://example.com/root.json","properties":{"child":{"$ref":"#"}},"required":["name"]}"##,
             values: .dict(["name": .string("a"), "child": .dict(["child": .dict([:])])]),
             expected: ["- child: name is required", "- child.child: name is required"]),
        Case(schema: "false", values: .dict([:]), expected: ["- (root): False always fails validation"]),
        Case(schema: ##"{"$schema":"http://json-schema.org/draft-04/schema#","minimum":5,"exclusiveMinimum":true}"##,
             values: .float(5), expected: ["- (root): Must be greater than 5"]),
    ]

    @Test(arguments: cases)
    func keyword(_ c: Case) throws {
        #expect(try Self.lines(c.schema, c.values) == c.expected)
    }

    @Test func nilValuesAreAnEmptyObject() throws {
        #expect(try Self.lines(##"{"type":"object","required":["a"]}"##, .null) == ["- (root): a is required"])
    }

    @Test func valuesJSONCannotHoldAreReportedBare() throws {
        let schema = try ValuesSchema(json: "{}")
        #expect(schema.check(.dict(["x": .float(.nan)])) == .failure("json: unsupported value: NaN"))
        let message = ValuesSchema.message(reports: [("a", .failure("json: unsupported value: +Inf")), ("b", .violations(["- x: y"]))])
        #expect(message == "values don't meet the specifications of the schema(s) in the following chart(s):\na:\njson: unsupported value: +Infb:\n- x: y\n")
    }

    @Test func messageSkipsConformingChartsAndIsNilWhenAllConform() {
        #expect(ValuesSchema.message(perChart: [("a", []), ("b", [])]) == nil)
        #expect(ValuesSchema.message(perChart: [("a", []), ("b", ["- (root): x is required"])])
            == "values don't meet the specifications of the schema(s) in the following chart(s):\nb:\n- (root): x is required\n")
    }
}
