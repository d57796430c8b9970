import Foundation

/// Human output in the habits of flux: one line per step, a symbol in front.
enum Say {
    static func action(_ text: String) { print("► \(text)") }
    static func success(_ text: String) { print("✔ \(text)") }
    static func generate(_ text: String) { print("✚ \(text)") }
    static func waiting(_ text: String) { print("◎ \(text)") }
    static func failure(_ text: String) { print("✗ \(text)") }
    static func flush() { fflush(nil) }  // nil flushes every output stream
}

/// A plain-text table: left-aligned columns separated by three spaces, as kubectl prints.
struct Table {
    var headers: [String]
    var rows: [[String]] = []

    func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, cell) in cells.enumerated() {
                if i == cells.count - 1 { out += cell } else { out += cell.padding(toLength: widths[i] + 3, withPad: " ", startingAt: 0) }
            }
            return out
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

/// Kubernetes' HumanDuration (k8s.io/apimachinery/pkg/util/duration), as kubectl's AGE column.
enum HumanDuration {
    static func string(seconds: Int) -> String {
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 { return seconds % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(seconds % 60)s" }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m" }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 { return hours % 24 == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(hours % 24)h" }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 { let days = hours / 24; return days % 365 == 0 ? "\(days / 365)y" : "\(days / 365)y\(days % 365)d" }
        return "\(hours / 24 / 365)y"
    }

    /// Age of an RFC 3339 timestamp such as `metadata.creationTimestamp`.
    static func age(of timestamp: String?, now: Date = Date()) -> String {
        guard let timestamp, let date = ISO8601DateFormatter().date(from: timestamp) else { return "<unknown>" }
        return string(seconds: Int(now.timeIntervalSince(date)))
    }
}
