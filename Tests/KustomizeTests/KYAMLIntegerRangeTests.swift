import Manifests
import Testing

@testable import Kustomize

/// go-yaml v3's scalar resolution replayed without traps: a second sign or a value past 64
/// bits is a string, as Go's `strconv` refuses it.
@Suite struct KYAMLIntegerRangeTests {
    static let cases: [(String, JSONValue)] = [
        ("-0b-" + "1" + String(repeating: "0", count: 63), .string("-0b-1" + String(repeating: "0", count: 63))),
        ("0b-1", .string("0b-1")),
        ("-0o-1000000000000000000000", .string("-0o-1000000000000000000000")),
        ("-0b1", .int(-1)),
        ("0o17", .int(15)),
        ("-9223372036854775808", .int(Int.min)),
        ("99999999999999999999", .double(1e20)),
    ]

    @Test(arguments: cases)
    func integersOutOfRange(text: String, expected: JSONValue) {
        #expect(KYAML.resolvePlainV3(text) == expected)
    }
}
