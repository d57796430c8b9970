extension GoFormat {
    /// The flags of one verb (`%-+# 0`, width, precision), as Go's `fmt.fmtFlags`.
    struct Flags {
        var wid = 0
        var prec = 0
        var widPresent = false
        var precPresent = false
        var minus = false
        var plus = false
        var sharp = false
        var space = false
        var zero = false
        /// `%+v` and `%#v`: set instead of `plus` and `sharp` for the `v` verb.
        var plusV = false
        var sharpV = false
    }

    /// Go's `pp`/`fmt` pair: an output buffer of bytes and the current verb's flags. The
    /// primitives here lay out one number or string; `+Values` walks values and `+Printf`
    /// parses the format.
    struct Printer {
        var buf: [UInt8] = []
        var f = Flags()
        /// `Printf` state: the format used `[n]` indexes / the last index was valid.
        var reordered = false
        var goodArgNum = true

        init(capacity: Int = 32) { buf.reserveCapacity(capacity) }

        var string: String { String(decoding: buf, as: UTF8.self) }

        mutating func write(_ s: String) { buf.append(contentsOf: s.utf8) }

        mutating func writeRune(_ r: UInt32) { GoFormat.appendUTF8(r, to: &buf) }

        /// `n` bytes of padding: zeros under the `0` flag, else spaces.
        mutating func writePadding(_ n: Int) {
            guard n > 0 else { return }
            buf.append(contentsOf: repeatElement(f.zero ? UInt8(ascii: "0") : UInt8(ascii: " "), count: n))
        }

        /// Pads `b` to the width in runes, on the left unless `-`.
        mutating func pad<C: Collection>(_ b: C) where C.Element == UInt8 {
            guard f.widPresent, f.wid != 0 else { buf.append(contentsOf: b); return }
            let width = f.wid - GoFormat.runeCount(b)
            if f.minus {
                buf.append(contentsOf: b)
                writePadding(width)
            } else {
                writePadding(width)
                buf.append(contentsOf: b)
            }
        }

        mutating func padString(_ s: String) { pad(s.utf8) }

        mutating func fmtBoolean(_ v: Bool) { padString(v ? "true" : "false") }

        /// `%s`: at most `prec` runes, padded.
        mutating func fmtS(_ s: String) {
            if f.precPresent { padString(GoFormat.truncate(s, runes: f.prec)) } else { padString(s) }
        }

        /// `%q` of a string: backquoted under `#` when it can be, ASCII-only under `+`.
        mutating func fmtQ(_ s: String) {
            var s = s
            let quoted = s.withUTF8 { quote($0) }
            pad(quoted)
        }

        /// `%q` of text that may not be UTF-8 (Go quotes `string(b)` for a byte slice too): the
        /// precision counts runes, an invalid byte as one.
        func quote(_ whole: UnsafeBufferPointer<UInt8>) -> [UInt8] {
            var end = whole.count
            if f.precPresent {
                var runes = 0
                end = 0
                while end < whole.count, runes < f.prec {
                    end += GoFormat.decodeRune(whole, at: end).1
                    runes += 1
                }
            }
            let b = UnsafeBufferPointer(rebasing: whole[..<end])
            var quoted: [UInt8] = []
            if f.sharp && GoFormat.canBackquote(b) {
                quoted.append(UInt8(ascii: "`"))
                quoted.append(contentsOf: b)
                quoted.append(UInt8(ascii: "`"))
            } else {
                GoFormat.appendQuoted(b, asciiOnly: f.plus, to: &quoted)
            }
            return quoted
        }

        /// `%x`/`%X` of a string or byte slice: two hex digits a byte; `#` adds `0x`, ` ` separates
        /// bytes (each with its own `0x` under `#`); the precision counts bytes.
        mutating func fmtSbx<C: Collection>(_ bytes: C, upper: Bool) where C.Element == UInt8 {
            let digits = upper ? GoFormat.upperDigits : GoFormat.lowerDigits
            var length = bytes.count
            if f.precPresent && f.prec < length { length = f.prec }
            var width = 2 * length
            if width > 0 {
                if f.space {
                    if f.sharp { width *= 2 }
                    width += length - 1
                } else if f.sharp {
                    width += 2
                }
            } else {
                if f.widPresent { writePadding(f.wid) }
                return
            }
            if f.widPresent && f.wid > width && !f.minus { writePadding(f.wid - width) }
            if f.sharp { buf.append(UInt8(ascii: "0")); buf.append(digits[16]) }
            for (i, c) in bytes.prefix(length).enumerated() {
                if f.space && i > 0 {
                    buf.append(UInt8(ascii: " "))
                    if f.sharp { buf.append(UInt8(ascii: "0")); buf.append(digits[16]) }
                }
                buf.append(digits[Int(c >> 4)])
                buf.append(digits[Int(c & 0xF)])
            }
            if f.widPresent && f.wid > width && f.minus { writePadding(f.wid - width) }
        }

        /// Go's `fmt.fmtInteger`: digits in `base`, `.prec` or `0`-width zero fill, `#` prefixes,
        /// `%O`'s `0o`, then the sign.
        mutating func fmtInteger(_ value: UInt64, base: UInt64, signed: Bool, verb: UInt32, upper: Bool = false) {
            var u = value
            let negative = signed && Int64(bitPattern: u) < 0
            if negative { u = 0 &- u }
            var prec = 0
            if f.precPresent {
                prec = f.prec
                if prec == 0 && u == 0 {
                    let oldZero = f.zero
                    f.zero = false
                    writePadding(f.wid)
                    f.zero = oldZero
                    return
                }
            } else if f.zero && f.widPresent {
                prec = f.wid
                if negative || f.plus || f.space { prec -= 1 }
            }
            let digits = upper ? GoFormat.upperDigits : GoFormat.lowerDigits
            // Built right to left, reversed at the end.
            var out: [UInt8] = []
            out.reserveCapacity(max(24, prec + 4))
            repeat {
                out.append(digits[Int(u % base)])
                u /= base
            } while u > 0
            while out.count < prec { out.append(UInt8(ascii: "0")) }
            if f.sharp {
                switch base {
                case 2: out.append(UInt8(ascii: "b")); out.append(UInt8(ascii: "0"))
                case 8: if out.last != UInt8(ascii: "0") { out.append(UInt8(ascii: "0")) }
                case 16: out.append(digits[16]); out.append(UInt8(ascii: "0"))
                default: break
                }
            }
            if verb == UInt32(UInt8(ascii: "O")) { out.append(UInt8(ascii: "o")); out.append(UInt8(ascii: "0")) }
            if negative {
                out.append(UInt8(ascii: "-"))
            } else if f.plus {
                out.append(UInt8(ascii: "+"))
            } else if f.space {
                out.append(UInt8(ascii: " "))
            }
            out.reverse()
            let oldZero = f.zero
            f.zero = false
            pad(out)
            f.zero = oldZero
        }

        /// Hex with or without `0x`, as Go's `fmt0x64` (pointers, `%#v` of unsigned integers).
        mutating func fmt0x64(_ v: UInt64, leading0x: Bool) {
            let sharp = f.sharp
            f.sharp = leading0x
            fmtInteger(v, base: 16, signed: false, verb: UInt32(UInt8(ascii: "v")))
            f.sharp = sharp
        }

        /// `%c`: the rune; beyond Unicode, U+FFFD.
        mutating func fmtC(_ c: UInt64) {
            var out: [UInt8] = []
            GoFormat.appendUTF8(c > 0x10FFFF ? 0xFFFD : UInt32(c), to: &out)
            pad(out)
        }

        /// `%q` of an integer: a quoted rune literal.
        mutating func fmtQc(_ c: UInt64) {
            var out: [UInt8] = []
            GoFormat.appendQuotedRune(c > 0x10FFFF ? 0xFFFD : UInt32(c), asciiOnly: f.plus, to: &out)
            pad(out)
        }

        /// `%U`: `U+0041`, at least four (or `.prec`) hex digits; `#` appends ` 'A'` when printable.
        mutating func fmtUnicode(_ u: UInt64) {
            var prec = 4
            if f.precPresent && f.prec > 4 { prec = f.prec }
            var hex: [UInt8] = []
            var x = u
            repeat {
                hex.append(GoFormat.upperDigits[Int(x & 0xF)])
                x >>= 4
            } while x > 0
            while hex.count < prec { hex.append(UInt8(ascii: "0")) }
            var out: [UInt8] = Array("U+".utf8)
            out.append(contentsOf: hex.reversed())
            if f.sharp && u <= 0x10FFFF && GoFormat.isPrint(UInt32(u)) {
                out.append(contentsOf: " '".utf8)
                GoFormat.appendUTF8(UInt32(u), to: &out)
                out.append(UInt8(ascii: "'"))
            }
            let oldZero = f.zero
            f.zero = false
            pad(out)
            f.zero = oldZero
        }
    }

    static let lowerDigits = Array("0123456789abcdefx".utf8)
    static let upperDigits = Array("0123456789ABCDEFX".utf8)

    /// Runes as Go counts them: every byte that does not continue a sequence starts one.
    static func runeCount<C: Collection>(_ b: C) -> Int where C.Element == UInt8 {
        var n = 0
        for c in b where c & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// The first `runes` Unicode scalars of `s`.
    static func truncate(_ s: String, runes: Int) -> String {
        var n = 0
        for i in s.unicodeScalars.indices {
            if n == runes { return String(s.unicodeScalars[..<i]) }
            n += 1
        }
        return s
    }
}
