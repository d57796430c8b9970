import GoTemplate

extension Sprig {
    /// `now`, `date`, `dateInZone`, `toDate`, `dateModify`, `ago`, `duration`, … (Go's time).
    public static var dateFunctions: [String: GoFunction] {
        func entry(_ name: String, _ parameters: [GoParameterType], _ type: String,
                   _ body: @escaping @Sendable ([GoValue]) throws -> GoValue) -> (String, GoFunction) {
            (name, GoFunction(name, parameters, typeName: type, body: body))
        }
        let dateInZone: @Sendable ([GoValue]) throws -> GoValue = { args in
            .string(GoDateFunctions.format(GoDateFunctions.string(args, 0), GoDateFunctions.arg(args, 1), zone: GoDateFunctions.string(args, 2)))
        }
        let dateModify: @Sendable ([GoValue]) throws -> GoValue = { args in
            let t = try GoDateFunctions.time(GoDateFunctions.arg(args, 1))
            switch GoDuration.parse(GoDateFunctions.string(args, 0)) {
            case .success(let d): return .object(t.adding(d))
            case .failure: return .object(t)
            }
        }
        let mustDateModify: @Sendable ([GoValue]) throws -> GoValue = { args in
            let t = try GoDateFunctions.time(GoDateFunctions.arg(args, 1))
            switch GoDuration.parse(GoDateFunctions.string(args, 0)) {
            case .success(let d): return .object(t.adding(d))
            case .failure(let e): throw GoFunctionError(e.message)
            }
        }
        let entries = [
            entry("now", [], "func() time.Time") { _ in .object(GoTime.now()) },
            entry("date", [.string, .any], "func(string, interface {}) string") { args in
                .string(GoDateFunctions.format(GoDateFunctions.string(args, 0), GoDateFunctions.arg(args, 1), zone: "Local"))
            },
            entry("dateInZone", [.string, .any, .string], "func(string, interface {}, string) string", dateInZone),
            entry("date_in_zone", [.string, .any, .string], "func(string, interface {}, string) string", dateInZone),
            entry("htmlDate", [.any], "func(interface {}) string") { args in
                .string(GoDateFunctions.format("2006-01-02", GoDateFunctions.arg(args, 0), zone: "Local"))
            },
            entry("htmlDateInZone", [.any, .string], "func(interface {}, string) string") { args in
                .string(GoDateFunctions.format("2006-01-02", GoDateFunctions.arg(args, 0), zone: GoDateFunctions.string(args, 1)))
            },
            entry("dateModify", [.string, .any], "func(string, time.Time) time.Time", dateModify),
            entry("date_modify", [.string, .any], "func(string, time.Time) time.Time", dateModify),
            entry("mustDateModify", [.string, .any], "func(string, time.Time) (time.Time, error)", mustDateModify),
            entry("must_date_modify", [.string, .any], "func(string, time.Time) (time.Time, error)", mustDateModify),
            entry("ago", [.any], "func(interface {}) string") { args in
                let t: GoTime
                switch GoDateFunctions.arg(args, 0) {
                case .object(let o as GoTime): t = o
                case .int(let i, .int64), .int(let i, .int): t = GoTime.unix(i)
                default: t = GoTime.now()
                }
                return .string(GoDuration.string(GoDuration.round(t.since(), 1_000_000_000)))
            },
            entry("duration", [.any], "func(interface {}) string") { args in
                var n = 0
                switch GoDateFunctions.arg(args, 0) {
                case .string(let s): n = GoDateFunctions.parseInt(s)
                case .int(let i, .int64): n = i
                default: n = 0
                }
                return .string(GoDuration.string(n &* 1_000_000_000))
            },
            entry("durationRound", [.any], "func(interface {}) string") { args in
                var d = 0
                switch GoDateFunctions.arg(args, 0) {
                case .string(let s): d = (try? GoDuration.parse(s).get()) ?? 0
                case .int(let i, .int64): d = i
                case .object(let t as GoTime): d = t.since()
                default: d = 0
                }
                return .string(GoDateFunctions.roundedDuration(d))
            },
            entry("toDate", [.string, .string], "func(string, string) time.Time") { args in
                let parsed = GoTime.parse(layout: GoDateFunctions.string(args, 0), value: GoDateFunctions.string(args, 1), location: .local)
                return .object((try? parsed.get()) ?? GoTime.zero)
            },
            entry("mustToDate", [.string, .string], "func(string, string) (time.Time, error)") { args in
                switch GoTime.parse(layout: GoDateFunctions.string(args, 0), value: GoDateFunctions.string(args, 1), location: .local) {
                case .success(let t): return .object(t)
                case .failure(let e): throw GoFunctionError(e.message)
                }
            },
            entry("unixEpoch", [.any], "func(time.Time) string") { args in
                .string(String(try GoDateFunctions.time(GoDateFunctions.arg(args, 0)).seconds))
            },
        ]
        return Dictionary(entries, uniquingKeysWith: { _, b in b })
    }
}

/// The date functions' argument rules, as Sprig's `interface{}` type switches read them.
enum GoDateFunctions {
    static func arg(_ args: [GoValue], _ i: Int) -> GoValue { i < args.count ? args[i] : .null }
    static func string(_ args: [GoValue], _ i: Int) -> String { arg(args, i).stringValue ?? "" }

    /// A `time.Time` parameter; anything else is the executor's conversion error.
    static func time(_ v: GoValue) throws -> GoTime {
        switch v {
        case .object(let t as GoTime): return t
        case .null, .missing: throw GoFunctionError("invalid value; expected time.Time")
        default: throw GoFunctionError("wrong type for value; expected time.Time; got \(v.typeName)")
        }
    }

    /// `dateInZone`: a `time.Time`, or `int`/`int32`/`int64` Unix seconds; anything else
    /// (a float from values, a string) is the current time. An unknown zone is UTC.
    static func format(_ layout: String, _ date: GoValue, zone: String) -> String {
        let t: GoTime
        switch date {
        case .object(let o as GoTime): t = o
        case .int(let i, .int), .int(let i, .int32), .int(let i, .int64): t = GoTime.unix(i)
        default: t = GoTime.now()
        }
        return t.in(GoLocation.load(zone) ?? .utc).format(layout)
    }

    /// `strconv.ParseInt(s, 10, 64)` as `duration` uses it: 0 on a syntax error, the nearest
    /// bound on overflow.
    static func parseInt(_ s: String) -> Int {
        if let v = Int(s) { return v }
        var digits = Substring(s)
        var neg = false
        if let c = digits.first, c == "+" || c == "-" { neg = c == "-"; digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return 0 }
        return neg ? Int.min : Int.max
    }

    /// `durationRound`: the largest whole unit, years of 365 days and months (`mo`) of 30.
    static func roundedDuration(_ d: Int) -> String {
        let u = d.magnitude
        let second: UInt = 1_000_000_000, minute = 60 * second, hour = 60 * minute, day = 24 * hour
        let units: [(UInt, String)] = [(365 * day, "y"), (30 * day, "mo"), (day, "d"), (hour, "h"), (minute, "m"), (second, "s")]
        for (size, name) in units where u > size { return "\(u / size)\(name)" }
        return "0s"
    }
}
