/// An exact decimal number, as gojsonschema sees JSON numbers: it reads them into `big.Rat`
/// from their text, so `0.3` is a multiple of `0.1` and `1e400` is a number, where `Double`
/// arithmetic would say otherwise.
///
/// The value is `0.d₁d₂…dₙ × 10^point`; `digits` carry no leading or trailing zeros, and zero
/// has no digits. Limits print the way gojsonschema prints a `*big.Float` (`%v` is `%g` with the
/// shortest digits: `9000`, `1e+06`, `0.5`).
struct SchemaDecimal: Hashable, Comparable, Sendable {
    var negative: Bool
    var digits: [UInt8]
    var point: Int

    static let zero = SchemaDecimal(negative: false, digits: [], point: 0)

    /// Exponents past this are clamped: a schema cannot mean a number that large, and the clamp
    /// keeps `multipleOf` arithmetic bounded.
    static let exponentLimit = 100_000

    /// Parses JSON number text (and the `1e+16` / `100.0` forms Swift's `description` prints).
    init?(_ text: Substring) {
        var negative = false
        var digits: [UInt8] = []
        var point = 0
        var seenPoint = false
        var sawDigit = false
        var index = text.startIndex
        if index < text.endIndex, text[index] == "-" { negative = true; index = text.index(after: index) }
        else if index < text.endIndex, text[index] == "+" { index = text.index(after: index) }
        while index < text.endIndex {
            let c = text[index]
            if let d = c.wholeNumberValue, c.isASCII {
                sawDigit = true
                if digits.isEmpty && d == 0 {
                    if seenPoint { point -= 1 }
                } else {
                    digits.append(UInt8(d))
                    if !seenPoint { point += 1 }
                }
            } else if c == ".", !seenPoint {
                seenPoint = true
            } else {
                break
            }
            index = text.index(after: index)
        }
        guard sawDigit else { return nil }
        if index < text.endIndex {
            guard text[index] == "e" || text[index] == "E" else { return nil }
            index = text.index(after: index)
            var expNegative = false
            if index < text.endIndex, text[index] == "-" || text[index] == "+" {
                expNegative = text[index] == "-"
                index = text.index(after: index)
            }
            var exponent = 0
            var sawExpDigit = false
            while index < text.endIndex, let d = text[index].wholeNumberValue, text[index].isASCII {
                sawExpDigit = true
                exponent = min(exponent * 10 + d, Self.exponentLimit)
                index = text.index(after: index)
            }
            guard sawExpDigit, index == text.endIndex else { return nil }
            point += expNegative ? -exponent : exponent
        }
        while digits.last == 0 { digits.removeLast() }
        if digits.isEmpty { negative = false; point = 0 }
        self.init(negative: negative, digits: digits, point: point)
    }

    init(negative: Bool, digits: [UInt8], point: Int) {
        self.negative = negative
        self.digits = digits
        self.point = max(-Self.exponentLimit, min(Self.exponentLimit, point))
    }

    init(_ value: Int) { self = SchemaDecimal(Substring(String(value))) ?? .zero }
    init(_ value: UInt) { self = SchemaDecimal(Substring(String(value))) ?? .zero }

    /// The shortest decimal that reads back as `value` (what Go's encoders print for a float64);
    /// nil for NaN and infinities, which JSON cannot carry.
    init?(_ value: Double) {
        guard value.isFinite else { return nil }
        guard let d = SchemaDecimal(Substring(value.description)) else { return nil }
        self = d
    }

    var isZero: Bool { digits.isEmpty }
    /// `big.Rat.IsInt`.
    var isInteger: Bool { digits.count <= point }

    var doubleValue: Double { Double(formatted(style: .exponent)) ?? 0 }

    static func < (a: SchemaDecimal, b: SchemaDecimal) -> Bool { compare(a, b) < 0 }

    /// -1, 0 or 1, like `big.Rat.Cmp`.
    static func compare(_ a: SchemaDecimal, _ b: SchemaDecimal) -> Int {
        if a.isZero && b.isZero { return 0 }
        let signA = a.isZero ? 0 : (a.negative ? -1 : 1)
        let signB = b.isZero ? 0 : (b.negative ? -1 : 1)
        if signA != signB { return signA < signB ? -1 : 1 }
        let magnitude = compareMagnitude(a, b)
        return signA < 0 ? -magnitude : magnitude
    }

    private static func compareMagnitude(_ a: SchemaDecimal, _ b: SchemaDecimal) -> Int {
        if a.point != b.point { return a.point < b.point ? -1 : 1 }
        for i in 0..<max(a.digits.count, b.digits.count) {
            let x = i < a.digits.count ? a.digits[i] : 0
            let y = i < b.digits.count ? b.digits[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }

    /// Whether `self / divisor` is an integer (`divisor` > 0), exactly.
    func isMultiple(of divisor: SchemaDecimal) -> Bool {
        if isZero { return true }
        // self = A·10^(point−n), divisor = B·10^(point'−n'); A and B carry no trailing zeros,
        // so B·10^k with k > 0 never divides A.
        let shift = (point - digits.count) - (divisor.point - divisor.digits.count)
        if shift < 0 { return false }
        guard divisor.digits.count <= 18 else {
            let q = doubleValue / divisor.doubleValue
            return q.rounded() == q
        }
        var b: UInt64 = 0
        for d in divisor.digits { b = b * 10 + UInt64(d) }
        if b == 1 { return true }
        var remainder: UInt64 = 0
        for d in digits { remainder = (remainder * 10 + UInt64(d)) % b }
        return Self.mulMod(remainder, Self.powMod(10, shift, b), b) == 0
    }

    private static func mulMod(_ x: UInt64, _ y: UInt64, _ m: UInt64) -> UInt64 {
        let product = x.multipliedFullWidth(by: y)
        return m.dividingFullWidth((product.high, product.low)).remainder
    }

    private static func powMod(_ base: UInt64, _ exponent: Int, _ m: UInt64) -> UInt64 {
        var result: UInt64 = 1 % m
        var b = base % m
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = mulMod(result, b, m) }
            b = mulMod(b, b, m)
            e >>= 1
        }
        return result
    }

    enum Style {
        /// `%g` with the shortest digits, exponent from 6 up or below −4 (big.Float's `%v`).
        case general
        /// encoding/json's float64 form: plain from 1e-6 up to 1e21, else `1e+21` / `1e-7`.
        case json
        /// Always `d.ddde±x` (for converting to Double).
        case exponent
    }

    func formatted(style: Style) -> String {
        guard !isZero else { return "0" }
        let sign = negative ? "-" : ""
        let exp = point - 1
        let useExponent: Bool
        switch style {
        case .general: useExponent = exp < -4 || exp >= 6
        case .json: useExponent = exp < -6 || exp >= 21
        case .exponent: useExponent = true
        }
        let text = digits.map { Character(Unicode.Scalar($0 + 48)) }
        if useExponent {
            var out = sign + String(text[0])
            if text.count > 1 { out += "." + String(text[1...]) }
            let magnitude = abs(exp)
            let expDigits = style == .json || magnitude >= 10 ? String(magnitude) : "0" + String(magnitude)
            return out + "e" + (exp < 0 ? "-" : "+") + expDigits
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(text) }
        if point >= text.count { return sign + String(text) + String(repeating: "0", count: point - text.count) }
        return sign + String(text[..<point]) + "." + String(text[point...])
    }

    /// The value after a trip through float64, as gojsonschema compares `enum`, `const` and
    /// `uniqueItems` (it re-decodes numbers without `UseNumber`).
    var roundedToDouble: SchemaDecimal? { SchemaDecimal(doubleValue) }
}
