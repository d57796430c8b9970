/// Go's `time.Duration` text: `ParseDuration` (with its error messages) and `String()`.
enum GoDuration {
    /// Go's `time.quote`: non-ASCII and control bytes as `\xNN`, `"` and `\` escaped.
    static func quote(_ s: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [34]
        for b in s.utf8 {
            if b >= 0x80 || b < 0x20 {
                out.append(contentsOf: [92, 120, hex[Int(b >> 4)], hex[Int(b & 15)]])
            } else {
                if b == 34 || b == 92 { out.append(92) }
                out.append(b)
            }
        }
        out.append(34)
        return String(decoding: out, as: UTF8.self)
    }

    struct ParseError: Error { var message: String }

    private static let units: [String: UInt64] = [
        "ns": 1, "us": 1_000, "\u{00B5}s": 1_000, "\u{03BC}s": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// `time.ParseDuration`, in nanoseconds.
    static func parse(_ orig: String) -> Result<Int, ParseError> {
        let invalid = ParseError(message: "time: invalid duration " + quote(orig))
        var s = ArraySlice(Array(orig.utf8))
        var neg = false
        if let c = s.first, c == 45 || c == 43 { neg = c == 45; s = s.dropFirst() }
        if s.elementsEqual([48]) { return .success(0) }
        if s.isEmpty { return .failure(invalid) }
        let limit: UInt64 = 1 << 63
        var d: UInt64 = 0
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        while let first = s.first {
            guard first == 46 || isDigit(first) else { return .failure(invalid) }
            var v: UInt64 = 0
            let before = s.count
            while let c = s.first, isDigit(c) {
                if v > limit / 10 { return .failure(invalid) }
                v = v * 10 + UInt64(c - 48)
                if v > limit { return .failure(invalid) }
                s = s.dropFirst()
            }
            let pre = before != s.count
            var f: UInt64 = 0, scale = 1.0, post = false
            if s.first == 46 {
                s = s.dropFirst()
                let pl = s.count
                var overflow = false
                while let c = s.first, isDigit(c) {
                    s = s.dropFirst()
                    if overflow { continue }
                    if f > (limit - 1) / 10 { overflow = true; continue }
                    let y = f * 10 + UInt64(c - 48)
                    if y > limit { overflow = true; continue }
                    f = y
                    scale *= 10
                }
                post = pl != s.count
            }
            if !pre && !post { return .failure(invalid) }
            let unitEnd = s.firstIndex { $0 == 46 || isDigit($0) } ?? s.endIndex
            if unitEnd == s.startIndex { return .failure(ParseError(message: "time: missing unit in duration " + quote(orig))) }
            let u = String(decoding: s[..<unitEnd], as: UTF8.self)
            s = s[unitEnd...]
            guard let unit = units[u] else {
                return .failure(ParseError(message: "time: unknown unit " + quote(u) + " in duration " + quote(orig)))
            }
            if v > limit / unit { return .failure(invalid) }
            v *= unit
            if f > 0 {
                v += UInt64(Double(f) * (Double(unit) / scale))
                if v > limit { return .failure(invalid) }
            }
            d += v
            if d > limit { return .failure(invalid) }
        }
        if neg { return .success(d == limit ? Int.min : -Int(d)) }
        if d > limit - 1 { return .failure(invalid) }
        return .success(Int(d))
    }

    /// `Duration.String()`: `1h2m3.5s`, `1.5ms`, `0s`.
    static func string(_ d: Int) -> String {
        var u = d.magnitude
        var out = ""
        func frac(_ prec: Int) {
            // Digits after the point, trailing zeros dropped; the point too when none remain.
            var digits = ""
            var printed = false
            for _ in 0..<prec {
                let digit = u % 10
                printed = printed || digit != 0
                if printed { digits = String(digit) + digits }
                u /= 10
            }
            if printed { out = "." + digits + out }
        }
        if u < 1_000_000_000 {
            let unit: String
            let prec: Int
            if u == 0 { return "0s" } else if u < 1_000 { prec = 0; unit = "ns" } else if u < 1_000_000 { prec = 3; unit = "\u{00B5}s" } else { prec = 6; unit = "ms" }
            out = unit
            frac(prec)
            out = String(u) + out
        } else {
            out = "s"
            frac(9)
            out = String(u % 60) + out
            u /= 60
            if u > 0 {
                out = String(u % 60) + "m" + out
                u /= 60
                if u > 0 { out = String(u) + "h" + out }
            }
        }
        return d < 0 ? "-" + out : out
    }

    /// `Duration.Round(m)`.
    static func round(_ d: Int, _ m: Int) -> Int {
        guard m > 0 else { return d }
        var r = d % m
        func lessThanHalf(_ x: Int, _ y: Int) -> Bool { UInt(x) &+ UInt(x) < UInt(y) }
        if d < 0 {
            r = -r
            if lessThanHalf(r, m) { return d + r }
            let (d1, o) = d.subtractingReportingOverflow(m - r)
            return !o && d1 < d ? d1 : Int.min
        }
        if lessThanHalf(r, m) { return d - r }
        let (d1, o) = d.addingReportingOverflow(m - r)
        return !o && d1 > d ? d1 : Int.max
    }
}
