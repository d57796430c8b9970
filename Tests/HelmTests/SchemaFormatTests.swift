import Testing
@testable import Helm

/// `format` checks as the Go functions gojsonschema calls decide them, and numbers printed as
/// gojsonschema prints limits (`%v` of a `big.Float`) and as encoding/json prints enum members.
@Suite struct SchemaFormatTests {
    @Test(arguments: [
        ("ipv4", "192.168.0.1", true), ("ipv4", "01.2.3.4", false), ("ipv4", "256.1.1.1", false),
        ("ipv4", "::ffff:1.2.3.4", true), ("ipv6", "::1", true), ("ipv6", "1::2::3", false),
        ("ipv6", "fe80::1%eth0", false), ("ipv6", "1:2:3:4:5:6:7:8", true), ("ipv6", "1:2:3:4:5:6:7", false),
        ("hostname", "a-b.example", true), ("hostname", "-a.example", false), ("hostname", "a..b", false),
        ("date", "2024-02-29", true), ("date", "2023-02-29", false), ("date", "2024-1-01", false),
        ("time", "10:00:00Z", true), ("time", "9:00:00", true), ("time", "24:00:00", false),
        ("date-time", "2024-01-01T10:00:00.5+02:00", true), ("date-time", "2024-01-01", true),
        ("date-time", "2024-01-01t10:00:00Z", false),
        ("uri", "https://example.com/a?b#c", true), ("uri", "x/y", false), ("uri", "http://a b", false),
        ("uri-reference", "x/y", true), ("uri-reference", ":x", false), ("uri-reference", "a%zz", false),
        ("uri-template", "http://x/{id}", true), ("uri-template", "http://x/{a{b}}", false),
        ("uuid", "123e4567-e89b-12d3-a456-426614174000", true), ("uuid", "123E4567-E89B-12D3-A456-426614174000", false),
        ("json-pointer", "/a~1b/0", true), ("json-pointer", "/a~2", false), ("json-pointer", "a", false),
        ("relative-json-pointer", "0#", true), ("relative-json-pointer", "01", false),
        ("email", "a.b@example.com", true), ("email", "John Doe <a@b.c>", true), ("email", "a@@b", false),
        ("regex", "^[a-z]+$", true), ("regex", "(", false), ("no-such-format", "anything", true),
    ])
    func format(name: String, text: String, valid: Bool) {
        #expect(SchemaFormat.check(name, text) == valid)
    }

    @Test(arguments: [
        ("9000", "9000", "9000"), ("123456789", "1.23456789e+08", "123456789"), ("0.00001", "1e-05", "0.00001"),
        ("1e21", "1e+21", "1e+21"), ("1e-7", "1e-07", "1e-7"), ("-0.5", "-0.5", "-0.5"), ("100000", "100000", "100000"),
    ])
    func numberText(literal: String, general: String, json: String) throws {
        let decimal = try #require(SchemaDecimal(Substring(literal)))
        #expect(decimal.formatted(style: .general) == general)
        #expect(decimal.formatted(style: .json) == json)
    }

    @Test func multipleOfIsExact() throws {
        func d(_ s: String) throws -> SchemaDecimal { try #require(SchemaDecimal(Substring(s))) }
        #expect(try d("0.3").isMultiple(of: d("0.1")))
        #expect(try d("1e300").isMultiple(of: d("7")) == false)
        #expect(try d("7e300").isMultiple(of: d("7")))
        #expect(try d("0.35").isMultiple(of: d("0.1")) == false)
    }
}
