import Testing
@testable import SourceController

@Suite struct GoDurationTests {
    @Test(arguments: [
        ("1m", Duration.seconds(60)), ("1m30s", .seconds(90)), ("500ms", .milliseconds(500)), ("1.5h", .seconds(5400)),
        ("10m0s", .seconds(600)), ("0", .zero), ("2h45m", .seconds(9900)),
    ])
    func parses(text: String, expected: Duration) {
        #expect(GoDuration.parse(text) == expected)
    }

    @Test(arguments: ["", "m", "1", "1x", "abc"])
    func rejects(text: String) {
        #expect(GoDuration.parse(text) == nil)
    }
}
