import GoTemplate
import Testing
@testable import Sprig

/// Go's `ParseDuration`/`Duration.String`/`ParseInLocation` and Sprig's date functions, with
/// the answers and error texts Go 1.19+ gives for the same inputs.
@Suite struct DateFunctionTests {
    func call(_ name: String, _ args: [GoValue]) throws -> GoValue {
        try #require(Sprig.dateFunctions[name]).body(args)
    }
    func text(_ name: String, _ args: [GoValue]) throws -> String {
        guard case .string(let s) = try call(name, args) else { Issue.record("\(name): not a string"); return "" }
        return s
    }
    func time(_ v: GoValue) throws -> GoTime {
        guard case .object(let o) = v, let t = o as? GoTime else { throw GoFunctionError("not a time") }
        return t
    }
    func failure(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch let error as GoFunctionError { return error.message } catch { return "\(error)" }
    }

    @Test(arguments: [
        ("1h2m3s", "1h2m3s"), ("1.5h", "1h30m0s"), ("-90m", "-1h30m0s"), ("300ms", "300ms"), ("1us", "1µs"),
        ("1µs", "1µs"), ("0", "0s"), ("1.000000001s", "1.000000001s"), ("2562047h47m16.854775807s", "2562047h47m16.854775807s"),
        ("1h1h", "2h0m0s"), ("-0", "0s"), ("+5s", "5s"),
        ("1", "time: missing unit in duration \"1\""), ("1x", "time: unknown unit \"x\" in duration \"1x\""),
        ("", "time: invalid duration \"\""), (".s", "time: invalid duration \".s\""),
        ("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\""),
    ])
    func parseDuration(input: String, expected: String) {
        switch GoDuration.parse(input) {
        case .success(let d): #expect(GoDuration.string(d) == expected)
        case .failure(let e): #expect(e.message == expected)
        }
    }

    @Test(arguments: [
        (1, "1ns"), (999, "999ns"), (1500, "1.5µs"), (1_500_000, "1.5ms"), (1_500_000_000, "1.5s"),
        (129_600_000_000_000, "36h0m0s"), (34_560_000_000_000_000, "9600h0m0s"), (-60_000_000_000, "-1m0s"),
    ])
    func durationString(nanos: Int, expected: String) {
        #expect(GoDuration.string(nanos) == expected)
    }

    @Test(arguments: [
        ("2006-01-02", "2024-02-30", "parsing time \"2024-02-30\": day out of range"),
        ("2006-01-02", "2024-13-01", "parsing time \"2024-13-01\": month out of range"),
        ("2006-01-02", "x", "parsing time \"x\" as \"2006-01-02\": cannot parse \"x\" as \"2006\""),
        ("2006-01-02 15:04", "2024-01-01 1:04", "2024-01-01 01:04:00 +0000 UTC"),
        ("2006-01-02", "2024-01-01trail", "parsing time \"2024-01-01trail\": extra text: \"trail\""),
        ("2006-01-02T15:04:05Z07:00", "2024-03-10T02:30:00-05:00", "2024-03-10 02:30:00 -0500 -0500"),
        ("Jan 2 2006 MST", "Feb 3 2024 CET", "2024-02-03 00:00:00 +0000 CET"),
        ("2006-01-02 15:04:05.000", "2024-01-01 10:00:00.12",
         "parsing time \"2024-01-01 10:00:00.12\" as \"2006-01-02 15:04:05.000\": cannot parse \".12\" as \".000\""),
        ("2006 002", "2024 060", "2024-02-29 00:00:00 +0000 UTC"),
        ("15:04:05", "25:00:00", "parsing time \"25:00:00\": hour out of range"),
        ("2006-01-02 15:04:05", "2024-01-01 10:00:00.5", "2024-01-01 10:00:00.5 +0000 UTC"),
        ("3:04PM", "12:30AM", "0000-01-01 00:30:00 +0000 UTC"),
        ("Jan _2", "feb  3", "0000-02-03 00:00:00 +0000 UTC"),
    ])
    func parseInUTC(layout: String, value: String, expected: String) {
        switch GoTime.parse(layout: layout, value: value, location: .utc) {
        case .success(let t): #expect(t.goDescription == expected)
        case .failure(let e): #expect(e.message == expected)
        }
    }

