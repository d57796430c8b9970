import Foundation
import GoTemplate

/// Go's `time.Time` as templates see it: what `now`, `toDate` and `dateModify` return.
/// Prints as Go's `String()` (`2006-01-02 15:04:05.999999999 -0700 MST`, plus ` m=±…` for a
/// reading of `now`), marshals to JSON/YAML as RFC 3339 with nanoseconds.
public final class GoTime: GoObject, @unchecked Sendable {
    /// Seconds since the Unix epoch.
    public let seconds: Int
    /// 0 ..< 1e9.
    public let nanoseconds: Int
    let location: GoLocation
    /// Nanoseconds on the process's monotonic clock: only `now` has one; `Since` prefers it.
    let monotonic: Int?

    init(seconds: Int, nanoseconds: Int = 0, location: GoLocation, monotonic: Int? = nil) {
        self.seconds = seconds + GoCivil.floorDiv(nanoseconds, 1_000_000_000)
        self.nanoseconds = GoCivil.floorMod(nanoseconds, 1_000_000_000)
        self.location = location
        self.monotonic = monotonic
    }

    /// `time.Time{}`: January 1, year 1, 00:00:00 UTC.
    static let zero = GoTime(seconds: -62_135_596_800, location: .utc)

    /// `time.Now()` in `Local`, with a monotonic reading.
    static func now() -> GoTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return GoTime(seconds: Int(ts.tv_sec), nanoseconds: Int(ts.tv_nsec), location: .local, monotonic: monotonicNow())
    }

    /// Go counts the monotonic clock from just before process start.
    private static let monotonicBase: Int = rawMonotonic() - 1
    private static func rawMonotonic() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int(ts.tv_sec) * 1_000_000_000 + Int(ts.tv_nsec)
    }
    static func monotonicNow() -> Int {
        let base = monotonicBase
        return rawMonotonic() - base
    }

    /// `time.Unix(sec, 0)`: in `Local`.
    static func unix(_ sec: Int) -> GoTime { GoTime(seconds: sec, location: .local) }

    /// `time.Date(...)`: fields may overflow and are normalised; a wall time skipped or
    /// repeated by a zone change resolves as Go's does.
    static func date(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int,
                     location: GoLocation) -> GoTime {
        var year = year, month = month - 1
        year += GoCivil.floorDiv(month, 12)
        month = GoCivil.floorMod(month, 12) + 1
        let days = GoCivil.days(year: year, month: month, day: 1) + day - 1
        var unix = days * 86400 + hour * 3600 + minute * 60 + second + GoCivil.floorDiv(nanosecond, 1_000_000_000)
        let found = location.lookup(unix)
        var offset = found.offset
        if offset != 0 {
            let utc = unix - offset
            if utc < found.start || utc >= found.end { offset = location.lookup(utc).offset }
            unix -= offset
        }
        return GoTime(seconds: unix, nanoseconds: GoCivil.floorMod(nanosecond, 1_000_000_000), location: location)
    }

    /// `t.In(loc)`: like Go, the result has no monotonic reading.
    func `in`(_ loc: GoLocation) -> GoTime { GoTime(seconds: seconds, nanoseconds: nanoseconds, location: loc) }

    /// `t.Add(d)`.
    func adding(_ d: Int) -> GoTime {
        GoTime(seconds: seconds + d / 1_000_000_000, nanoseconds: nanoseconds + d % 1_000_000_000, location: location,
               monotonic: monotonic.map { $0 &+ d })
    }

    /// `time.Since(t)`, saturating as Go's `Sub`.
    func since() -> Int {
        if let m = monotonic { return GoTime.monotonicNow() - m }
        let now = GoTime.now()
        let (s, o1) = (now.seconds - seconds).multipliedReportingOverflow(by: 1_000_000_000)
        let (total, o2) = s.addingReportingOverflow(now.nanoseconds - nanoseconds)
        if o1 || o2 { return now.seconds >= seconds ? Int.max : Int.min }
        return total
    }

    struct Fields {
        var year, month, day, hour, minute, second, weekday, yearDay: Int
        var zoneName: String
        var offset: Int
    }

    /// The calendar fields in the time's own zone.
    var fields: Fields {
        let zone = location.lookup(seconds)
        let local = seconds + zone.offset
        let days = GoCivil.floorDiv(local, 86400)
        let secOfDay = local - days * 86400
        let (y, m, d) = GoCivil.civil(days)
        return Fields(year: y, month: m, day: d, hour: secOfDay / 3600, minute: secOfDay / 60 % 60, second: secOfDay % 60,
                      weekday: GoCivil.floorMod(days + 4, 7), yearDay: days - GoCivil.days(year: y, month: 1, day: 1) + 1,
                      zoneName: zone.name, offset: zone.offset)
    }

    // MARK: GoObject

    public var goTypeName: String { "time.Time" }
    public var goKind: String { "struct" }
    public func field(_ name: String) -> GoValue? { nil }

    public var goDescription: String {
        var s = format("2006-01-02 15:04:05.999999999 -0700 MST")
        if let m = monotonic {
            let sign = m < 0 ? "-" : "+"
            let a = m.magnitude
            let frac = String(a % 1_000_000_000)
            s += " m=\(sign)\(a / 1_000_000_000).\(String(repeating: "0", count: 9 - frac.count))\(frac)"
        }
        return s
    }

    /// `MarshalJSON`: RFC 3339 with trimmed nanoseconds.
    public var jsonValue: GoValue { .string(format("2006-01-02T15:04:05.999999999Z07:00")) }

    public func method(_ name: String) -> GoFunction? {
        let t = self
        func int(_ type: String, _ v: @escaping @Sendable () -> Int) -> GoFunction {
            GoFunction(name, [], typeName: "func() \(type)") { _ in .int(v(), type == "int64" ? .int64 : .int) }
        }
        switch name {
        case "Format": return GoFunction(name, [.string], typeName: "func(string) string") { args in
            guard case .string(let layout) = args.first ?? .null else { return .string("") }
            return .string(t.format(layout))
        }
        case "String": return GoFunction(name, [], typeName: "func() string") { _ in .string(t.goDescription) }
        case "Unix": return int("int64") { t.seconds }
        case "UnixMilli": return int("int64") { t.seconds * 1000 + t.nanoseconds / 1_000_000 }
        case "UnixNano": return int("int64") { t.seconds &* 1_000_000_000 &+ t.nanoseconds }
        case "Year": return int("int") { t.fields.year }
        case "Day": return int("int") { t.fields.day }
        case "Hour": return int("int") { t.fields.hour }
        case "Minute": return int("int") { t.fields.minute }
        case "Second": return int("int") { t.fields.second }
        case "Nanosecond": return int("int") { t.nanoseconds }
        case "YearDay": return int("int") { t.fields.yearDay }
        case "IsZero": return GoFunction(name, [], typeName: "func() bool") { _ in .bool(t.seconds == GoTime.zero.seconds && t.nanoseconds == 0) }
        case "UTC": return GoFunction(name, [], typeName: "func() time.Time") { _ in .object(t.in(.utc)) }
        case "Local": return GoFunction(name, [], typeName: "func() time.Time") { _ in .object(t.in(.local)) }
        default: return nil
        }
    }
}
