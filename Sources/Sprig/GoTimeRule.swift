/// The POSIX TZ rule at the end of a TZif file (`EST5EDT,M3.2.0,M11.1.0`), which decides the
/// zone after the last listed transition, as Go's `tzset` does.
enum GoTZRule {
    private enum Kind { case julian, dayOfYear, monthWeekDay }
    private struct Rule { var kind: Kind; var day = 0, week = 0, month = 0, time = 7200 }

    static func evaluate(_ rule: String, lastTransition: Int, sec: Int) -> GoLocation.Lookup? {
        var s = Substring(rule)
        guard let stdName = name(&s), let stdOff = offset(&s) else { return nil }
        let stdOffset = -stdOff
        if s.isEmpty || s.first == "," {
            return GoLocation.Lookup(name: stdName, offset: stdOffset, start: lastTransition, end: Int.max, isDST: false)
        }
        guard let dstName = name(&s) else { return nil }
        var dstOffset = stdOffset + 3600
        if !s.isEmpty && s.first != "," {
            guard let off = offset(&s) else { return nil }
            dstOffset = -off
        }
        if s.isEmpty { s = ",M3.2.0,M11.1.0" }
        guard s.first == "," else { return nil }
        s.removeFirst()
        guard let startRule = parseRule(&s), s.first == "," else { return nil }
        s.removeFirst()
        guard let endRule = parseRule(&s), s.isEmpty else { return nil }

        let days = GoCivil.floorDiv(sec, 86400)
        let (year, _, _) = GoCivil.civil(days)
        let yearStartDays = GoCivil.days(year: year, month: 1, day: 1)
        let ysec = (days - yearStartDays) * 86400 + GoCivil.floorMod(sec, 86400)
        let abs = yearStartDays * 86400
        var startSec = ruleTime(year, startRule, stdOffset)
        var endSec = ruleTime(year, endRule, dstOffset)
        var (sName, sOff, dName, dOff, dstIsDST, stdIsDST) = (stdName, stdOffset, dstName, dstOffset, true, false)
        if endSec < startSec {
            swap(&startSec, &endSec)
            swap(&sName, &dName)
            swap(&sOff, &dOff)
            swap(&dstIsDST, &stdIsDST)
        }
        if ysec < startSec {
            return GoLocation.Lookup(name: sName, offset: sOff, start: abs, end: startSec + abs, isDST: stdIsDST)
        } else if ysec >= endSec {
            return GoLocation.Lookup(name: sName, offset: sOff, start: endSec + abs, end: abs + 365 * 86400, isDST: stdIsDST)
        }
        return GoLocation.Lookup(name: dName, offset: dOff, start: startSec + abs, end: endSec + abs, isDST: dstIsDST)
    }

    private static func name(_ s: inout Substring) -> String? {
        if s.first == "<" {
            guard let close = s.firstIndex(of: ">") else { return nil }
            let n = String(s[s.index(after: s.startIndex)..<close])
            s = s[s.index(after: close)...]
            return n
        }
        let end = s.firstIndex { $0.isASCII && ($0.isNumber || $0 == "," || $0 == "-" || $0 == "+") } ?? s.endIndex
        let n = s[..<end]
        guard n.count >= 3 else { return nil }
        s = s[end...]
        return String(n)
    }

    private static func number(_ s: inout Substring) -> Int? {
        var v = 0, any = false
        while let c = s.first, let d = c.wholeNumberValue, c.isASCII {
            v = v * 10 + d
            any = true
            s.removeFirst()
            if v > 1_000_000 { return nil }
        }
        return any ? v : nil
    }

    /// `[+-]hh[:mm[:ss]]` in seconds.
    private static func offset(_ s: inout Substring) -> Int? {
        var neg = false
        if s.first == "+" { s.removeFirst() } else if s.first == "-" { s.removeFirst(); neg = true }
        guard let h = number(&s), h <= 168 else { return nil }
        var off = h * 3600
        if s.first == ":" {
            s.removeFirst()
            guard let m = number(&s), m < 60 else { return nil }
            off += m * 60
            if s.first == ":" {
                s.removeFirst()
                guard let sec = number(&s), sec < 60 else { return nil }
                off += sec
            }
        }
        return neg ? -off : off
    }

    private static func parseRule(_ s: inout Substring) -> Rule? {
        var r: Rule
        switch s.first {
        case "J":
            s.removeFirst()
            guard let d = number(&s), (1...365).contains(d) else { return nil }
            r = Rule(kind: .julian, day: d)
        case "M":
            s.removeFirst()
            guard let m = number(&s), (1...12).contains(m), s.first == "." else { return nil }
            s.removeFirst()
            guard let w = number(&s), (1...5).contains(w), s.first == "." else { return nil }
            s.removeFirst()
            guard let d = number(&s), (0...6).contains(d) else { return nil }
            r = Rule(kind: .monthWeekDay, day: d, week: w, month: m)
        default:
            guard let d = number(&s), d <= 365 else { return nil }
            r = Rule(kind: .dayOfYear, day: d)
        }
        if s.first == "/" {
            s.removeFirst()
            guard let t = offset(&s) else { return nil }
            r.time = t
        }
        return r
    }

    /// Seconds from the start of `year` (UTC) to the rule's instant, given the offset in force.
    private static func ruleTime(_ year: Int, _ r: Rule, _ off: Int) -> Int {
        var s: Int
        switch r.kind {
        case .julian:
            s = (r.day - 1) * 86400
            if GoCivil.isLeap(year) && r.day >= 60 { s += 86400 }
        case .dayOfYear:
            s = r.day * 86400
        case .monthWeekDay:
            let first = GoCivil.days(year: year, month: r.month, day: 1)
            let dow = GoCivil.floorMod(first + 4, 7)
            var d = r.day - dow
            if d < 0 { d += 7 }
            for _ in 1..<r.week where d + 7 < GoCivil.daysIn(month: r.month, year: year) { d += 7 }
            s = (first - GoCivil.days(year: year, month: 1, day: 1) + d) * 86400
        }
        return s + r.time - off
    }
}

/// Proleptic Gregorian calendar arithmetic on days since 1970-01-01.
enum GoCivil {
    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a - 1) / b) - 1 }
    static func floorMod(_ a: Int, _ b: Int) -> Int { a - floorDiv(a, b) * b }
    static func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }
    static func daysIn(month: Int, year: Int) -> Int {
        month == 2 ? (isLeap(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// Days since the Unix epoch of a (possibly out-of-range, normalised) civil date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = floorDiv(z, 146097)
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
