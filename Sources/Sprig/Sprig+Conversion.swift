import GoTemplate

extension Sprig {
    /// `atoi`, `int`, `int64`, `float64`, `toDecimal` (spf13/cast rules: what does not convert
    /// is 0, never an error).
    static var conversionFunctions: [String: GoFunction] {
        table([
            def("atoi", [.string], "func(string) int") { a in .int(atoi(a.string(0)), .int) },
            def("int", [.any], "func(interface {}) int") { .int(Cast.toInt($0.arg(0)), .int) },
            def("int64", [.any], "func(interface {}) int64") { .int64(Cast.toInt64($0.arg(0))) },
            def("float64", [.any], "func(interface {}) float64") { .float(Cast.toFloat64($0.arg(0))) },
            def("toDecimal", [.any], "func(interface {}) int64") { a in
                // The value's `fmt.Sprint` form read as octal.
                let text = a.arg(0).stringValue ?? GoFormat.formatValue(a.arg(0))
                return .int64(parseOctal(text) ?? 0)
            },
        ])
    }

    /// `strconv.Atoi`: decimal only, optional sign; 0 on any error.
    static func atoi(_ s: String) -> Int {
        var bytes = Array(s.utf8)[...]
        var negative = false
        if let f = bytes.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") {
            negative = f == UInt8(ascii: "-"); bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { return 0 }
        var value = 0
        for b in bytes {
            guard b >= 0x30, b <= 0x39 else { return 0 }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (r, o2) = negative ? m.subtractingReportingOverflow(Int(b - 0x30)) : m.addingReportingOverflow(Int(b - 0x30))
            guard !o1, !o2 else { return 0 }
            value = r
        }
        return value
    }

    /// `strconv.ParseInt(s, 8, 64)`.
    static func parseOctal(_ s: String) -> Int? {
        var bytes = Array(s.utf8)[...]
        var negative = false
        if let f = bytes.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") {
            negative = f == UInt8(ascii: "-"); bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for b in bytes {
            guard b >= 0x30, b <= 0x37 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 8)
            let (r, o2) = negative ? m.subtractingReportingOverflow(Int(b - 0x30)) : m.addingReportingOverflow(Int(b - 0x30))
            guard !o1, !o2 else { return nil }
            value = r
        }
        return value
    }
}
