import FerryAPI
import Testing

@Suite struct GoDurationTests {
    @Test(arguments: [("1m", 60.0), ("1m0s", 60), ("1h30m", 5400), ("90s", 90), ("500ms", 0.5), ("1.5h", 5400), ("0", 0), ("2h0m0s", 7200),
                      (".5s", 0.5), ("5.s", 5), ("1us", 0.000001), ("1µs", 0.000001), ("2562047h", 9_223_369_200)])
    func parses(text: String, seconds: Double) {
        #expect(GoDuration.parse(text) == seconds)
    }

    @Test func asDuration() {
        #expect(GoDuration.duration("2h45m") == .seconds(9900))
        #expect(GoDuration.duration("500ms") == .milliseconds(500))
        #expect(GoDuration.duration("1.5ns") == .nanoseconds(1))
    }

    @Test(arguments: ["", "1", "1d", "m", "1m x", "-", "1x", "abc", "-1m", "+1m", ".", ".s", "1..5s", "1e3s", "inf", "NaN", "nans", "1h 1m", "١s"])
    func rejects(text: String) {
        #expect(GoDuration.parse(text) == nil)
        #expect(GoDuration.duration(text) == nil)
    }

    /// Go's `time.ParseDuration` answers "time: invalid duration" for each: the value does not
    /// fit in 64 bits of nanoseconds. Never a trap.
    static let overflowing: [String] = ["9999999999999999h", "2562048h", "9223372036854775808ns", "9223372036854775807ns1ns",
                      "18446744073709551616ns", "99999999999999999999999999999999999999s",
                      "2562047h47m16.854775808s", String(repeating: "9", count: 10_000) + "s",
                      String(repeating: "2562047h", count: 2)]

    @Test(arguments: overflowing)
    func rejectsOverflowLikeGo(text: String) {
        #expect(GoDuration.nanoseconds(text) == nil)
        #expect(GoDuration.duration(text) == nil)
    }

    static let edges: [(String, Int64)] = [
        ("2562047h47m16.854775807s", Int64.max), ("9223372036854775807ns", Int64.max),
        ("0." + String(repeating: "0", count: 400) + "1s", 0), ("1." + String(repeating: "9", count: 40) + "s", 2_000_000_000),
    ]

    @Test(arguments: edges)
    func edgesOfTheRange(text: String, nanoseconds: Int64) {
        #expect(GoDuration.nanoseconds(text) == nanoseconds)
    }

    @Test(arguments: [(60.0, "1m0s"), (5400, "1h30m0s"), (30, "30s"), (0.5, "500ms"), (1.5, "1.5s"), (3600, "1h0m0s"), (0, "0s")])
    func formatsLikeGo(seconds: Double, text: String) {
        #expect(GoDuration.format(seconds: seconds) == text)
    }

    @Test(arguments: [(Double.nan, "0s"), (-5, "0s"), (Double.infinity, "2562047h47m16.854s"), (1e300, "2562047h47m16.854s")])
    func formatIsTotal(seconds: Double, text: String) {
        #expect(GoDuration.format(seconds: seconds) == text)
    }
}
