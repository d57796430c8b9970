/// `strconv.FormatFloat` for float64, byte for byte as Go 1.22 prints it.
///
/// Shortest forms (precision -1) take their digits from Swift's `description`, which is also the
/// shortest string that round-trips and, among those, the closest to the exact value — the same
/// digits Go's Ryū picks; only the layout differs. Fixed precisions round the exact binary value
/// (`GoFloat+Exact.swift`), half to even on exact ties, as Go's `decimal` and `ryuFtoaFixed` do.
enum GoFloat {
    /// Decimal digits `0.d₁d₂…dₙ × 10^dp`, without leading or trailing zeros (zero has none).
    struct Digits {
        var d: [UInt8]
        var dp: Int
        var nd: Int { d.count }
    }

    /// `strconv.FormatFloat(v, fmt, prec, 64)` appended to `out`. An unknown `fmt` appends `%`
    /// and the byte, as Go does.
    static func append(_ v: Double, fmt: UInt8, prec: Int, to out: inout [UInt8]) {
        if v.isNaN { out.append(contentsOf: "NaN".utf8); return }
        if v.isInfinite { out.append(contentsOf: (v < 0 ? "-Inf" : "+Inf").utf8); return }
        let neg = v.sign == .minus
        switch fmt {
        case UInt8(ascii: "b"): appendBinary(v, neg: neg, to: &out); return
        case UInt8(ascii: "x"), UInt8(ascii: "X"): appendHex(v, prec: prec, upper: fmt == UInt8(ascii: "X"), neg: neg, to: &out); return
        case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "f"), UInt8(ascii: "g"), UInt8(ascii: "G"): break
        default: out.append(UInt8(ascii: "%")); out.append(fmt); return
        }
        let magnitude = v.magnitude
        var prec = prec
        let shortest = prec < 0
        var digs: Digits
        if shortest {
            digs = shortestDigits(magnitude)
            switch fmt {
            case UInt8(ascii: "e"), UInt8(ascii: "E"): prec = max(digs.nd - 1, 0)
            case UInt8(ascii: "f"): prec = max(digs.nd - digs.dp, 0)
            default: prec = digs.nd
            }
        } else {
            if fmt == UInt8(ascii: "f"), let fixed = roundedFixed(magnitude, prec: prec) {
                layout(fixed, neg: neg, fmt: fmt, prec: prec, shortest: false, to: &out)
                return
            }
            digs = exactDigits(magnitude)
            switch fmt {
            case UInt8(ascii: "e"), UInt8(ascii: "E"): round(&digs, to: prec + 1)
            case UInt8(ascii: "f"): round(&digs, to: digs.dp + prec)
            default:
                if prec == 0 { prec = 1 }
                round(&digs, to: prec)
            }
        }
        layout(digs, neg: neg, fmt: fmt, prec: prec, shortest: shortest, to: &out)
    }

    /// `FormatFloat(v, 'g', -1, 64)`, the `%v` of every float64 a template prints.
    static func shortestG(_ v: Double) -> String {
        let magnitude = v.magnitude
        // Integers below 1e6 print as themselves; they are most numbers of a values file.
        if magnitude < 1e6, v == v.rounded(.towardZero), !(v == 0 && v.sign == .minus) {
            return String(Int(v))
        }
        guard v.isFinite else { return v.isNaN ? "NaN" : (v < 0 ? "-Inf" : "+Inf") }
        // Swift's description has Go's digits, and Go's layout too wherever both use the same
        // notation: fractions from 1e-4 up to 1e6, and exponent forms ("1e-05", "1.5e+300").
        var out: [UInt8] = []
        out.reserveCapacity(24)
        if magnitude < 9007199254740992 && v == v.rounded(.towardZero) {
            // -0 and integers from 1e6: "1.234567e+06".
            layoutShortestG(v == 0 ? Digits(d: [], dp: 0) : integerDigits(UInt64(magnitude)), neg: v.sign == .minus, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        let description = v.description
        if magnitude < 1e6 && magnitude >= 1e-4 { return description }
        if description.utf8.contains(UInt8(ascii: "e")) { return description }
        layoutShortestG(digits(fromDescription: description), neg: v.sign == .minus, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The shortest `%g` layout of shortest digits.
    static func layoutShortestG(_ digs: Digits, neg: Bool, to out: inout [UInt8]) {
        layout(digs, neg: neg, fmt: UInt8(ascii: "g"), prec: digs.nd, shortest: true, to: &out)
    }

    /// Go's `%e`/`%f`/`%g` choice and layout of already rounded digits.
    static func layout(_ digs: Digits, neg: Bool, fmt: UInt8, prec: Int, shortest: Bool, to out: inout [UInt8]) {
        switch fmt {
        case UInt8(ascii: "e"), UInt8(ascii: "E"):
            appendE(digs, neg: neg, prec: prec, fmt: fmt, to: &out)
        case UInt8(ascii: "f"):
            appendF(digs, neg: neg, prec: prec, to: &out)
        default:
            var eprec = prec
            if eprec > digs.nd && digs.nd >= digs.dp { eprec = digs.nd }
            // The shortest form decides between %e and %f as if its precision were 6.
            if shortest { eprec = 6 }
            let exp = digs.dp - 1
            var prec = prec
            if exp < -4 || exp >= eprec {
                if prec > digs.nd { prec = digs.nd }
                appendE(digs, neg: neg, prec: prec - 1, fmt: fmt - 2 /* 'g'→'e', 'G'→'E' */, to: &out)
                return
            }
            if prec > digs.dp { prec = digs.nd }
            appendF(digs, neg: neg, prec: max(prec - digs.dp, 0), to: &out)
        }
    }

    /// `d.ddddde±dd`: at least two exponent digits.
    static func appendE(_ digs: Digits, neg: Bool, prec: Int, fmt: UInt8, to out: inout [UInt8]) {
        if neg { out.append(UInt8(ascii: "-")) }
        out.append(digs.nd == 0 ? UInt8(ascii: "0") : digs.d[0])
        if prec > 0 {
            out.append(UInt8(ascii: "."))
            let m = min(digs.nd, prec + 1)
            if m > 1 { out.append(contentsOf: digs.d[1..<m]) }
            var i = max(m, 1)
            while i <= prec { out.append(UInt8(ascii: "0")); i += 1 }
        }
        out.append(fmt)
        var exp = digs.nd == 0 ? 0 : digs.dp - 1
        if exp < 0 { out.append(UInt8(ascii: "-")); exp = -exp } else { out.append(UInt8(ascii: "+")) }
        if exp < 10 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "0") + UInt8(exp))
        } else if exp < 100 {
            out.append(UInt8(ascii: "0") + UInt8(exp / 10))
            out.append(UInt8(ascii: "0") + UInt8(exp % 10))
        } else {
            out.append(UInt8(ascii: "0") + UInt8(exp / 100))
            out.append(UInt8(ascii: "0") + UInt8(exp / 10 % 10))
            out.append(UInt8(ascii: "0") + UInt8(exp % 10))
        }
    }

    /// `ddd.ddd` with exactly `prec` fraction digits.
    static func appendF(_ digs: Digits, neg: Bool, prec: Int, to out: inout [UInt8]) {
        if neg { out.append(UInt8(ascii: "-")) }
        if digs.dp > 0 {
            let m = min(digs.nd, digs.dp)
            out.append(contentsOf: digs.d[0..<m])
            if m < digs.dp { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digs.dp - m)) }
        } else {
            out.append(UInt8(ascii: "0"))
        }
        guard prec > 0 else { return }
        out.append(UInt8(ascii: "."))
        for i in 1...prec {
            let j = digs.dp + i - 1
            out.append(j >= 0 && j < digs.nd ? digs.d[j] : UInt8(ascii: "0"))
        }
    }

    /// Rounds to `nd` digits, half to even when the dropped part is exactly one half (the digits
    /// are exact, so a final `5` is an exact tie).
    static func round(_ digs: inout Digits, to nd: Int) {
        guard nd >= 0, nd < digs.nd else { return }
        let roundUp: Bool
        if digs.d[nd] == UInt8(ascii: "5") && nd + 1 == digs.nd {
            roundUp = nd > 0 && (digs.d[nd - 1] - UInt8(ascii: "0")) % 2 == 1
        } else {
            roundUp = digs.d[nd] >= UInt8(ascii: "5")
        }
        if roundUp {
            var i = nd - 1
            while i >= 0 {
                if digs.d[i] < UInt8(ascii: "9") {
                    digs.d[i] += 1
                    digs.d.removeSubrange((i + 1)...)
                    return
                }
                i -= 1
            }
            // All nines (or nothing kept): 1 followed by the point moved one place.
            digs.d = [UInt8(ascii: "1")]
            digs.dp += 1
        } else {
            digs.d.removeSubrange(nd...)
            while let last = digs.d.last, last == UInt8(ascii: "0") { digs.d.removeLast() }
            if digs.d.isEmpty { digs.dp = 0 }
        }
    }
}
