/// Go's `time.ParseDuration` syntax (`1m30s`, `500ms`, `1.5h`), which Kubernetes duration fields use.
public enum GoDuration {
    public static func parse(_ text: String) -> Duration? {
        var s = Substring(text)
        guard !s.isEmpty else { return nil }
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        if s == "0" { return .zero }
        var total: Double = 0
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        while !s.isEmpty {
            let number = s.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            s = s.dropFirst(number.count)
            guard let unit = units.sorted(by: { $0.0.count > $1.0.count }).first(where: { s.hasPrefix($0.0) }) else { return nil }
            s = s.dropFirst(unit.0.count)
            total += value * unit.1
        }
        let d = Duration.milliseconds(Int64((total * 1000).rounded()))
        return negative ? .zero - d : d
    }
}
