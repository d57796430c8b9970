import FerryAPI
import Testing

@Suite struct GoDurationTests {
    @Test(arguments: [("1m", 60.0), ("1m0s", 60), ("1h30m", 5400), ("90s", 90), ("500ms", 0.5), ("1.5h", 5400), ("0", 0), ("2h0m0s", 7200)])
    func parses(text: String, seconds: Double) {
        #expect(GoDuration.parse(text) == seconds)
    }

    @Test func asDuration() {
        #expect(GoDuration.duration("2h45m") == .seconds(9900))
        #expect(GoDuration.duration("500ms") == .milliseconds(500))
    }

    @Test(arguments: ["", "1", "1d", "m", "1m x", "-", "1x", "abc"])
    func rejects(text: String) {
        #expect(GoDuration.parse(text) == nil)
    }

    @Test(arguments: [(60.0, "1m0s"), (5400, "1h30m0s"), (30, "30s"), (0.5, "500ms"), (1.5, "1.5s"), (3600, "1h0m0s"), (0, "0s")])
    func formatsLikeGo(seconds: Double, text: String) {
        #expect(GoDuration.format(seconds: seconds) == text)
    }
}
