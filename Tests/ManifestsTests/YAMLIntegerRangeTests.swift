import Manifests
import Testing

/// Plain scalars that look like integers but do not fit, or carry a second sign, stay
/// readable: a number when it fits, a float or a string otherwise, never a trap.
@Suite struct YAMLIntegerRangeTests {
    static let cases: [(String, JSONValue)] = [
        ("9223372036854775807", .int(Int.max)),
        ("-9223372036854775808", .int(Int.min)),
        ("9223372036854775808", .double(9223372036854775808)),
        ("-0x-8000000000000000", .string("-0x-8000000000000000")),
        ("0x-8000000000000000", .string("0x-8000000000000000")),
        ("-0b-1", .string("-0b-1")),
        ("-01-1", .string("-01-1")),
        ("0x8000000000000000", .string("0x8000000000000000")),
        ("-0x8000000000000000", .int(Int.min)),
        ("0o777", .int(511)),
        ("-0x1F", .int(-31)),
    ]

    @Test(arguments: cases)
    func integersOutOfRange(text: String, expected: JSONValue) throws {
        #expect(try YAML.document("v: \(text)")["v"] == expected)
    }
}
