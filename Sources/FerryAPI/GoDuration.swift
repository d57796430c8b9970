/// Durations written the way Flux's API writes them (Go's `time.Duration` text): `1m0s`,
/// `90s`, `1h30m`, `500ms`, `1.5h`.
public enum GoDuration {
    /// Seconds in `text`, or nil when it is not a Go duration.
    public static func parse(_ text: String) -> Double? {
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        if rest == "0" { return 0 }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter || $0 == "µ" }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            case "ms": total += value / 1000
            case "us", "µs": total += value / 1_000_000
            case "ns": total += value / 1_000_000_000
            default: return nil
            }
        }
        return total
    }

    /// Go's `Duration.String()` for whole milliseconds: `1m0s`, `1h0m0s`, `30s`, `1.5s`, `500ms`.
    public static func format(seconds: Double) -> String {
        let ms = Int((seconds * 1000).rounded())
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
    /// The same, as a `Duration` (millisecond precision).
    public static func duration(_ text: String) -> Duration? {
        parse(text).map { .milliseconds(Int64(($0 * 1000).rounded())) }
    }
}
