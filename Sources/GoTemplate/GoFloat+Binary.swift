/// The binary forms of `strconv.FormatFloat`: `'b'` and the hexadecimal `'x'`/`'X'`.
extension GoFloat {
    /// `|v|` as `mant·2^exp` with the integer mantissa `FormatFloat` starts from: the 52 stored
    /// bits, with the implicit leading bit for a normal number.
    static func binaryParts(_ v: Double) -> (mant: UInt64, exp: Int) {
        let bits = v.bitPattern
        let biased = Int((bits >> 52) & 0x7FF)
        let mant = bits & ((1 << 52) - 1)
        if biased == 0 { return (mant, 1 - 1075) }
        return (mant | 1 << 52, biased - 1075)
    }

    /// `'b'`: `-ddddp±ddd`, the mantissa and binary exponent in decimal.
    static func appendBinary(_ v: Double, neg: Bool, to out: inout [UInt8]) {
        let (mant, exp) = binaryParts(v)
        if neg { out.append(UInt8(ascii: "-")) }
        out.append(contentsOf: String(mant).utf8)
        out.append(UInt8(ascii: "p"))
        if exp >= 0 { out.append(UInt8(ascii: "+")) }
        out.append(contentsOf: String(exp).utf8)
    }

    /// `'x'`: `-0x1.hhhhp±dd`, rounded to `prec` hex digits (half to even) when `prec` ≥ 0.
    static func appendHex(_ v: Double, prec: Int, upper: Bool, neg: Bool, to out: inout [UInt8]) {
        var (mant, exp) = binaryParts(v)
        exp += 52
        if mant == 0 { exp = 0 }
        // Leading 1 (if any) at bit 60.
        mant <<= 8
        while mant != 0 && mant & (1 << 60) == 0 { mant <<= 1; exp -= 1 }
        if prec >= 0 && prec < 15 {
            let shift = UInt64(prec * 4)
            let extra = (mant << shift) & ((1 << 60) - 1)
            mant >>= 60 - shift
            if extra | (mant & 1) > 1 << 59 { mant += 1 }
            mant <<= 60 - shift
            if mant & (1 << 61) != 0 { mant >>= 1; exp += 1 }
        }
        let hex = Array((upper ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        if neg { out.append(UInt8(ascii: "-")) }
        out.append(UInt8(ascii: "0"))
        out.append(upper ? UInt8(ascii: "X") : UInt8(ascii: "x"))
        out.append(UInt8(ascii: "0") + UInt8((mant >> 60) & 1))
        mant <<= 4
        if prec < 0 && mant != 0 {
            out.append(UInt8(ascii: "."))
            while mant != 0 { out.append(hex[Int((mant >> 60) & 15)]); mant <<= 4 }
        } else if prec > 0 {
            out.append(UInt8(ascii: "."))
            for _ in 0..<prec { out.append(hex[Int((mant >> 60) & 15)]); mant <<= 4 }
        }
        out.append(upper ? UInt8(ascii: "P") : UInt8(ascii: "p"))
        if exp < 0 { out.append(UInt8(ascii: "-")); exp = -exp } else { out.append(UInt8(ascii: "+")) }
        if exp < 10 { out.append(UInt8(ascii: "0")) }
        out.append(contentsOf: String(exp).utf8)
    }
}
