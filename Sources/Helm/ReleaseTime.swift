/// An instant as a stored release carries it: Go's `time.Time`, with the zone offset it was
/// written in (Helm stamps releases with `time.Now()` in the local zone, and `helm history`
/// prints the offset back), nanoseconds included.
///
/// Two JSON forms exist: Helm's `pkg/time.Time` (release and hook times) writes the zero time
/// as `""`; the standard `time.Time` (a chart lock's `generated`) writes it as
/// `0001-01-01T00:00:00Z`. Both write any other time as RFC 3339 with nanoseconds, trailing
/// zeros dropped, and `Z` for a zero offset.
public struct ReleaseTime: Sendable, Hashable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var unixSeconds: Int64
    /// 0 ..< 1,000,000,000.
    public var nanoseconds: Int32
    /// The zone offset east of UTC the time is written in, in seconds.
    public var utcOffset: Int32

    public init(unixSeconds: Int64, nanoseconds: Int32 = 0, utcOffset: Int32 = 0) {
        self.unixSeconds = unixSeconds
        self.nanoseconds = nanoseconds
        self.utcOffset = utcOffset
    }

    /// Go's zero `time.Time`: 0001-01-01T00:00:00Z.
    public static let zero = ReleaseTime(unixSeconds: -62_135_596_800)

    /// Go's `IsZero`: the instant only, whatever the offset.
    public var isZero: Bool { unixSeconds == Self.zero.unixSeconds && nanoseconds == 0 }

    /// Whether `self` is an earlier instant than `other` (offsets ignored, as Go's `Before`).
    public func isBefore(_ other: ReleaseTime) -> Bool {
        unixSeconds != other.unixSeconds ? unixSeconds < other.unixSeconds : nanoseconds < other.nanoseconds
    }

    /// The text Go's `time.Time.MarshalJSON` puts between the quotes (RFC 3339 with
    /// nanoseconds). Nil for a year outside 0…9999 or a nanosecond field out of range, which
    /// Go refuses to marshal.
    public var rfc3339: String? {
        guard (0..<1_000_000_000).contains(nanoseconds) else { return nil }
        let local = unixSeconds.addingReportingOverflow(Int64(utcOffset))
        guard !local.overflow else { return nil }
        let days = Self.floorDiv(local.partialValue, 86_400)
        let secondOfDay = local.partialValue - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        guard (0...9999).contains(year) else { return nil }
        var out = Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2) + "T"
        out += Self.pad(secondOfDay / 3600, 2) + ":" + Self.pad(secondOfDay / 60 % 60, 2) + ":" + Self.pad(secondOfDay % 60, 2)
        if nanoseconds != 0 {
            var fraction = Self.pad(Int64(nanoseconds), 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            out += "." + fraction
        }
        if utcOffset == 0 { return out + "Z" }
        let minutes = Int64(utcOffset) / 60  // Go truncates a seconds remainder
        out += minutes < 0 ? "-" : "+"
        return out + Self.pad(abs(minutes) / 60, 2) + ":" + Self.pad(abs(minutes) % 60, 2)
    }

    /// Go's strict RFC 3339 parse (`time.Time.UnmarshalJSON` since Go 1.20): four-digit year,
    /// two-digit fields, an optional fraction (extra digits past nanoseconds dropped), then `Z`
    /// or `±hh:mm`. Nil when the text is not one.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ n: Int) -> Int64? {
            guard at + n <= b.count else { return nil }
            var v: Int64 = 0
            for i in at..<(at + n) {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                v = v * 10 + Int64(b[i] - 0x30)
            }
            return v
        }
        func at(_ i: Int, _ c: UInt8) -> Bool { i < b.count && b[i] == c }
        guard let year = digits(0, 4), at(4, 0x2D), let month = digits(5, 2), at(7, 0x2D), let day = digits(8, 2),
              at(10, UInt8(ascii: "T")), let hour = digits(11, 2), at(13, 0x3A), let minute = digits(14, 2),
              at(16, 0x3A), let second = digits(17, 2),
              (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60
        else { return nil }
        var i = 19
        var nanos: Int64 = 0
        if at(i, UInt8(ascii: ".")) {
            i += 1
            var count = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                if count < 9 { nanos = nanos * 10 + Int64(b[i] - 0x30) }
                count += 1
                i += 1
            }
            guard count > 0 else { return nil }
            for _ in min(count, 9)..<9 { nanos *= 10 }
        }
        var offset: Int64 = 0
        if at(i, UInt8(ascii: "Z")) {
            i += 1
        } else if at(i, UInt8(ascii: "+")) || at(i, UInt8(ascii: "-")) {
            guard let oh = digits(i + 1, 2), at(i + 3, 0x3A), let om = digits(i + 4, 2), oh < 24, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let local = Self.days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        self.init(unixSeconds: local - offset, nanoseconds: Int32(nanos), utcOffset: Int32(offset))
    }

    // Calendar arithmetic on the proleptic Gregorian calendar (days since 1970-01-01).

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
