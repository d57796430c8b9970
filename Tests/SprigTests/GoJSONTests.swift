import GoTemplate
import Testing
@testable import Sprig

/// `GoJSON` and Sprig's JSON functions against encoding/json's output (Go 1.22) and the
/// corpus case syn-from-to-json-yaml.
@Suite struct GoJSONTests {
    /// The corpus case's `cfg` as Helm's values reader gives it: `{b: 2, a: [1, "two", {c: 3}], html: "<b>&</b>"}`.
    static var cfg: GoValue {
        .dict(["b": .float(2), "a": .array([.float(1), .string("two"), .dict(["c": .float(3)])]), "html": .string("<b>&</b>")])
    }

    @Test func marshalSortsKeysAndEscapesHTML() throws {
        #expect(try GoJSON.marshal(Self.cfg) == #"{"a":[1,"two",{"c":3}],"b":2,"html":"\u003cb\u003e\u0026\u003c/b\u003e"}"#)
        #expect(try GoJSON.marshal(Self.cfg, escapeHTML: false) == #"{"a":[1,"two",{"c":3}],"b":2,"html":"<b>&</b>"}"#)
    }

    @Test func marshalIndentMatchesToPrettyJson() throws {
        let expected = """
        {
          "a": [
            1,
            "two",
            {
              "c": 3
            }
          ],
          "b": 2,
          "html": "\\u003cb\\u003e\\u0026\\u003c/b\\u003e"
        }
        """
        #expect(try GoJSON.marshalIndent(Self.cfg) == expected)
        #expect(try GoJSON.marshalIndent(.dict(["e": .dict([:]), "l": .array([])])) == "{\n  \"e\": {},\n  \"l\": []\n}")
    }

