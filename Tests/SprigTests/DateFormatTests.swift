import GoTemplate
import Testing
@testable import Sprig

/// Go's reference-layout formatting in IANA zones, against what Go 1.19+ prints for the same
/// instants (zone abbreviations from tzdata, `_2`, `__2`, `002`, `.999`, `,000`, ISO and numeric
/// offsets, the POSIX rule past the last transition).
@Suite struct DateFormatTests {
    static let cases: [(String, String, String)] = [
        ("UTC", "2006-01-02T15:04:05Z07:00", "2023-11-14T22:13:20Z"),
        ("UTC", "Mon Jan _2 15:04:05 MST 2006", "Tue Nov 14 22:13:20 UTC 2023"),
        ("UTC", "Monday, January 2, 2006 3:04PM", "Tuesday, November 14, 2023 10:13PM"),
        ("UTC", "02/01/06 03:04:05.000 pm -0700", "14/11/23 10:13:20.123 pm +0000"),
        ("UTC", "__2 002 .999 ,000 Z0700 -07 -07:00:00 Z07:00:00 -070000", "318 318 .123 ,123 Z +00 +00:00:00 Z +000000"),
        ("UTC", "2006-01-02 15:04:05.999999999 -0700 MST", "2023-11-14 22:13:20.123456 +0000 UTC"),
        ("UTC", "_2006 Janet Mondays", "_2023 Janet Tuesdays"),
        ("Europe/Berlin", "2006-01-02T15:04:05Z07:00", "2023-11-14T23:13:20+01:00"),
        ("Europe/Berlin", "Mon Jan _2 15:04:05 MST 2006", "Tue Nov 14 23:13:20 CET 2023"),
        ("Europe/Berlin", "Monday, January 2, 2006 3:04PM", "Tuesday, November 14, 2023 11:13PM"),
        ("Europe/Berlin", "02/01/06 03:04:05.000 pm -0700", "14/11/23 11:13:20.123 pm +0100"),
        ("Europe/Berlin", "__2 002 .999 ,000 Z0700 -07 -07:00:00 Z07:00:00 -070000", "318 318 .123 ,123 +0100 +01 +01:00:00 +01:00:00 +010000"),
        ("Europe/Berlin", "2006-01-02 15:04:05.999999999 -0700 MST", "2023-11-14 23:13:20.123456 +0100 CET"),
        ("Europe/Berlin", "_2006 Janet Mondays", "_2023 Janet Tuesdays"),
        ("America/New_York", "2006-01-02T15:04:05Z07:00", "2023-11-14T17:13:20-05:00"),
        ("America/New_York", "Mon Jan _2 15:04:05 MST 2006", "Tue Nov 14 17:13:20 EST 2023"),
        ("America/New_York", "Monday, January 2, 2006 3:04PM", "Tuesday, November 14, 2023 5:13PM"),
        ("America/New_York", "02/01/06 03:04:05.000 pm -0700", "14/11/23 05:13:20.123 pm -0500"),
        ("America/New_York", "__2 002 .999 ,000 Z0700 -07 -07:00:00 Z07:00:00 -070000", "318 318 .123 ,123 -0500 -05 -05:00:00 -05:00:00 -050000"),
        ("America/New_York", "2006-01-02 15:04:05.999999999 -0700 MST", "2023-11-14 17:13:20.123456 -0500 EST"),
        ("America/New_York", "_2006 Janet Mondays", "_2023 Janet Tuesdays"),
        ("Asia/Kolkata", "2006-01-02T15:04:05Z07:00", "2023-11-15T03:43:20+05:30"),
        ("Asia/Kolkata", "Mon Jan _2 15:04:05 MST 2006", "Wed Nov 15 03:43:20 IST 2023"),
        ("Asia/Kolkata", "Monday, January 2, 2006 3:04PM", "Wednesday, November 15, 2023 3:43AM"),
        ("Asia/Kolkata", "02/01/06 03:04:05.000 pm -0700", "15/11/23 03:43:20.123 am +0530"),
        ("Asia/Kolkata", "__2 002 .999 ,000 Z0700 -07 -07:00:00 Z07:00:00 -070000", "319 319 .123 ,123 +0530 +05 +05:30:00 +05:30:00 +053000"),
        ("Asia/Kolkata", "2006-01-02 15:04:05.999999999 -0700 MST", "2023-11-15 03:43:20.123456 +0530 IST"),
        ("Asia/Kolkata", "_2006 Janet Mondays", "_2023 Janet Wednesdays"),
        ("America/Sao_Paulo", "2006-01-02T15:04:05Z07:00", "2023-11-14T19:13:20-03:00"),
        ("America/Sao_Paulo", "Mon Jan _2 15:04:05 MST 2006", "Tue Nov 14 19:13:20 -03 2023"),
        ("America/Sao_Paulo", "Monday, January 2, 2006 3:04PM", "Tuesday, November 14, 2023 7:13PM"),
        ("America/Sao_Paulo", "02/01/06 03:04:05.000 pm -0700", "14/11/23 07:13:20.123 pm -0300"),
        ("America/Sao_Paulo", "__2 002 .999 ,000 Z0700 -07 -07:00:00 Z07:00:00 -070000", "318 318 .123 ,123 -0300 -03 -03:00:00 -03:00:00 -030000"),
        ("America/Sao_Paulo", "2006-01-02 15:04:05.999999999 -0700 MST", "2023-11-14 19:13:20.123456 -0300 -03"),
        ("America/Sao_Paulo", "_2006 Janet Mondays", "_2023 Janet Tuesdays"),
        ("Australia/Lord_Howe", "2006-01-02T15:04:05Z07:00", "2023-11-15T09:13:20+11:00"),
        ("Australia/Lord_Howe", "Mon Jan _2 15:04:05 MST 2006", "Wed Nov 15 09:13:20 +11 2023"),
        ("Australia/Lord_Howe", "Monday, January 2, 2006 3:04PM", "Wednesday, November 15, 2023 9:13AM"),
        ("Australia/Lord_Howe", "02/01/06 03:04:05.000 pm -0700", "15/11/23 09:13:20.123 am +1100"),
        ("Australia/Lord_Howe", "__2 002 .999 ,000 Z0700 -07 -07:00:00 Z07:00:00 -070000", "319 319 .123 ,123 +1100 +11 +11:00:00 +11:00:00 +110000"),
        ("Australia/Lord_Howe", "2006-01-02 15:04:05.999999999 -0700 MST", "2023-11-15 09:13:20.123456 +1100 +11"),
        ("Australia/Lord_Howe", "_2006 Janet Mondays", "_2023 Janet Wednesdays"),
    ]

