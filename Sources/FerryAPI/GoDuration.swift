/// Durations written the way Flux's API writes them (Go's `time.Duration` text): `1m0s`,
/// `90s`, `1h30m`, `500ms`, `1.5h`.
///
/// Parsing is total and follows Go's `time.ParseDuration`: the value is counted in whole
/// nanoseconds in 64 bits, and any text whose value does not fit (`9999999999999999h`) is not
/// a duration, as Go answers "time: invalid duration". Signs are not accepted (no Flux field
/// takes a negative duration; the CRDs' patterns refuse them too).
public enum GoDuration {
    /// The largest duration Go can represent: 2562047h47m16.854775807s.
    public static let maxNanoseconds = Int64.max

    /// Nanoseconds in `text`, or nil when it is not a Go duration or does not fit in 64 bits.
    public static func nanoseconds(_ text: String) -> Int64? {
        var rest = Substring(text).utf8[...]
        guard !rest.isEmpty else { return nil }
        if rest.elementsEqual("0".utf8) { return 0 }
        var total: UInt64 = 0
        while !rest.isEmpty {
            // The integer part: overflow means the text is not a duration.
            var whole: UInt64 = 0
            var sawDigits = false
            while let c = rest.first, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                let (times10, o1) = whole.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(UInt64(c - UInt8(ascii: "0")))
                guard !o1, !o2, next <= 1 << 63 else { return nil }
                whole = next
                sawDigits = true
                rest = rest.dropFirst()
            }
            // The fraction: digits past what 64 bits can scale are dropped, as Go does.
            var fraction: UInt64 = 0
            var scale = 1.0  // a float, as Go keeps it: leading zeros may make it huge
            if rest.first == UInt8(ascii: ".") {
                rest = rest.dropFirst()
                var overflowed = false
                while let c = rest.first, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                    sawDigits = true
                    rest = rest.dropFirst()
                    if overflowed || fraction > (1 << 63) / 10 { overflowed = true; continue }
                    let f = fraction * 10 + UInt64(c - UInt8(ascii: "0"))
                    if f > 1 << 63 { overflowed = true; continue }
                    fraction = f
                    scale *= 10
                }
            }
            guard sawDigits else { return nil }
            let unitEnd = rest.firstIndex { $0 == UInt8(ascii: ".") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) } ?? rest.endIndex
            guard let unit = String(rest[..<unitEnd]), let nanosPerUnit = units[unit] else { return nil }
            rest = rest[unitEnd...]
            let (scaled, o1) = whole.multipliedReportingOverflow(by: nanosPerUnit)
            guard !o1, scaled <= 1 << 63 else { return nil }
            var value = scaled
            if fraction > 0 {
                // fraction < scale, so fraction * (unit / scale) stays below one unit.
                let part = UInt64((Double(fraction) * (Double(nanosPerUnit) / scale)).rounded(.towardZero))
                let (sum, o2) = value.addingReportingOverflow(part)
                guard !o2, sum <= 1 << 63 else { return nil }
                value = sum
            }
            let (sum, o3) = total.addingReportingOverflow(value)
            guard !o3, sum <= 1 << 63 else { return nil }
            total = sum
        }
        guard total <= UInt64(Int64.max) else { return nil }
        return Int64(total)
    }

    private static let units: [String: UInt64] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// Seconds in `text`, or nil when it is not a Go duration (see ``nanoseconds(_:)``).
    public static func parse(_ text: String) -> Double? {
        nanoseconds(text).map { Double($0) / 1_000_000_000 }
    }

    /// Go's `Duration.String()` for whole milliseconds: `1m0s`, `1h0m0s`, `30s`, `1.5s`, `500ms`.
    /// Total: values past Go's range (or not finite) print as the nearest end of it; negative
    /// values print as `0s`.
    public static func format(seconds: Double) -> String {
        let msDouble = (seconds * 1000).rounded()
        let maxMilliseconds = maxNanoseconds / 1_000_000
        let ms: Int64
        if msDouble.isNaN || msDouble <= 0 { ms = 0 }
        else if msDouble >= Double(maxMilliseconds) { ms = maxMilliseconds }
        else { ms = Int64(msDouble) }
        if ms == 0 { return "0s" }
        if ms < 1000 { return "\(ms)ms" }
        let h = ms / 3_600_000, m = (ms % 3_600_000) / 60000, s = ms % 60000
        var secondText = String(s / 1000)
        if s % 1000 != 0 {
            var frac = String(s % 1000)
            while frac.count < 3 { frac = "0" + frac }
            while frac.hasSuffix("0") { frac.removeLast() }
            secondText += "." + frac
        }
        if h > 0 { return "\(h)h\(m)m\(secondText)s" }
        if m > 0 { return "\(m)m\(secondText)s" }
        return "\(secondText)s"
    }
}

extension GoDuration {
    /// The same, as a `Duration` (nanosecond precision, as Go keeps it).
    public static func duration(_ text: String) -> Duration? {
        nanoseconds(text).map { .nanoseconds($0) }
    }
}

extension GoDuration {
    /// Why a spec's duration cannot be used.
    public enum Refusal: Error, Equatable, Sendable {
        /// Not written as a Go duration (`soon`, `1x`, `-1s`).
        case notADuration
        /// Written as one, but past what Go's 64-bit nanoseconds hold (`9999999999999999h`):
        /// the CRD pattern lets it through, no Flux controller could decode it.
        case outOfRange
    }

    /// The largest duration Go holds, as people read it.
    public static let maximumText = "2562047h47m16s"

    /// A duration from a spec field, or why not — the one range check every kind's settings use.
    public static func checked(_ text: String) -> Result<Duration, Refusal> {
        if let value = duration(text) { return value >= .zero ? .success(value) : .failure(.notADuration) }
        return .failure(isWrittenAsDuration(text) ? .outOfRange : .notADuration)
    }

    /// Whether `text` has the form of a Go duration (`1h30m`, `1.5s`, `250ms`), whatever its size.
    static func isWrittenAsDuration(_ text: String) -> Bool {
        var rest = Substring(text)
        guard !rest.isEmpty else { return false }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number.filter({ $0 == "." }).count <= 1, number != "." else { return false }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter || $0 == "µ" }
            guard ["ns", "us", "µs", "ms", "s", "m", "h"].contains(String(unit)) else { return false }
            rest = rest.dropFirst(unit.count)
        }
        return true
    }
}
