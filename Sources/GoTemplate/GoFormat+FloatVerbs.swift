extension GoFormat.Printer {
    /// Go's `fmt.fmtFloat`: strconv's digits, then the sign flags, `#`'s kept point and trailing
    /// zeros, and zero padding after the sign (never for Inf and NaN).
    mutating func fmtFloat(_ v: Double, verb: UInt8, prec defaultPrec: Int) {
        let prec = f.precPresent ? f.prec : defaultPrec
        var num: [UInt8] = [UInt8(ascii: "+")]
        GoFloat.append(v, fmt: verb, prec: prec, to: &num)
        if num[1] == UInt8(ascii: "-") || num[1] == UInt8(ascii: "+") { num.removeFirst() }
        if f.space && num[0] == UInt8(ascii: "+") && !f.plus { num[0] = UInt8(ascii: " ") }
        if num[1] == UInt8(ascii: "I") || num[1] == UInt8(ascii: "N") {
            let oldZero = f.zero
            f.zero = false
            if num[1] == UInt8(ascii: "N") && !f.space && !f.plus { num.removeFirst() }
            pad(num)
            f.zero = oldZero
            return
        }
        if f.sharp && verb != UInt8(ascii: "b") {
            var digits = 0
            switch verb {
            case UInt8(ascii: "v"), UInt8(ascii: "g"), UInt8(ascii: "G"), UInt8(ascii: "x"):
                digits = prec == -1 ? 6 : prec
            default: break
            }
            var tail: [UInt8] = []
            var hasPoint = false
            var sawNonzero = false
            var i = 1
            let hexVerb = verb == UInt8(ascii: "x") || verb == UInt8(ascii: "X")
            while i < num.count {
                let c = num[i]
                if c == UInt8(ascii: "p") || c == UInt8(ascii: "P")
                    || (!hexVerb && (c == UInt8(ascii: "e") || c == UInt8(ascii: "E"))) {
                    tail.append(contentsOf: num[i...])
                    num.removeSubrange(i...)
                    break
                }
                if c == UInt8(ascii: ".") {
                    hasPoint = true
                } else {
                    if c != UInt8(ascii: "0") { sawNonzero = true }
                    if sawNonzero { digits -= 1 }
                }
                i += 1
            }
            if !hasPoint {
                if num.count == 2 && num[1] == UInt8(ascii: "0") { digits -= 1 }
                num.append(UInt8(ascii: "."))
            }
            while digits > 0 { num.append(UInt8(ascii: "0")); digits -= 1 }
            num.append(contentsOf: tail)
        }
        if f.plus || num[0] != UInt8(ascii: "+") {
            if f.zero && f.widPresent && f.wid > num.count {
                buf.append(num[0])
                writePadding(f.wid - num.count)
                buf.append(contentsOf: num[1...])
                return
            }
            pad(num)
            return
        }
        pad(num[1...])
    }
}
