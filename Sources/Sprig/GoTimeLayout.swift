/// Go's reference-time layouts (`Mon Jan 2 15:04:05 MST 2006`): the chunker both formatting
/// and parsing walk, as `time.nextStdChunk`.
enum GoLayout {
    enum Std: Equatable {
        case longMonth, month, numMonth, zeroMonth
        case longWeekDay, weekDay
        case day, underDay, zeroDay, underYearDay, zeroYearDay
        case hour, hour12, zeroHour12, minute, zeroMinute, second, zeroSecond
        case longYear, year, pm, lowerPM, tz
        case iso8601TZ, iso8601SecondsTZ, iso8601ShortTZ, iso8601ColonTZ, iso8601ColonSecondsTZ
        case numTZ, numSecondsTZ, numShortTZ, numColonTZ, numColonSecondsTZ
        /// `.000` (fixed digits) or `.999` (trailing zeros trimmed); `separator` is `.` or `,`.
        case fracSecond0(digits: Int, separator: UInt8)
        case fracSecond9(digits: Int, separator: UInt8)

        var isFraction: Bool {
            switch self {
            case .fracSecond0, .fracSecond9: return true
            default: return false
            }
        }
    }

    struct Chunk { var prefix: ArraySlice<UInt8>; var std: Std?; var stdText: ArraySlice<UInt8>; var suffix: ArraySlice<UInt8> }

    static func next(_ l: ArraySlice<UInt8>) -> Chunk {
        let s = l.startIndex, e = l.endIndex
        func has(_ i: Int, _ text: StaticString) -> Bool {
            let n = text.utf8CodeUnitCount
            guard e - i >= n else { return false }
            return text.withUTF8Buffer { l[i..<(i + n)].elementsEqual($0) }
        }
        func chunk(_ i: Int, _ n: Int, _ std: Std) -> Chunk {
            Chunk(prefix: l[s..<i], std: std, stdText: l[i..<(i + n)], suffix: l[(i + n)...])
        }
        func lowerAt(_ i: Int) -> Bool { i < e && l[i] >= 97 && l[i] <= 122 }
        func digitAt(_ i: Int) -> Bool { i < e && l[i] >= 48 && l[i] <= 57 }
        var i = s
        while i < e {
            switch l[i] {
            case UInt8(ascii: "J"):
                if has(i, "Jan") {
                    if has(i, "January") { return chunk(i, 7, .longMonth) }
                    if !lowerAt(i + 3) { return chunk(i, 3, .month) }
                }
            case UInt8(ascii: "M"):
                if has(i, "Mon") {
                    if has(i, "Monday") { return chunk(i, 6, .longWeekDay) }
                    if !lowerAt(i + 3) { return chunk(i, 3, .weekDay) }
                }
                if has(i, "MST") { return chunk(i, 3, .tz) }
            case UInt8(ascii: "0"):
                if i + 1 < e, l[i + 1] >= 49, l[i + 1] <= 54 {
                    let stds: [Std] = [.zeroMonth, .zeroDay, .zeroHour12, .zeroMinute, .zeroSecond, .year]
                    return chunk(i, 2, stds[Int(l[i + 1]) - 49])
                }
                if has(i, "002") { return chunk(i, 3, .zeroYearDay) }
            case UInt8(ascii: "1"):
                if has(i, "15") { return chunk(i, 2, .hour) }
                return chunk(i, 1, .numMonth)
            case UInt8(ascii: "2"):
                if has(i, "2006") { return chunk(i, 4, .longYear) }
                return chunk(i, 1, .day)
            case UInt8(ascii: "_"):
                if has(i, "_2") {
                    // `_2006` is a literal underscore and a year.
                    if has(i + 1, "2006") { return chunk(i + 1, 4, .longYear) }
                    return chunk(i, 2, .underDay)
                }
                if has(i, "__2") { return chunk(i, 3, .underYearDay) }
            case UInt8(ascii: "3"): return chunk(i, 1, .hour12)
            case UInt8(ascii: "4"): return chunk(i, 1, .minute)
            case UInt8(ascii: "5"): return chunk(i, 1, .second)
            case UInt8(ascii: "P"): if has(i, "PM") { return chunk(i, 2, .pm) }
            case UInt8(ascii: "p"): if has(i, "pm") { return chunk(i, 2, .lowerPM) }
            case UInt8(ascii: "-"):
                if has(i, "-070000") { return chunk(i, 7, .numSecondsTZ) }
                if has(i, "-07:00:00") { return chunk(i, 9, .numColonSecondsTZ) }
                if has(i, "-0700") { return chunk(i, 5, .numTZ) }
                if has(i, "-07:00") { return chunk(i, 6, .numColonTZ) }
                if has(i, "-07") { return chunk(i, 3, .numShortTZ) }
            case UInt8(ascii: "Z"):
                if has(i, "Z070000") { return chunk(i, 7, .iso8601SecondsTZ) }
                if has(i, "Z07:00:00") { return chunk(i, 9, .iso8601ColonSecondsTZ) }
                if has(i, "Z0700") { return chunk(i, 5, .iso8601TZ) }
                if has(i, "Z07:00") { return chunk(i, 6, .iso8601ColonTZ) }
                if has(i, "Z07") { return chunk(i, 3, .iso8601ShortTZ) }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                if i + 1 < e, l[i + 1] == 48 || l[i + 1] == 57 {
                    let ch = l[i + 1]
                    var j = i + 1
                    while j < e && l[j] == ch { j += 1 }
                    if !digitAt(j) {
                        let n = j - (i + 1)
                        return chunk(i, j - i, ch == 48 ? .fracSecond0(digits: n, separator: l[i]) : .fracSecond9(digits: n, separator: l[i]))
                    }
                }
            default: break
            }
            i += 1
        }
        return Chunk(prefix: l, std: nil, stdText: l[e...], suffix: l[e...])
    }

