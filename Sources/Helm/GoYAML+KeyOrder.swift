/// go-yaml v2's `keyList.Less` for string keys: a "natural" order where runs of digits compare
/// by value (`a2` < `a10`), letters compare by code point, and a non-letter sorts before a
/// letter (`_x` < `a`, `1` < `a`). It is not plain byte order, so `toYaml` output differs from
/// `toJson`'s.
enum GoYAMLKeyOrder {
    static func sorted<S: Sequence>(_ keys: S) -> [String] where S.Element == String {
        let runes = keys.map { ($0, Array($0.unicodeScalars)) }
        return runes.sorted { less($0.1, $1.1) }.map(\.0)
    }

    @inline(__always)
    private static func isLetter(_ r: Unicode.Scalar) -> Bool {
        if r.isASCII {
            let v = r.value
            return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        switch r.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    @inline(__always)
    private static func isDigit(_ r: Unicode.Scalar) -> Bool {
        if r.isASCII { return r.value >= 0x30 && r.value <= 0x39 }
        return r.properties.generalCategory == .decimalNumber
    }

    /// Go's `rune - '0'`, including its arithmetic on non-ASCII digits.
    @inline(__always)
    private static func digitValue(_ r: Unicode.Scalar) -> Int64 { Int64(r.value) - 0x30 }

    static func less(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i < a.count && i < b.count {
            if a[i] == b[i] {
                i += 1
                continue
            }
            let al = isLetter(a[i]), bl = isLetter(b[i])
            if al && bl { return a[i].value < b[i].value }
            if al || bl { return bl }
            var an: Int64 = 0, bn: Int64 = 0
            if a[i] == "0" || b[i] == "0" {
                // Inside a number already (a non-zero digit before): zeros are not leading.
                var j = i - 1
                while j >= 0 && isDigit(a[j]) {
                    if a[j] != "0" {
                        an = 1
                        bn = 1
                        break
                    }
                    j -= 1
                }
            }
            var ai = i
            while ai < a.count && isDigit(a[ai]) {
                an = an &* 10 &+ digitValue(a[ai])
                ai += 1
            }
            var bi = i
            while bi < b.count && isDigit(b[bi]) {
                bn = bn &* 10 &+ digitValue(b[bi])
                bi += 1
            }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return a[i].value < b[i].value
        }
        return a.count < b.count
    }
}
