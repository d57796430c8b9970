import GoTemplate

/// Go's `strconv.FormatFloat(f, fmt, -1, bits)`: the shortest decimal that reads back as the
/// same float, laid out as Go does. Shared by encoding/json (`'f'`/`'e'`), go-yaml (`'g'`) and
/// sigs.k8s.io/yaml's key conversion (`'g'` at 32 bits).
public enum GoFloatFormat {
    public enum Style: Sendable { case e, f, g }

    /// `strconv.FormatFloat(f, style, -1, bits)` (bits 32 rounds to float32 first): Go's fmt
    /// layout from `GoFormat.formatFloat`. Float32's shortest digits, read back as a float64,
    /// are that float64's shortest digits too, so 32 bits needs no layout of its own.
    public static func format(_ value: Double, fmt style: Style, bits: Int = 64) -> String {
        var v = value
        if bits == 32, v.isFinite, let widened = Double(Float(v).description) { v = widened }
        switch style {
        case .e: return GoFormat.formatFloat(v, format: "e", precision: -1)
        case .f: return GoFormat.formatFloat(v, format: "f", precision: -1)
        case .g: return GoFormat.formatFloat(v, format: "g", precision: -1)
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
