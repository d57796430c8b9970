/// Go's `strconv.FormatFloat(f, fmt, -1, bits)`: the shortest decimal that reads back as the
/// same float, laid out as Go does. Shared by encoding/json (`'f'`/`'e'`), go-yaml (`'g'`) and
/// sigs.k8s.io/yaml's key conversion (`'g'` at 32 bits).
public enum GoFloatFormat {
    public enum Style: Sendable { case e, f, g }

    /// Shortest digits (no leading or trailing zeros) and the decimal point's position:
    /// the value is `0.DIGITS × 10^point`.
    struct Decimal {
        var digits: [UInt8]
        var point: Int
    }

    /// Swift's `description` is also the shortest round-tripping form; only its layout differs.
    static func shortest(_ text: String) -> Decimal {
        var digits: [UInt8] = []
        var point = 0
        var seenPoint = false
        var exponent = 0
        var utf8 = Substring(text).utf8[...]
        if let e = utf8.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            exponent = Int(String(decoding: utf8[utf8.index(after: e)...], as: UTF8.self)) ?? 0
            utf8 = utf8[..<e]
        }
        for c in utf8 {
            if c == UInt8(ascii: ".") { seenPoint = true; continue }
            guard c >= 0x30 && c <= 0x39 else { continue }
            if digits.isEmpty && c == 0x30 {
                if seenPoint { point -= 1 }
                continue
            }
            digits.append(c)
            if !seenPoint { point += 1 }
        }
        while digits.last == 0x30 { digits.removeLast() }
        if digits.isEmpty { return Decimal(digits: [], point: 0) }
        return Decimal(digits: digits, point: point + exponent)
    }

    /// `strconv.FormatFloat(f, style, -1, bits)` (bits 32 rounds to float32 first).
    public static func format(_ value: Double, fmt style: Style, bits: Int = 64) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let negative = value.sign == .minus
        let magnitude = abs(value)
        var decimal = bits == 32 ? shortest(Float(magnitude).description) : shortest(magnitude.description)
        if decimal.digits.isEmpty { decimal = Decimal(digits: [0x30], point: 1) }
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        switch style {
        case .e: appendE(&out, decimal)
        case .f: appendF(&out, decimal)
        case .g:
            let exp = decimal.point - 1
            if exp < -4 || exp >= 6 { appendE(&out, decimal) } else { appendF(&out, decimal) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendE(_ out: inout [UInt8], _ d: Decimal) {
        out.append(d.digits[0])
        if d.digits.count > 1 {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: d.digits[1...])
        }
        var exp = d.digits[0] == 0x30 ? 0 : d.point - 1
        out.append(UInt8(ascii: "e"))
        out.append(exp < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        exp = abs(exp)
        if exp < 10 { out.append(0x30) }
        out.append(contentsOf: String(exp).utf8)
    }

    private static func appendF(_ out: inout [UInt8], _ d: Decimal) {
        if d.point <= 0 {
            out.append(0x30)
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(0x30, count: -d.point))
            out.append(contentsOf: d.digits)
        } else if d.point >= d.digits.count {
            out.append(contentsOf: d.digits)
            out.append(contentsOf: repeatElement(0x30, count: d.point - d.digits.count))
        } else {
            out.append(contentsOf: d.digits[..<d.point])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: d.digits[d.point...])
        }
    }

    /// encoding/json's float64 text: `'f'` between 1e-6 and 1e21, else `'e'` with a
    /// one-digit negative exponent (`1e-7`). Nil for NaN and infinities, which json refuses.
    public static func json(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        let magnitude = abs(value)
        if magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) {
            var text = Array(format(value, fmt: .e).utf8)
            let n = text.count
            if n >= 4 && text[n - 4] == UInt8(ascii: "e") && text[n - 3] == UInt8(ascii: "-") && text[n - 2] == 0x30 {
                text[n - 2] = text[n - 1]
                text.removeLast()
            }
            return String(decoding: text, as: UTF8.self)
        }
        return format(value, fmt: .f)
    }
}
