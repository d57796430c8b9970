extension GoFormat.Printer {
    /// Go's `doPrintf`: literal text, then per verb the flags, an optional `[n]` argument index,
    /// width and precision (digits or `*` from the arguments), and the verb. Problems print in
    /// place, as Go does: `%!v(MISSING)`, `%!d(BADINDEX)`, `%!(BADWIDTH)`, `%!(BADPREC)`,
    /// `%!(NOVERB)`, and unused arguments as `%!(EXTRA type=value, …)` unless the format used
    /// explicit indexes.
    mutating func doPrintf(_ format: String, _ args: [GoValue]) {
        var format = format
        format.withUTF8 { doPrintf($0, args) }
    }

    /// `[n]` at `i`: the zero-based index, the position after it, and whether it was well formed.
    private mutating func argNumber(_ s: UnsafeBufferPointer<UInt8>, _ argNum: Int, _ i: Int, _ count: Int) -> (Int, Int, Bool) {
        let end = s.count
        guard i < end, s[i] == UInt8(ascii: "[") else { return (argNum, i, false) }
        reordered = true
        var close = i + 1
        while close < end, s[close] != UInt8(ascii: "]") { close += 1 }
        guard end - i >= 3, close < end else {
            goodArgNum = false
            return (argNum, i + 1, false)
        }
        let (n, isNum, newi) = Self.parseNum(s, i + 1, close)
        guard isNum, newi == close else {
            goodArgNum = false
            return (argNum, close + 1, false)
        }
        let index = n - 1
        if index >= 0 && index < count { return (index, close + 1, true) }
        goodArgNum = false
        return (argNum, close + 1, true)
    }

    /// Go's `parsenum`: digits from `start` to before `stop`; beyond a million, no number.
    private static func parseNum(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> (Int, Bool, Int) {
        guard start < stop else { return (0, false, stop) }
        var num = 0
        var isNum = false
        var j = start
        while j < stop, s[j] >= UInt8(ascii: "0"), s[j] <= UInt8(ascii: "9") {
            if num > 1_000_000 { return (0, false, stop) }
            num = num * 10 + Int(s[j] - UInt8(ascii: "0"))
            isNum = true
            j += 1
        }
        return (num, isNum, j)
    }

    /// A `*` width or precision: an integer argument within a million.
    private static func intFromArg(_ args: [GoValue], _ argNum: Int) -> (Int, Bool, Int) {
        guard argNum < args.count else { return (0, false, argNum) }
        var num = 0
        var isInt = false
        switch args[argNum] {
        case .int(let n, _): num = n; isInt = true
        case .uint(let u, _): if u <= UInt(Int.max) { num = Int(u); isInt = true }
        default: break
        }
        if num > 1_000_000 || num < -1_000_000 { return (0, false, argNum + 1) }
        return (num, isInt, argNum + 1)
    }

    private mutating func doPrintf(_ s: UnsafeBufferPointer<UInt8>, _ args: [GoValue]) {
        let end = s.count
        var argNum = 0
        var afterIndex = false
        reordered = false
        var i = 0

        while i < end {
            goodArgNum = true
            let lasti = i
            while i < end && s[i] != UInt8(ascii: "%") { i += 1 }
            if i > lasti { buf.append(contentsOf: UnsafeBufferPointer(rebasing: s[lasti..<i])) }
            if i >= end { break }
            i += 1
            f = GoFormat.Flags()
            flags: while i < end {
                switch s[i] {
                case UInt8(ascii: "#"): f.sharp = true
                case UInt8(ascii: "0"): f.zero = !f.minus
                case UInt8(ascii: "+"): f.plus = true
                case UInt8(ascii: "-"): f.minus = true; f.zero = false
                case UInt8(ascii: " "): f.space = true
                default: break flags
                }
                i += 1
            }

            (argNum, i, afterIndex) = argNumber(s, argNum, i, args.count)

            if i < end && s[i] == UInt8(ascii: "*") {
                i += 1
                (f.wid, f.widPresent, argNum) = Self.intFromArg(args, argNum)
                if !f.widPresent { write("%!(BADWIDTH)") }
                if f.wid < 0 {
                    f.wid = -f.wid
                    f.minus = true
                    f.zero = false
                }
                afterIndex = false
            } else {
                (f.wid, f.widPresent, i) = Self.parseNum(s, i, end)
                if afterIndex && f.widPresent { goodArgNum = false }
            }

            if i + 1 < end && s[i] == UInt8(ascii: ".") {
                i += 1
                if afterIndex { goodArgNum = false }
                (argNum, i, afterIndex) = argNumber(s, argNum, i, args.count)
                if i < end && s[i] == UInt8(ascii: "*") {
                    i += 1
                    (f.prec, f.precPresent, argNum) = Self.intFromArg(args, argNum)
                    if f.prec < 0 {
                        f.prec = 0
                        f.precPresent = false
                    }
                    if !f.precPresent { write("%!(BADPREC)") }
                    afterIndex = false
                } else {
                    (f.prec, f.precPresent, i) = Self.parseNum(s, i, end)
                    if !f.precPresent {
                        f.prec = 0
                        f.precPresent = true
                    }
                }
            }

            if !afterIndex { (argNum, i, afterIndex) = argNumber(s, argNum, i, args.count) }

            if i >= end {
                write("%!(NOVERB)")
                break
            }
            let (verb, size) = GoFormat.decodeRune(s, at: i)
            i += size

            if verb == UInt32(UInt8(ascii: "%")) {
                buf.append(UInt8(ascii: "%"))
            } else if !goodArgNum {
                write("%!")
                writeRune(verb)
                write("(BADINDEX)")
            } else if argNum >= args.count {
                write("%!")
                writeRune(verb)
                write("(MISSING)")
            } else {
                if verb == UInt32(UInt8(ascii: "v")) {
                    f.sharpV = f.sharp
                    f.sharp = false
                    f.plusV = f.plus
                    f.plus = false
                }
                printArg(args[argNum], verb)
                argNum += 1
            }
        }

        if !reordered && argNum < args.count {
            f = GoFormat.Flags()
            write("%!(EXTRA ")
            for (k, arg) in args[argNum...].enumerated() {
                if k > 0 { write(", ") }
                writeTypeAndValue(arg)
            }
            buf.append(UInt8(ascii: ")"))
        }
    }
}
