/// `time.ParseInLocation`, with Go's `ParseError` texts (`mustToDate` shows them).
extension GoTime {
    struct ParseError: Error { var message: String }

    static func parse(layout: String, value: String, location: GoLocation) -> Result<GoTime, ParseError> {
        let q = GoDuration.quote
        func err(_ layoutElem: ArraySlice<UInt8>, _ valueElem: ArraySlice<UInt8>, _ message: String) -> Result<GoTime, ParseError> {
            let s = { (b: ArraySlice<UInt8>) in String(decoding: b, as: UTF8.self) }
            if message.isEmpty {
                return .failure(ParseError(message: "parsing time \(q(value)) as \(q(layout)): cannot parse \(q(s(valueElem))) as \(q(s(layoutElem)))"))
            }
            return .failure(ParseError(message: "parsing time \(q(value))" + message))
        }
        func isDigit(_ v: ArraySlice<UInt8>, _ i: Int) -> Bool {
            let k = v.startIndex + i
            return k < v.endIndex && v[k] >= 48 && v[k] <= 57
        }
        func digit(_ v: ArraySlice<UInt8>, _ i: Int) -> Int { Int(v[v.startIndex + i]) - 48 }
        /// `getnum`: one or two digits (exactly two when `fixed`).
        func getnum(_ v: inout ArraySlice<UInt8>, _ fixed: Bool) -> Int? {
            guard isDigit(v, 0) else { return nil }
            guard isDigit(v, 1) else {
                if fixed { return nil }
                defer { v = v.dropFirst() }
                return digit(v, 0)
            }
            defer { v = v.dropFirst(2) }
            return digit(v, 0) * 10 + digit(v, 1)
        }
        func lookup(_ table: [String], _ v: inout ArraySlice<UInt8>) -> Int? {
            for (i, name) in table.enumerated() {
                let n = Array(name.utf8)
                if v.count >= n.count && zip(v.prefix(n.count), n).allSatisfy({ ($0 | 0x20) == ($1 | 0x20) }) {
                    v = v.dropFirst(n.count)
                    return i
                }
            }
            return nil
        }
        func nanos(_ v: ArraySlice<UInt8>, _ count: Int) -> (Int?, String) {
            guard let sep = v.first, sep == 46 || sep == 44 else { return (nil, "") }
            let n = min(count, 10)
            var ns = 0
            for i in 1..<n { guard isDigit(v, i) else { return (nil, "") }; ns = ns * 10 + digit(v, i) }
            for _ in n..<10 { ns *= 10 }
            return (ns, "")
        }

        var lay = ArraySlice(Array(layout.utf8))
        var val = ArraySlice(Array(value.utf8))
        var amSet = false, pmSet = false
        var year = 0, month = -1, day = -1, yday = -1, hour = 0, minute = 0, second = 0, nsec = 0
        var zoneUTC = false, zoneOffset = -1, zoneName = ""
        while true {
            let chunk = GoLayout.next(lay)
            // Literal text must match, runs of spaces loosely.
            var prefix = chunk.prefix
            while let p = prefix.first {
                if p == 32 {
                    if let c = val.first, c != 32 { return err(chunk.prefix, val, "") }
                    while prefix.first == 32 { prefix = prefix.dropFirst() }
                    while val.first == 32 { val = val.dropFirst() }
                    continue
                }
                guard val.first == p else { return err(chunk.prefix, val, "") }
                prefix = prefix.dropFirst()
                val = val.dropFirst()
            }
            guard let std = chunk.std else {
                if !val.isEmpty { return err([], val, ": extra text: " + q(String(decoding: val, as: UTF8.self))) }
                break
            }
            lay = chunk.suffix
            let hold = val
            var bad = false
            var rangeErr = ""
            switch std {
            case .year:
                guard val.count >= 2, let y = Int(String(decoding: val.prefix(2), as: UTF8.self)) else { bad = true; break }
                val = val.dropFirst(2)
                year = y >= 69 ? y + 1900 : y + 2000
            case .longYear:
                guard val.count >= 4, isDigit(val, 0), let y = Int(String(decoding: val.prefix(4), as: UTF8.self)) else { bad = true; break }
                val = val.dropFirst(4)
                year = y
            case .month, .longMonth:
                let table = std == .month ? GoLayout.longMonths.map { String($0.prefix(3)) } : GoLayout.longMonths
                guard let m = lookup(table, &val) else { bad = true; break }
                month = m + 1
            case .numMonth, .zeroMonth:
                guard let m = getnum(&val, std == .zeroMonth) else { bad = true; break }
                month = m
                if m <= 0 || m > 12 { rangeErr = "month" }
            case .weekDay, .longWeekDay:
                let table = std == .weekDay ? GoLayout.longDays.map { String($0.prefix(3)) } : GoLayout.longDays
                if lookup(table, &val) == nil { bad = true }
            case .day, .underDay, .zeroDay:
                if std == .underDay, val.first == 32 { val = val.dropFirst() }
                guard let d = getnum(&val, std == .zeroDay) else { bad = true; break }
                day = d
            case .underYearDay, .zeroYearDay:
                for _ in 0..<2 where std == .underYearDay && val.first == 32 { val = val.dropFirst() }
                var n = 0, i = 0
                while i < 3 && isDigit(val, i) { n = n * 10 + digit(val, i); i += 1 }
                if i == 0 || (std == .zeroYearDay && i != 3) { bad = true; break }
                val = val.dropFirst(i)
                yday = n
            case .hour:
                guard let h = getnum(&val, false) else { bad = true; break }
                hour = h
                if h >= 24 { rangeErr = "hour" }
            case .hour12, .zeroHour12:
                guard let h = getnum(&val, std == .zeroHour12) else { bad = true; break }
                hour = h
                if h > 12 { rangeErr = "hour" }
            case .minute, .zeroMinute:
                guard let m = getnum(&val, std == .zeroMinute) else { bad = true; break }
                minute = m
                if m >= 60 { rangeErr = "minute" }
            case .second, .zeroSecond:
                guard let s = getnum(&val, std == .zeroSecond) else { bad = true; break }
                second = s
                if s >= 60 { rangeErr = "second"; break }
                // A fraction in the value the layout does not spell is still read.
                if val.count >= 2, val.first == 46 || val.first == 44, isDigit(val, 1) {
                    if let nextStd = GoLayout.next(lay).std, nextStd.isFraction { break }
                    var n = 2
                    while isDigit(val, n) { n += 1 }
                    guard let ns = nanos(val, n).0 else { bad = true; break }
                    nsec = ns
                    val = val.dropFirst(n)
                }
            case .pm, .lowerPM:
                guard val.count >= 2 else { bad = true; break }
                let p = String(decoding: val.prefix(2), as: UTF8.self)
                val = val.dropFirst(2)
                switch (p, std == .pm) {
                case ("PM", true), ("pm", false): pmSet = true
                case ("AM", true), ("am", false): amSet = true
                default: bad = true
                }
            case .iso8601TZ, .iso8601ShortTZ, .iso8601ColonTZ, .iso8601SecondsTZ, .iso8601ColonSecondsTZ,
                 .numTZ, .numShortTZ, .numColonTZ, .numSecondsTZ, .numColonSecondsTZ:
                let iso: [GoLayout.Std] = [.iso8601TZ, .iso8601ShortTZ, .iso8601ColonTZ, .iso8601SecondsTZ, .iso8601ColonSecondsTZ]
                if iso.contains(std), val.first == UInt8(ascii: "Z") {
                    val = val.dropFirst()
                    zoneUTC = true
                    break
                }
                let b = Array(val)
                var parts: (sign: UInt8, h: [UInt8], m: [UInt8], s: [UInt8]) = (0, [], [], [])
                switch std {
                case .iso8601ColonTZ, .numColonTZ:
                    guard b.count >= 6, b[3] == 58 else { bad = true; break }
                    parts = (b[0], Array(b[1..<3]), Array(b[4..<6]), [48, 48]); val = val.dropFirst(6)
                case .numShortTZ, .iso8601ShortTZ:
                    guard b.count >= 3 else { bad = true; break }
                    parts = (b[0], Array(b[1..<3]), [48, 48], [48, 48]); val = val.dropFirst(3)
                case .iso8601ColonSecondsTZ, .numColonSecondsTZ:
                    guard b.count >= 9, b[3] == 58, b[6] == 58 else { bad = true; break }
                    parts = (b[0], Array(b[1..<3]), Array(b[4..<6]), Array(b[7..<9])); val = val.dropFirst(9)
                case .iso8601SecondsTZ, .numSecondsTZ:
                    guard b.count >= 7 else { bad = true; break }
                    parts = (b[0], Array(b[1..<3]), Array(b[3..<5]), Array(b[5..<7])); val = val.dropFirst(7)
                default:
                    guard b.count >= 5 else { bad = true; break }
                    parts = (b[0], Array(b[1..<3]), Array(b[3..<5]), [48, 48]); val = val.dropFirst(5)
                }
                if bad { break }
                var hs = ArraySlice(parts.h), ms = ArraySlice(parts.m), ss = ArraySlice(parts.s)
                guard let hh = getnum(&hs, true), let mm = getnum(&ms, true), let sc = getnum(&ss, true) else { bad = true; break }
                zoneOffset = (hh * 60 + mm) * 60 + sc
                switch parts.sign {
                case UInt8(ascii: "+"): break
                case UInt8(ascii: "-"): zoneOffset = -zoneOffset
                default: bad = true
                }
            case .tz:
                if val.starts(with: Array("UTC".utf8)) { val = val.dropFirst(3); zoneUTC = true; break }
                guard let n = timeZoneLength(val) else { bad = true; break }
                zoneName = String(decoding: val.prefix(n), as: UTF8.self)
                val = val.dropFirst(n)
            case .fracSecond0(let digits, _):
                let n = 1 + digits
                guard val.count >= n, let ns = nanos(val, n).0 else { bad = true; break }
                nsec = ns
                val = val.dropFirst(n)
            case .fracSecond9:
                guard val.count >= 2, val.first == 46 || val.first == 44, isDigit(val, 1) else { break }
                var i = 0
                while isDigit(val, i + 1) { i += 1 }
                guard let ns = nanos(val, 1 + i).0 else { bad = true; break }
                nsec = ns
                val = val.dropFirst(1 + i)
            }
            if !rangeErr.isEmpty { return err(chunk.stdText, val, ": \(rangeErr) out of range") }
            if bad { return err(chunk.stdText, hold, "") }
        }
        if pmSet && hour < 12 { hour += 12 } else if amSet && hour == 12 { hour = 0 }

        if yday >= 0 {
            var d = 0, m = 0
            if GoCivil.isLeap(year) {
                if yday == 60 { m = 2; d = 29 } else if yday > 60 { yday -= 1 }
            }
            if yday < 1 || yday > 365 { return err([], val, ": day-of-year out of range") }
            if m == 0 {
                let before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]
                m = (yday - 1) / 31 + 1
                if before[m] < yday { m += 1 }
                d = yday - before[m - 1]
            }
            if month >= 0 && month != m { return err([], val, ": day-of-year does not match month") }
            month = m
            if day >= 0 && day != d { return err([], val, ": day-of-year does not match day") }
            day = d
        } else {
            if month < 0 { month = 1 }
            if day < 0 { day = 1 }
        }
        if day < 1 || day > GoCivil.daysIn(month: month, year: year) { return err([], val, ": day out of range") }