    @Test func dateFormatsEpochIntegersAndTimes() throws {
        #expect(try text("dateInZone", [.string("2006-01-02 15:04 MST"), .int(1_700_000_000, .int64), .string("Europe/Berlin")])
            == "2023-11-14 23:13 CET")
        #expect(try text("date_in_zone", [.string("Jan 2"), .integer(1_700_000_000), .string("Asia/Kolkata")]) == "Nov 15")
        // An unknown zone falls back to UTC.
        #expect(try text("dateInZone", [.string("15:04 MST"), .integer(1_700_000_000), .string("Nowhere/City")]) == "22:13 UTC")
        #expect(try text("htmlDateInZone", [.integer(1_700_000_000), .string("America/New_York")]) == "2023-11-14")
        let parsed = try call("toDate", [.string("2006-01-02 15:04"), .string("2024-01-01 10:30")])
        #expect(try text("dateInZone", [.string("2006-01-02T15:04:05Z07:00"), parsed, .string("UTC")]).hasPrefix("2024-01-01T"))
    }

    @Test func toDateFailuresAndEpochs() throws {
        #expect(try time(call("toDate", [.string("2006-01-02"), .string("nope")])).goDescription == "0001-01-01 00:00:00 +0000 UTC")
        #expect(failure { try call("mustToDate", [.string("2006-01-02"), .string("2024-13-01")]) }
            == "parsing time \"2024-13-01\": month out of range")
        let t = try call("mustToDate", [.string("2006-01-02T15:04:05Z07:00"), .string("2024-01-01T00:00:00Z")])
        #expect(try text("unixEpoch", [t]) == "1704067200")
        #expect(failure { try call("unixEpoch", [.string("x")]) } == "wrong type for value; expected time.Time; got string")
    }

    @Test func dateModifyAddsGoDurations() throws {
        let t = try call("mustToDate", [.string("2006-01-02T15:04:05Z07:00"), .string("2024-01-01T00:00:00Z")])
        #expect(try time(call("dateModify", [.string("90m"), t])).goDescription == "2024-01-01 01:30:00 +0000 UTC")
        #expect(try text("unixEpoch", [call("date_modify", [.string("-36h"), t])]) == "1703937600")
        // A bad duration leaves the time alone, or fails in the must form.
        #expect(try time(call("dateModify", [.string("soon"), t])).seconds == 1_704_067_200)
        #expect(failure { try call("mustDateModify", [.string("soon"), t]) } == "time: invalid duration \"soon\"")
    }

    @Test func durationTakesInt64SecondsOrStrings() throws {
        #expect(try text("duration", [.int(3661, .int64)]) == "1h1m1s")
        #expect(try text("duration", [.string("90061")]) == "25h1m1s")
        #expect(try text("duration", [.string("-5")]) == "-5s")
        // Sprig v3.2.3 reads only int64 and string; a template's `int` is 0s.
        #expect(try text("duration", [.integer(95)]) == "0s")
        #expect(try text("duration", [.string("abc")]) == "0s")
    }

    @Test func durationRoundPicksTheLargestUnit() throws {
        #expect(try text("durationRound", [.string("2h10m")]) == "2h")
        #expect(try text("durationRound", [.string("-49h")]) == "2d")
        #expect(try text("durationRound", [.string("800h")]) == "1mo")
        #expect(try text("durationRound", [.string("9000h")]) == "1y")
        #expect(try text("durationRound", [.int(3_000_000_000, .int64)]) == "3s")
        #expect(try text("durationRound", [.string("1s")]) == "0s")
    }

    @Test func nowAndAgo() throws {
        let now = try time(call("now", []))
        #expect(now.goDescription.contains(" m=+"))
        // Rounded to whole seconds; a loaded machine may take a moment between the calls.
        #expect(try ["0s", "1s"].contains(text("ago", [.object(GoTime.now())])))
        let hourAgo = GoTime.now().seconds - 3600
        #expect(try ["1h0m0s", "1h0m1s"].contains(text("ago", [.integer(hourAgo)])))
        #expect(now.jsonValue.stringValue?.hasPrefix(now.format("2006-01-02T15:04:05")) == true)
    }
}

