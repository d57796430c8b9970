import Testing
@testable import Manifests

/// Numbers past float64's range are never read as infinity (which JSON can only write as
/// `null`): YAML keeps such a plain scalar a string, as go-yaml does; JSON refuses it, as Go's
/// encoding/json does. Found by the `json` fuzz target.
@Suite struct NumberRangeTests {
    @Test(arguments: ["1e400", "-1e400", "1E+999"])
    func yamlFloatOutOfRangeIsAString(_ text: String) throws {
        #expect(try YAML.document("v: \(text)")["v"] == .string(text))
    }

    @Test func yamlInfinityIsStillInfinity() throws {
        #expect(try YAML.document("v: .inf")["v"] == .double(.infinity))
        #expect(try YAML.document("v: 1.5e300")["v"] == .double(1.5e300))
    }

    @Test(arguments: ["[1e400]", "{\"a\": -1e400}"])
    func jsonNumberOutOfRangeIsRefused(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(json: text) }
    }
}