        if zoneUTC {
            return .success(date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanosecond: nsec, location: .utc))
        }
        if zoneOffset != -1 {
            let t = date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanosecond: nsec, location: .utc)
            let unix = t.seconds - zoneOffset
            let local = location.lookup(unix)
            if local.offset == zoneOffset && (zoneName.isEmpty || local.name == zoneName) {
                return .success(GoTime(seconds: unix, nanoseconds: nsec, location: location))
            }
            return .success(GoTime(seconds: unix, nanoseconds: nsec, location: .fixed(zoneName, zoneOffset)))
        }
        if !zoneName.isEmpty {
            let t = date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanosecond: nsec, location: .utc)
            if let offset = location.lookupName(zoneName, unix: t.seconds) {
                return .success(GoTime(seconds: t.seconds - offset, nanoseconds: nsec, location: location))
            }
            var offset = 0
            if zoneName.count > 3, zoneName.hasPrefix("GMT") { offset = (Int(zoneName.dropFirst(3)) ?? 0) * 3600 }
            return .success(GoTime(seconds: t.seconds, nanoseconds: nsec, location: .fixed(zoneName, offset)))
        }
        return .success(date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanosecond: nsec, location: location))
    }

    /// `time.parseTimeZone`: how many bytes of `v` look like a zone abbreviation.
    private static func timeZoneLength(_ v: ArraySlice<UInt8>) -> Int? {
        let b = Array(v.prefix(12))
        guard b.count >= 3 else { return nil }
        if b.count >= 4, b[0..<4].elementsEqual("ChST".utf8) || b[0..<4].elementsEqual("MeST".utf8) { return 4 }
        if b[0..<3].elementsEqual("GMT".utf8) {
            return b.count == 3 ? 3 : 3 + signedOffsetLength(Array(v.dropFirst(3)))
        }
        if b[0] == 43 || b[0] == 45 {
            let n = signedOffsetLength(Array(v))
            return n > 0 ? n : nil
        }
        var upper = 0
        while upper < 6 && upper < b.count && b[upper] >= 65 && b[upper] <= 90 { upper += 1 }
        switch upper {
        case 5: return b[4] == UInt8(ascii: "T") ? 5 : nil
        case 4: return b[3] == UInt8(ascii: "T") || b[0..<4].elementsEqual("WITA".utf8) ? 4 : nil
        case 3: return 3
        default: return nil
        }
    }

    /// `time.parseSignedOffset`: `+h`/`-hh` up to 12, else 0.
    private static func signedOffsetLength(_ v: [UInt8]) -> Int {
        guard let sign = v.first, sign == 43 || sign == 45 else { return 0 }
        var x = 0, i = 1
        while i < v.count, v[i] >= 48, v[i] <= 57 {
            x = x * 10 + Int(v[i] - 48)
            if x > 1 << 40 { return 0 }
            i += 1
        }
        if i == 1 || x > 12 { return 0 }
        return i
    }
}
