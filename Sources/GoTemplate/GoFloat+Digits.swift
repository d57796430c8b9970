extension GoFloat {
    /// The shortest digits that read back as `v` (finite, not negative). Zero has no digits.
    static func shortestDigits(_ v: Double) -> Digits {
        if v == 0 { return Digits(d: [], dp: 0) }
        // Integers below 2⁵³ are exact and no shorter digit string reads back as them.
        if v < 9007199254740992, v == v.rounded(.towardZero) {
            return integerDigits(UInt64(v))
        }
        return digits(fromDescription: v.description)
    }

    /// Digits of Swift's shortest description: "123.456", "0.001", "1e-05", "1.5e+20", "5e-324".
    static func digits(fromDescription description: String) -> Digits {
        var d: [UInt8] = []
        d.reserveCapacity(17)
        var intDigits = -1
        var exp = 0
        var expNegative = false
        var inExponent = false
        for c in description.utf8 {
            if inExponent {
                switch c {
                case UInt8(ascii: "-"): expNegative = true
                case UInt8(ascii: "0")...UInt8(ascii: "9"): exp = exp * 10 + Int(c - UInt8(ascii: "0"))
                default: break
                }
                continue
            }
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d.append(c)
            case UInt8(ascii: "."): intDigits = d.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            default: break
            }
        }
        if intDigits < 0 { intDigits = d.count }
        var dp = intDigits + (expNegative ? -exp : exp)
        var lead = 0
        while lead < d.count, d[lead] == UInt8(ascii: "0") { lead += 1 }
        if lead > 0 { d.removeFirst(lead); dp -= lead }
        while let last = d.last, last == UInt8(ascii: "0") { d.removeLast() }
        return Digits(d: d, dp: dp)
    }

    static func integerDigits(_ n: UInt64) -> Digits {
        var d: [UInt8] = []
        d.reserveCapacity(20)
        var n = n
        while n > 0 { d.append(UInt8(ascii: "0") + UInt8(n % 10)); n /= 10 }
        let count = d.count
        d.reverse()
        while let last = d.last, last == UInt8(ascii: "0") { d.removeLast() }
        return Digits(d: d, dp: count)
    }

    /// Every decimal digit of the binary value of `v` (finite, not negative): `m·2^e` is
    /// `m·5^-e / 10^-e`, so the digits are those of one big integer, at most 767 of them.
    static func exactDigits(_ v: Double) -> Digits {
        if v == 0 { return Digits(d: [], dp: 0) }
        var (mant, e2) = binaryParts(v)
        let zeros = mant.trailingZeroBitCount
        mant >>= UInt64(zeros)
        e2 += zeros
        if e2 >= 0 && e2 <= mant.leadingZeroBitCount {
            return integerDigits(mant << UInt64(e2))
        }
        // Little-endian limbs of 10⁹.
        let base: UInt64 = 1_000_000_000
        var limbs: [UInt64] = []
        limbs.reserveCapacity(e2 >= 0 ? e2 / 29 + 4 : (-e2) * 7 / 63 + 4)
        var m = mant
        while m > 0 { limbs.append(m % base); m /= base }
        func multiply(by factor: UInt64) {
            var carry: UInt64 = 0
            for i in limbs.indices {
                let p = limbs[i] * factor + carry
                limbs[i] = p % base
                carry = p / base
            }
            while carry > 0 { limbs.append(carry % base); carry /= base }
        }
        if e2 >= 0 {
            var left = e2
            while left >= 29 { multiply(by: 1 << 29); left -= 29 }
            if left > 0 { multiply(by: 1 << UInt64(left)) }
        } else {
            var left = -e2
            while left >= 13 { multiply(by: 1_220_703_125); left -= 13 }
            var rest: UInt64 = 1
            for _ in 0..<left { rest *= 5 }
            if rest > 1 { multiply(by: rest) }
        }
        var d: [UInt8] = []
        d.reserveCapacity(limbs.count * 9)
        for (i, limb) in limbs.enumerated().reversed() {
            var chunk: [UInt8] = []
            var x = limb
            while x > 0 { chunk.append(UInt8(ascii: "0") + UInt8(x % 10)); x /= 10 }
            if i != limbs.count - 1 {
                while chunk.count < 9 { chunk.append(UInt8(ascii: "0")) }
            }
            d.append(contentsOf: chunk.reversed())
        }
        let count = d.count
        while let last = d.last, last == UInt8(ascii: "0") { d.removeLast() }
        return Digits(d: d, dp: e2 >= 0 ? count : count + e2)
    }

    /// `%.Nf`'s digits without big numbers when they fit: `v·10^N` rounded half to even, from
    /// `m·10^N / 2^s` in 128 bits. Nil when `v` is an integer, tiny, or the result exceeds 64 bits
    /// (the exact path handles those).
    static func roundedFixed(_ v: Double, prec: Int) -> Digits? {
        guard prec >= 0 && prec <= 19, v != 0 else { return nil }
        var (mant, e2) = binaryParts(v)
        let zeros = mant.trailingZeroBitCount
        mant >>= UInt64(zeros)
        e2 += zeros
        let shift = -e2
        guard shift > 0 && shift < 128 else { return nil }
        var scale: UInt64 = 1
        for _ in 0..<prec { scale *= 10 }
        let (hi, lo) = mant.multipliedFullWidth(by: scale)
        // quotient = full >> shift, remainder = full mod 2^shift, compared with 2^(shift-1).
        var q: UInt64
        var remainderAboveHalf: Bool
        var remainderIsHalf: Bool
        if shift < 64 {
            guard hi >> UInt64(shift) == 0 else { return nil }
            q = (lo >> UInt64(shift)) | (hi << UInt64(64 - shift))
            let rem = lo & ((1 << UInt64(shift)) - 1)
            let half: UInt64 = 1 << UInt64(shift - 1)
            remainderAboveHalf = rem > half
            remainderIsHalf = rem == half
        } else if shift == 64 {
            q = hi
            remainderAboveHalf = lo > 1 << 63
            remainderIsHalf = lo == 1 << 63
        } else {
            let s = UInt64(shift - 64)
            q = hi >> s
            let remHi = hi & ((1 << s) - 1)
            let halfHi: UInt64 = 1 << (s - 1)
            remainderAboveHalf = remHi > halfHi || (remHi == halfHi && lo > 0)
            remainderIsHalf = remHi == halfHi && lo == 0
        }
        if remainderAboveHalf || (remainderIsHalf && q & 1 == 1) {
            guard q < UInt64.max else { return nil }
            q += 1
        }
        if q == 0 { return Digits(d: [], dp: 0) }
        var digs = integerDigits(q)
        digs.dp -= prec
        return digs
    }
}
