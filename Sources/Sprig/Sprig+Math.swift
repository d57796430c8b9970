import GoTemplate

extension Sprig {
    /// Integer arithmetic on `int64` (wrapping on overflow as Go does), `float64` arithmetic
    /// through decimals like shopspring/decimal, ranges (`until`, `untilStep`, `seq`).
    static var mathFunctions: [String: GoFunction] {
        let i64 = Cast.toInt64
        return table([
            def("add1", [.any], "func(interface {}) int64") { .int64(i64($0.arg(0)) &+ 1) },
            def("add", [], variadic: .any, "func(...interface {}) int64") { a in
                .int64(a.reduce(0) { $0 &+ i64($1) })
            },
            def("sub", [.any, .any], "func(interface {}, interface {}) int64") { .int64(i64($0.arg(0)) &- i64($0.arg(1))) },
            def("mul", [.any], variadic: .any, "func(interface {}, ...interface {}) int64") { a in
                .int64(a.dropFirst().reduce(i64(a.arg(0))) { $0 &* i64($1) })
            },
            def("div", [.any, .any], "func(interface {}, interface {}) int64") { a in
                let d = i64(a.arg(1))
                guard d != 0 else { throw GoFunctionError("runtime error: integer divide by zero") }
                return .int64(i64(a.arg(0)).dividedReportingOverflow(by: d).partialValue)
            },
            def("mod", [.any, .any], "func(interface {}, interface {}) int64") { a in
                let d = i64(a.arg(1))
                guard d != 0 else { throw GoFunctionError("runtime error: integer divide by zero") }
                return .int64(i64(a.arg(0)).remainderReportingOverflow(dividingBy: d).partialValue)
            },
            def("randInt", [.int, .int], "func(int, int) int") { a in
                let lo = a.int(0), hi = a.int(1)
                guard hi > lo else { throw GoFunctionError("invalid argument to Intn") }
                return .int(Int.random(in: lo..<hi), .int)
            },
            def("max", [.any], variadic: .any, "func(interface {}, ...interface {}) int64") { a in
                .int64(a.dropFirst().reduce(i64(a.arg(0))) { Swift.max($0, i64($1)) })
            },
            def("biggest", [.any], variadic: .any, "func(interface {}, ...interface {}) int64") { a in
                .int64(a.dropFirst().reduce(i64(a.arg(0))) { Swift.max($0, i64($1)) })
            },
            def("min", [.any], variadic: .any, "func(interface {}, ...interface {}) int64") { a in
                .int64(a.dropFirst().reduce(i64(a.arg(0))) { Swift.min($0, i64($1)) })
            },
            def("maxf", [.any], variadic: .any, "func(interface {}, ...interface {}) float64") { a in
                .float(a.dropFirst().reduce(Cast.toFloat64(a.arg(0))) { goMax($0, Cast.toFloat64($1)) })
            },
            def("minf", [.any], variadic: .any, "func(interface {}, ...interface {}) float64") { a in
                .float(a.dropFirst().reduce(Cast.toFloat64(a.arg(0))) { goMin($0, Cast.toFloat64($1)) })
            },
            def("floor", [.any], "func(interface {}) float64") { .float(Cast.toFloat64($0.arg(0)).rounded(.down)) },
            def("ceil", [.any], "func(interface {}) float64") { .float(Cast.toFloat64($0.arg(0)).rounded(.up)) },
            def("round", [.any, .int], variadic: .float64, "func(interface {}, int, ...float64) float64") { a in
                var roundOn = 0.5
                if case .float(let f) = a.arg(2) { roundOn = f }
                let pow = Double.pow10(a.int(1))
                let digit = pow * Cast.toFloat64(a.arg(0))
                let fraction = digit - digit.rounded(.towardZero)
                return .float((fraction >= roundOn ? digit.rounded(.up) : digit.rounded(.down)) / pow)
            },
            def("add1f", [.any], "func(interface {}) float64") { a in
                .float(decimalFold(a.arg(0), [.integer(1)], +))
            },
            def("addf", [], variadic: .any, "func(...interface {}) float64") { a in .float(decimalFold(.float(0), a, +)) },
            def("subf", [.any], variadic: .any, "func(interface {}, ...interface {}) float64") { a in
                .float(decimalFold(a.arg(0), Array(a.dropFirst()), -))
            },
            def("mulf", [.any], variadic: .any, "func(interface {}, ...interface {}) float64") { a in
                .float(decimalFold(a.arg(0), Array(a.dropFirst()), *))
            },
            def("divf", [.any], variadic: .any, "func(interface {}, ...interface {}) float64") { a in
                let rest = Array(a.dropFirst())
                if rest.contains(where: { Cast.toFloat64($0) == 0 }) { throw GoFunctionError("decimal division by 0") }
                return .float(decimalFold(a.arg(0), rest, /))
            },
            def("until", [.int], "func(int) []int") { a in
                let count = a.int(0)
                return try .ints(untilStep(0, count, count < 0 ? -1 : 1))
            },
            def("untilStep", [.int, .int, .int], "func(int, int, int) []int") { a in
                try .ints(untilStep(a.int(0), a.int(1), a.int(2)))
            },
            def("seq", [], variadic: .int, "func(...int) string") { a in try .string(seq(a.map { Cast.toInt($0) })) },
        ])
    }

