/// The pieces of Go's `strconv` and `time.Parse` that go-yaml v2's resolver leans on, over
/// UTF-8 bytes (no Foundation, no regular expressions: these run for every plain scalar).
enum GoNumberSyntax {
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// `strconv.ParseInt(s, 0, 64)`: optional sign, then `0x`/`0o`/`0b` or a leading `0`
    /// (octal) or decimal; nil on syntax errors and overflow.
    static func parseInt(_ s: ArraySlice<UInt8>) -> Int? {
        guard let first = s.first else { return nil }
        var digits = s
        var negative = false
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            digits = s.dropFirst()
        }
        guard let magnitude = parseUInt(digits) else { return nil }
        if negative {
            if magnitude <= UInt64(Int.max) { return -Int(magnitude) }
            if magnitude == UInt64(Int.max) + 1 { return Int.min }
            return nil
        }
        return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil
    }

    /// `strconv.ParseUint(s, 0, 64)` (no sign).
    static func parseUInt(_ s: ArraySlice<UInt8>) -> UInt64? {
        guard !s.isEmpty else { return nil }
        var rest = s
        var base: UInt64 = 10
        if s.first == UInt8(ascii: "0") {
            let second = s.count >= 3 ? s[s.startIndex + 1] | 0x20 : 0
            switch second {
            case UInt8(ascii: "b"): base = 2; rest = s.dropFirst(2)
            case UInt8(ascii: "o"): base = 8; rest = s.dropFirst(2)
            case UInt8(ascii: "x"): base = 16; rest = s.dropFirst(2)
            default: base = 8; rest = s.dropFirst()
            }
        }
        var value: UInt64 = 0
        for c in rest {
            let digit: UInt64
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(c - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(c - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(c - 0x41 + 10)
            default: return nil
            }
            guard digit < base else { return nil }
            let (product, o1) = value.multipliedReportingOverflow(by: base)
            let (sum, o2) = product.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = sum
        }
        return value
    }

    /// go-yaml's `yamlStyleFloat`: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    static func isYAMLFloat(_ s: ArraySlice<UInt8>) -> Bool {
        var i = s.startIndex
        let end = s.endIndex
        if i < end, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
        func digits() -> Int {
            let start = i
            while i < end, isDigit(s[i]) { i += 1 }
            return i - start
        }
        if i < end, s[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if i < end, s[i] == UInt8(ascii: ".") { i += 1; _ = digits() }
        }
        if i < end, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            if i < end, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == end
    }

    /// A decimal float already known to be well formed; infinite when out of range (which Go
    /// reports as an error, so callers treat it as not a number).
    static func parseFloat(_ s: [UInt8]) -> Double? {
        Double(String(decoding: s, as: UTF8.self))
    }

    /// go-yaml's `parseTimestamp`: `YYYY-M-D`, optionally followed by `T`/`t`/space and
    /// `H:M:S`, fractional seconds, and (after `T`) `Z` or `±hh:mm`.
    static func isTimestamp(_ text: String.UTF8View) -> Bool {
        let s = Array(text)
        var i = 0
        func number(max: Int, fixed: Bool) -> Int? {
            let start = i
            while i < s.count, i - start < max, isDigit(s[i]) { i += 1 }
            let n = i - start
            guard n > 0, !fixed || n == max else { return nil }
            return s[start..<i].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(max: 4, fixed: true), expect(UInt8(ascii: "-")),
              let month = number(max: 2, fixed: false), (1...12).contains(month), expect(UInt8(ascii: "-")),
              let day = number(max: 2, fixed: false), day >= 1, day <= daysIn(month: month, year: year) else {
            return false
        }
        if i == s.count { return true }
        let separator = s[i]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ") else {
            return false
        }
        i += 1
        guard let hour = number(max: 2, fixed: false), hour < 24, expect(UInt8(ascii: ":")),
              let minute = number(max: 2, fixed: false), minute < 60, expect(UInt8(ascii: ":")),
              let second = number(max: 2, fixed: false), second < 60 else { return false }
        if i + 1 < s.count, s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: ","), isDigit(s[i + 1]) {
            i += 1
            while i < s.count, isDigit(s[i]) { i += 1 }
        }
        if separator == UInt8(ascii: " ") { return i == s.count }
        if expect(UInt8(ascii: "Z")) { return i == s.count }
        guard i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard let zh = number(max: 2, fixed: true), zh < 24, expect(UInt8(ascii: ":")),
              let zm = number(max: 2, fixed: true), zm < 60 else { return false }
        return i == s.count
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
