import Testing
@testable import GoTemplate

/// `strconv.FormatFloat(f, fmt, prec, 64)`: what Go 1.22 prints, including the `%v` of every
/// float64 a chart's values hold.
@Suite struct GoFormatFloatTests {
    struct Case: Sendable, CustomStringConvertible {
        let value: Double, format: Character, precision: Int, expected: String
        init(_ value: Double, _ format: Character, _ precision: Int, _ expected: String) {
            self.value = value; self.format = format; self.precision = precision; self.expected = expected
        }
        var description: String { "\(value) \(format) \(precision) → \(expected)" }
    }

    @Test(arguments: [
        Case(1e6, "g", -1, "1e+06"),
        Case(1.5, "g", -1, "1.5"),
        Case(100000, "g", -1, "100000"),
        Case(999999, "g", -1, "999999"),
        Case(1234567, "g", -1, "1.234567e+06"),
        Case(123456789, "g", -1, "1.23456789e+08"),
        Case(0.0001, "g", -1, "0.0001"),
        Case(0.00001, "g", -1, "1e-05"),
        Case(1e-7, "g", -1, "1e-07"),
        Case(0, "g", -1, "0"),
        Case(-0.0, "g", -1, "-0"),
        Case(-2.5, "g", -1, "-2.5"),
        Case(0.1 + 0.2, "g", -1, "0.30000000000000004"),
        Case(1e23, "g", -1, "1e+23"),
        Case(1e100, "g", -1, "1e+100"),
        Case(.leastNonzeroMagnitude, "g", -1, "5e-324"),
        Case(1.7976931348623157e308, "g", -1, "1.7976931348623157e+308"),
        Case(Double(9_007_199_254_740_993 as Int), "g", -1, "9.007199254740992e+15"),
        Case(123456.789, "g", -1, "123456.789"),
        Case(1e21, "f", -1, "1000000000000000000000"),
        Case(12345678, "f", -1, "12345678"),
        Case(0.000001, "f", -1, "0.000001"),
        Case(1, "e", -1, "1e+00"),
        Case(1234.5678, "E", -1, "1.2345678E+03"),
        Case(1e-100, "G", -1, "1E-100"),
        Case(.infinity, "g", -1, "+Inf"),
        Case(-.infinity, "f", 2, "-Inf"),
        Case(.nan, "e", 3, "NaN"),
    ])
    func shortest(_ c: Case) {
        #expect(GoFormat.formatFloat(c.value, format: c.format, precision: c.precision) == c.expected)
    }

    /// Fixed precisions round the exact binary value, half to even on exact ties.
    @Test(arguments: [
        Case(3.14159, "f", 2, "3.14"),
        Case(0.1, "f", 20, "0.10000000000000000555"),
        Case(0.5, "f", 0, "0"),
        Case(1.5, "f", 0, "2"),
        Case(2.5, "f", 0, "2"),
        Case(3.5, "f", 0, "4"),
        Case(0.125, "f", 2, "0.12"),
        Case(0.375, "f", 2, "0.38"),
        Case(9.995, "f", 2, "9.99"),
        Case(0.006, "f", 1, "0.0"),
        Case(0.06, "f", 1, "0.1"),
        Case(99.99, "f", 1, "100.0"),
        Case(1e22, "f", 0, "10000000000000000000000"),
        Case(1e23, "f", 0, "99999999999999991611392"),
        Case(.leastNonzeroMagnitude, "e", 3, "4.941e-324"),
        Case(0, "e", 2, "0.00e+00"),
        Case(1234.5678, "e", 3, "1.235e+03"),
        Case(-1234.5678, "E", 0, "-1E+03"),
        Case(123.456, "g", 4, "123.5"),
        Case(123456, "g", 3, "1.23e+05"),
        Case(1, "g", 3, "1"),
        Case(0, "g", 3, "0"),
        Case(0.000012345, "g", 3, "1.23e-05"),
        Case(100, "g", 0, "1e+02"),
        Case(2.5, "g", 1, "2"),
    ])
    func fixed(_ c: Case) {
        #expect(GoFormat.formatFloat(c.value, format: c.format, precision: c.precision) == c.expected)
    }