    @Test(arguments: cases)
    func formatsLikeGo(zone: String, layout: String, expected: String) throws {
        let loc = try #require(GoLocation.load(zone))
        let t = GoTime(seconds: 1_700_000_000, nanoseconds: 123_456_000, location: loc)
        #expect(t.format(layout) == expected)
    }

    static let summer: [(String, String)] = [
        ("UTC", "Sat, 22 Jul 2023 04:26:40 +0000 UTC"),
        ("Europe/Berlin", "Sat, 22 Jul 2023 06:26:40 +0200 CEST"),
        ("America/New_York", "Sat, 22 Jul 2023 00:26:40 -0400 EDT"),
        ("Asia/Kolkata", "Sat, 22 Jul 2023 09:56:40 +0530 IST"),
        ("America/Sao_Paulo", "Sat, 22 Jul 2023 01:26:40 -0300 -03"),
        ("Australia/Lord_Howe", "Sat, 22 Jul 2023 14:56:40 +1030 +1030"),
    ]

    @Test(arguments: summer)
    func daylightSavingAbbreviations(zone: String, expected: String) throws {
        let t = GoTime(seconds: 1_690_000_000, location: try #require(GoLocation.load(zone)))
        #expect(t.format("Mon, 02 Jan 2006 15:04:05 -0700 MST") == expected)
    }

    static let farFuture: [(String, String)] = [
        ("UTC", "2100-06-30 00:00:00 +0000 UTC"),
        ("Europe/Berlin", "2100-06-30 02:00:00 +0200 CEST"),
        ("America/New_York", "2100-06-29 20:00:00 -0400 EDT"),
        ("Asia/Kolkata", "2100-06-30 05:30:00 +0530 IST"),
        ("America/Sao_Paulo", "2100-06-29 21:00:00 -0300 -03"),
        ("Australia/Lord_Howe", "2100-06-30 10:30:00 +1030 +1030"),
    ]

    /// 2100 lies past every listed transition: the zone comes from the file's TZ rule.
    @Test(arguments: farFuture)
    func ruleBeyondLastTransition(zone: String, expected: String) throws {
        let t = GoTime(seconds: 4_102_444_800 + 86_400 * 180, location: try #require(GoLocation.load(zone)))
        #expect(t.goDescription == expected)
    }

    @Test func zeroTimeAndNegativeInstants() {
        #expect(GoTime.zero.goDescription == "0001-01-01 00:00:00 +0000 UTC")
        #expect(GoTime(seconds: 0, location: .utc).adding(-1).format("2006-01-02T15:04:05.999999999Z07:00")
            == "1969-12-31T23:59:59.999999999Z")
    }

    @Test func unknownZoneIsRejected() {
        #expect(GoLocation.load("Mars/Olympus") == nil)
        #expect(GoLocation.load("../etc/passwd") == nil)
    }
}

/// `time.Time` as templates see it: its type name, methods, `%v` and JSON forms.
@Suite struct DateObjectTests {
    @Test func timeObjectSurface() throws {
        let t = GoTime(seconds: 1_700_000_000, nanoseconds: 5_000_000, location: try #require(GoLocation.load("Europe/Berlin")))
        #expect(t.goTypeName == "time.Time")
        #expect(t.goKind == "struct")
        #expect(t.goDescription == "2023-11-14 23:13:20.005 +0100 CET")
        #expect(t.jsonValue.stringValue == "2023-11-14T23:13:20.005+01:00")
        let format = try #require(t.method("Format"))
        #expect(try format.body([.string("Jan 2, 2006 at 3:04pm (MST)")]).stringValue == "Nov 14, 2023 at 11:13pm (CET)")
        guard case .int(let unix, .int64) = try #require(t.method("Unix")).body([]) else { Issue.record("Unix"); return }
        #expect(unix == 1_700_000_000)
        guard case .object(let utc) = try #require(t.method("UTC")).body([]) else { Issue.record("UTC"); return }
        #expect(utc.goDescription == "2023-11-14 22:13:20.005 +0000 UTC")
        #expect(t.method("Nope") == nil)
    }
}