    static let longMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
    static let longDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
}

extension GoTime {
    /// `t.Format(layout)`.
    func format(_ layout: String) -> String {
        let f = fields
        var out = [UInt8]()
        out.reserveCapacity(layout.utf8.count + 10)
        func int(_ v: Int, _ width: Int) {
            var u = v
            if v < 0 { out.append(UInt8(ascii: "-")); u = -v }
            let digits = String(u).utf8
            if digits.count < width { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits.count)) }
            out.append(contentsOf: digits)
        }
        func text(_ s: String) { out.append(contentsOf: s.utf8) }
        var rest = ArraySlice(Array(layout.utf8))
        while true {
            let c = GoLayout.next(rest)
            out.append(contentsOf: c.prefix)
            guard let std = c.std else { break }
            rest = c.suffix
            switch std {
            case .year: int(f.year % 100, 2)
            case .longYear: int(f.year, 4)
            case .month: text(String(GoLayout.longMonths[f.month - 1].prefix(3)))
            case .longMonth: text(GoLayout.longMonths[f.month - 1])
            case .numMonth: int(f.month, 0)
            case .zeroMonth: int(f.month, 2)
            case .weekDay: text(String(GoLayout.longDays[f.weekday].prefix(3)))
            case .longWeekDay: text(GoLayout.longDays[f.weekday])
            case .day: int(f.day, 0)
            case .underDay:
                if f.day < 10 { out.append(UInt8(ascii: " ")) }
                int(f.day, 0)
            case .zeroDay: int(f.day, 2)
            case .underYearDay:
                if f.yearDay < 100 { out.append(UInt8(ascii: " ")); if f.yearDay < 10 { out.append(UInt8(ascii: " ")) } }
                int(f.yearDay, 0)
            case .zeroYearDay: int(f.yearDay, 3)
            case .hour: int(f.hour, 2)
            case .hour12: int(f.hour % 12 == 0 ? 12 : f.hour % 12, 0)
            case .zeroHour12: int(f.hour % 12 == 0 ? 12 : f.hour % 12, 2)
            case .minute: int(f.minute, 0)
            case .zeroMinute: int(f.minute, 2)
            case .second: int(f.second, 0)
            case .zeroSecond: int(f.second, 2)
            case .pm: text(f.hour >= 12 ? "PM" : "AM")
            case .lowerPM: text(f.hour >= 12 ? "pm" : "am")
            case .iso8601TZ, .iso8601SecondsTZ, .iso8601ShortTZ, .iso8601ColonTZ, .iso8601ColonSecondsTZ,
                 .numTZ, .numSecondsTZ, .numShortTZ, .numColonTZ, .numColonSecondsTZ:
                let iso: [GoLayout.Std] = [.iso8601TZ, .iso8601SecondsTZ, .iso8601ShortTZ, .iso8601ColonTZ, .iso8601ColonSecondsTZ]
                if f.offset == 0 && iso.contains(std) { out.append(UInt8(ascii: "Z")); break }
                var zone = f.offset / 60
                var absOffset = f.offset
                if zone < 0 { out.append(UInt8(ascii: "-")); zone = -zone; absOffset = -absOffset } else { out.append(UInt8(ascii: "+")) }
                int(zone / 60, 2)
                if [.iso8601ColonTZ, .numColonTZ, .iso8601ColonSecondsTZ, .numColonSecondsTZ].contains(std) { out.append(UInt8(ascii: ":")) }
                if std != .numShortTZ && std != .iso8601ShortTZ { int(zone % 60, 2) }
                if [.iso8601SecondsTZ, .numSecondsTZ, .numColonSecondsTZ, .iso8601ColonSecondsTZ].contains(std) {
                    if std == .numColonSecondsTZ || std == .iso8601ColonSecondsTZ { out.append(UInt8(ascii: ":")) }
                    int(absOffset % 60, 2)
                }
            case .tz:
                if !f.zoneName.isEmpty { text(f.zoneName); break }
                var zone = f.offset / 60
                if zone < 0 { out.append(UInt8(ascii: "-")); zone = -zone } else { out.append(UInt8(ascii: "+")) }
                int(zone / 60, 2)
                int(zone % 60, 2)
            case .fracSecond0(let n, let sep), .fracSecond9(let n, let sep):
                var digits = Array(String(nanoseconds).utf8)
                digits = [UInt8](repeating: UInt8(ascii: "0"), count: 9 - digits.count) + digits
                var frac = Array(digits.prefix(min(n, 9)))
                if case .fracSecond9 = std {
                    while frac.last == UInt8(ascii: "0") { frac.removeLast() }
                    if frac.isEmpty { break }
                }
                out.append(sep)
                out.append(contentsOf: frac)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
