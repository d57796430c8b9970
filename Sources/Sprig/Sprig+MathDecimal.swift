import Foundation

/// The decimal arithmetic of Sprig's `addf`/`subf`/`mulf`/`divf` (shopspring/decimal): each
/// float64 operand enters as its shortest round-tripping decimal, and the result leaves through
/// its decimal text, so results read as a person would compute them (`subf 1.1 0.1` is 1).
struct GoDecimal {
    var value: Decimal

    init(_ d: Double) {
        if d.isFinite, let parsed = Decimal(string: "\(d)", locale: Locale(identifier: "en_US_POSIX")) {
            value = parsed
        } else {
            value = Decimal.nan
        }
    }

    init(decimal: Decimal) { value = decimal }

    var doubleValue: Double {
        if value.isNaN { return .nan }
        var v = value
        var rounded = Decimal()
        // shopspring divides to 16 fractional digits; keeping 20 loses nothing a float64 holds.
        NSDecimalRound(&rounded, &v, 20, .plain)
        return Double(rounded.description) ?? .nan
    }

    static func + (a: GoDecimal, b: GoDecimal) -> GoDecimal { GoDecimal(decimal: a.value + b.value) }
    static func - (a: GoDecimal, b: GoDecimal) -> GoDecimal { GoDecimal(decimal: a.value - b.value) }
    static func * (a: GoDecimal, b: GoDecimal) -> GoDecimal { GoDecimal(decimal: a.value * b.value) }
    static func / (a: GoDecimal, b: GoDecimal) -> GoDecimal { GoDecimal(decimal: a.value / b.value) }
}