    @Test(arguments: [
        Case(1, "x", -1, "0x1p+00"),
        Case(3, "x", -1, "0x1.8p+01"),
        Case(-0.1, "X", -1, "-0X1.999999999999AP-04"),
        Case(1.75, "x", 0, "0x1p+01"),
        Case(0, "x", -1, "0x0p+00"),
        Case(1, "b", -1, "4503599627370496p-52"),
        Case(0, "b", -1, "0p-1074"),
        Case(1, "z", -1, "%z"),
    ])
    func binaryHexAndUnknown(_ c: Case) {
        #expect(GoFormat.formatFloat(c.value, format: c.format, precision: c.precision) == c.expected)
    }

    /// Across the range, the shortest form reads back as the value and has as many significant
    /// digits as Swift's shortest `description` (both are shortest round-trip forms).
    @Test func shortestRoundTrips() {
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let v = Double(bitPattern: x >> 1)
            guard v.isFinite else { continue }
            let text = GoFormat.formatFloat(v, format: "g", precision: -1)
            #expect(Double(text) == v, "\(text)")
            #expect(significantDigits(text) == significantDigits(v.description), "\(text)")
        }
    }

    /// `%v`'s fast paths (integers, Swift's own layout where it is Go's) print what the general
    /// digit layout prints, across magnitudes and at the notation boundaries.
    @Test func fastPathsMatchGeneralLayout() {
        var values: [Double] = [1e-4, 1e-4.nextDown, 1e-4.nextUp, 1e6, 1e6.nextDown, 1e6.nextUp, 999999.5,
                                9007199254740992, 9007199254740992.0.nextUp, 1e15, 1e16, 1e21, 1e22, 123456.7]
        var x: UInt64 = 12345
        for _ in 0..<3000 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let mantissa = Double(x >> 11) / Double(1 << 53)
            let exponent = Int(x % 64) - 32
            values.append(mantissa * pow10(exponent))
            values.append(-Double(Int(x >> 40)))
        }
        for v in values {
            var out: [UInt8] = []
            GoFloat.append(v, fmt: UInt8(ascii: "g"), prec: -1, to: &out)
            #expect(GoFormat.formatFloat(v, format: "g", precision: -1) == String(decoding: out, as: UTF8.self), "\(v)")
        }
    }

    /// `%.Nf`'s 128-bit shortcut rounds exactly as the digit-by-digit exact path does,
    /// including ties (k/8 values) and carries into a new digit (9.995 → 10.00 style).
    @Test func fixedShortcutMatchesExactDigits() {
        var values: [Double] = [0.125, 0.375, 2.5, 9.995, 99.995, 0.045, 1.0005, 1e-10, 123456.789e3]
        var x: UInt64 = 987654321
        for _ in 0..<3000 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            values.append(Double(x >> 11) / Double(1 << 53) * pow10(Int(x % 16) - 8))
            values.append(Double(Int(x % 100_000)) / 8)
        }
        for v in values {
            for prec in [0, 1, 2, 3, 6, 10] {
                guard let fast = GoFloat.roundedFixed(v, prec: prec) else { continue }
                var exact = GoFloat.exactDigits(v)
                GoFloat.round(&exact, to: exact.dp + prec)
                var fastText: [UInt8] = [], exactText: [UInt8] = []
                GoFloat.appendF(fast, neg: false, prec: prec, to: &fastText)
                GoFloat.appendF(exact, neg: false, prec: prec, to: &exactText)
                #expect(fastText == exactText, "\(v) %.\(prec)f")
            }
        }
    }

    private func pow10(_ e: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(e) { r *= 10 }
        return e < 0 ? 1 / r : r
    }

    private func significantDigits(_ s: String) -> String {
        let mantissa = s.prefix { $0 != "e" && $0 != "E" }.filter(\.isNumber)
        return String(mantissa.drop { $0 == "0" }.reversed().drop { $0 == "0" }.reversed())
    }
}