    @Test(arguments: [
        (GoValue.float(1_000_000), "1000000"), (.float(1e21), "1e+21"), (.float(1e20), "100000000000000000000"),
        (.float(0.000001), "0.000001"), (.float(1e-7), "1e-7"), (.float(-0.0), "-0"), (.float(3.14), "3.14"),
        (.float(123456789012), "123456789012"), (.float(1.5e-10), "1.5e-10"), (.float(2.5e300), "2.5e+300"),
        (.int(42, .int64), "42"), (.uint(7, .uint8), "7"), (.null, "null"), (.missing, "null"), (.bool(false), "false"),
        (.bytes([104, 105, 255]), #""aGn/""#),
        (.string("tab\t nl\n cr\r bs\u{8} ff\u{C} bell\u{7} quote\" back\\ ls\u{2028} é"),
         #""tab\t nl\n cr\r bs\b ff\f bell\u0007 quote\" back\\ ls\u2028 é""#),
    ])
    func scalarsAreWrittenAsGoWritesThem(value: GoValue, expected: String) throws {
        #expect(try GoJSON.marshal(value) == expected)
    }

    @Test func unsupportedValuesFail() {
        #expect(throws: GoFunctionError.self) { try GoJSON.marshal(.float(.nan)) }
        do {
            _ = try GoJSON.marshal(.array([.float(.infinity)]))
        } catch {
            #expect(error.message == "json: unsupported value: +Inf")
        }
    }

    @Test func aMapHoldingItselfIsRefusedNotOverflowed() {
        let map = GoMap()
        map["self"] = .map(map)
        do {
            _ = try GoJSON.marshal(.map(map))
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "json: unsupported value: encountered a cycle via map[string]interface {}")
        }
    }

    @Test func unmarshalGivesFloatsAndMaps() throws {
        let value = try GoJSON.unmarshal(#"{"z": 1, "a": {"k": [true, null]}, "f": 1.5, "s": "\u00e9\ud83d\ude00\ud800x"}"#)
        guard case .map(let m) = value else { Issue.record("not a map"); return }
        #expect(m.typeName == "map[string]interface {}")
        #expect(try GoJSON.marshal(value, escapeHTML: false) == #"{"a":{"k":[true,null]},"f":1.5,"s":"é😀�x","z":1}"#)
        if case .float(let z) = m["z"] { #expect(z == 1) } else { Issue.record("z is not a float64") }
    }

    @Test(arguments: [
        ("{bad", "invalid character 'b' looking for beginning of object key string"),
        ("", "unexpected end of JSON input"),
        ("  ", "unexpected end of JSON input"),
        ("[1, 2", "unexpected end of JSON input"),
        ("x", "invalid character 'x' looking for beginning of value"),
        ("[1,]", "invalid character ']' looking for beginning of value"),
        ("{\"a\" 1}", "invalid character '1' after object key"),
        ("{\"a\":1 \"b\":2}", "invalid character '\"' after object key:value pair"),
        ("[1 2]", "invalid character '2' after array element"),
        ("01", "invalid character '1' after top-level value"),
        ("1.x", "invalid character 'x' after decimal point in numeric literal"),
        ("1e+", "unexpected end of JSON input"),
        ("-a", "invalid character 'a' in numeric literal"),
        ("trux", "invalid character 'x' in literal true (expecting 'e')"),
        ("\"a\nb\"", "invalid character '\\n' in string literal"),
        ("\"\\q\"", "invalid character 'q' in string escape code"),
        ("\"\\u12g4\"", "invalid character 'g' in \\u hexadecimal character escape"),
        ("[1e400]", "json: cannot unmarshal number 1e400 into Go value of type float64"),
        ("é", "invalid character 'Ã' looking for beginning of value"),
        ("[\u{7f}]", "invalid character '\\x7f' looking for beginning of value"),
    ])
    func unmarshalErrorsReadAsGos(text: String, message: String) {
        do {
            let value = try GoJSON.unmarshal(text)
            Issue.record("expected an error, got \(value.typeName)")
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func deepNestingIsRefusedWithoutRecursion() throws {
        let deep = String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
        #expect(throws: GoFunctionError.self) { try GoJSON.unmarshal(deep) }
        // Deep but finite values (YAML stops at 1,000 levels) are written in full.
        let fine = String(repeating: "[", count: 900) + String(repeating: "]", count: 900)
        #expect(try GoJSON.marshal(GoJSON.unmarshal(fine)).count == 1_800)
    }

    @Test func depthCountsEveryOpenedContainerAsGoDoes() throws {
        let limit = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: Never.self) { try GoJSON.unmarshal(limit) }
        let over = String(repeating: "[", count: 10_000) + "[ ]" + String(repeating: "]", count: 10_000)
        #expect(Self.message { try GoJSON.unmarshal(over) } == "invalid character '[' exceeded max depth")
    }

    /// A builder that keeps numbers as text, as `json.Decoder.UseNumber` does.
    struct NumberText: GoJSONBuilder {
        func null() -> String { "null" }
        func bool(_ value: Bool) -> String { String(value) }
        func string(_ value: String) -> String { "s:" + value }
        func number(_ text: String) -> String { "n:" + text }
        func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
        func object(_ members: [String: String]) -> String {
            "{" + members.keys.sorted().map { $0 + "=" + (members[$0] ?? "") }.joined(separator: ",") + "}"
        }
    }

    @Test func firstValueReadsAsGoDecoderWithUseNumber() throws {
        let decoded = try GoJSON.decode(#"{"b": [1.50, 1e400], "a": "x", "a": null} trailing"#, reading: .firstValue,
                                        building: NumberText())
        #expect(decoded == "{a=null,b=[n:1.50,n:1e400]}")
        #expect(Self.message { try GoJSON.decode(" \n", reading: .firstValue, building: NumberText()) } == "EOF")
        #expect(Self.message { try GoJSON.decode("[1", reading: .firstValue, building: NumberText()) } == "unexpected EOF")
        #expect(Self.message { try GoJSON.decode("[1", building: NumberText()) } == "unexpected end of JSON input")
    }

    static func message<T>(_ body: () throws -> T) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? GoFunctionError)?.message ?? "\(error)"
        }
    }

    @Test func sprigFunctionsSwallowOrReportErrors() throws {
        let f = Sprig.jsonFunctions
        #expect(Set(f.keys) == ["toJson", "mustToJson", "toPrettyJson", "mustToPrettyJson", "toRawJson",
                                "mustToRawJson", "fromJson", "mustFromJson"])
        let nan = GoValue.float(.nan)
        #expect(try f["toJson"]?.body([nan]).stringValue == "")
        #expect(throws: (any Error).self) { try f["mustToJson"]?.body([nan]) }
        #expect(throws: (any Error).self) { try f["toRawJson"]?.body([nan]) }
        #expect(try f["fromJson"]?.body([.string("{bad")]).isNil == true)
        #expect(throws: (any Error).self) { try f["mustFromJson"]?.body([.string("{bad")]) }
        #expect(try f["toRawJson"]?.body([Self.cfg]).stringValue == #"{"a":[1,"two",{"c":3}],"b":2,"html":"<b>&</b>"}"#)
    }
}