    /// The most elements `until`/`untilStep`/`seq` build (Go would try to build any count and
    /// exhaust memory).
    static let maximumRange = 10_000_000

    static func untilStep(_ start: Int, _ stop: Int, _ step: Int) throws(GoFunctionError) -> [Int] {
        var v: [Int] = []
        if step != 0, (stop < start) == (step < 0) {
            let span = stop.subtractingReportingOverflow(start)
            let count = span.overflow ? UInt.max : span.partialValue.magnitude / step.magnitude
            guard count <= UInt(maximumRange) else { throw GoFunctionError("untilStep: more than \(maximumRange) elements") }
            v.reserveCapacity(Int(count) + 1)
        }
        if stop < start {
            guard step < 0 else { return v }
            var i = start
            while i > stop {
                v.append(i)
                guard v.count <= maximumRange else { throw GoFunctionError("untilStep: more than \(maximumRange) elements") }
                let (n, o) = i.addingReportingOverflow(step); if o { break }; i = n
            }
            return v
        }
        guard step > 0 else { return v }
        var i = start
        while i < stop {
            v.append(i)
            guard v.count <= maximumRange else { throw GoFunctionError("untilStep: more than \(maximumRange) elements") }
            let (n, o) = i.addingReportingOverflow(step); if o { break }; i = n
        }
        return v
    }

    /// Sprig's `seq`: like GNU seq (`seq 5`, `seq 2 5`, `seq 0 2 10`), space-separated.
    static func seq(_ p: [Int]) throws(GoFunctionError) -> String {
        func join(_ l: [Int]) -> String { l.map(String.init).joined(separator: " ") }
        switch p.count {
        case 1:
            let end = p[0], inc = end < 1 ? -1 : 1
            return join(try untilStep(1, end &+ inc, inc))
        case 2:
            let step = p[1] < p[0] ? -1 : 1
            return join(try untilStep(p[0], p[1] &+ step, step))
        case 3:
            let start = p[0], step = p[1], end = p[2]
            var inc = 1
            if end < start {
                inc = -1
                if step > 0 { return "" }
            }
            return join(try untilStep(start, end &+ inc, step))
        default:
            return ""
        }
    }

    /// `math.Max`/`math.Min` (NaN wins; +0 beats -0 for max).
    static func goMax(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        if a == 0 && b == 0 { return a.sign == .minus ? b : a }
        return a > b ? a : b
    }
    static func goMin(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        if a == 0 && b == 0 { return a.sign == .minus ? a : b }
        return a < b ? a : b
    }

    /// `decimal.NewFromFloat` of each operand, then the operation, then `Float64()`: the
    /// operands are the shortest decimals that read back as the same float64, so
    /// `addf 1.1 2.2` is 3.3 rather than 3.3000000000000003.
    static func decimalFold(_ first: GoValue, _ rest: [GoValue], _ op: (GoDecimal, GoDecimal) -> GoDecimal) -> Double {
        var acc = GoDecimal(Cast.toFloat64(first))
        for x in rest { acc = op(acc, GoDecimal(Cast.toFloat64(x))) }
        return acc.doubleValue
    }
}

extension Double {
    /// `math.Pow(10, n)` for the integer places `round` takes.
    static func pow10(_ n: Int) -> Double {
        var r = 1.0
        if n >= 0 { for _ in 0..<Swift.min(n, 400) { r *= 10 } } else { for _ in 0..<Swift.min(-n, 400) { r /= 10 } }
        return r
    }
}
