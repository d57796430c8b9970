extension GoFormat.Printer {
    /// How deep lists and maps print before `<max depth>`: Go recurses until its stack
    /// overflows (a map that holds itself), Ferry stops well inside a 512 KiB thread stack.
    static let maxDepth = 256
    static let fakePointer: UInt64 = 0xc000010000

    /// `%!verb(type=value)`: the verb does not apply to the operand; `%!verb(<nil>)` for nil.
    mutating func badVerb(_ arg: GoValue, _ verb: UInt32) {
        write("%!")
        writeRune(verb)
        buf.append(UInt8(ascii: "("))
        writeTypeAndValue(arg)
        buf.append(UInt8(ascii: ")"))
    }

    /// An operand in Go's notes on a misuse (`%!d(string=hi)`, `%!(EXTRA int=1)`): `type=value`,
    /// or `<nil>`.
    mutating func writeTypeAndValue(_ arg: GoValue) {
        guard !arg.isNil else { return write("<nil>") }
        write(arg.typeName)
        buf.append(UInt8(ascii: "="))
        printArg(arg, UInt32(UInt8(ascii: "v")))
    }

    /// Go's `printArg` (`depth` 0) and `printValue` (elements of lists and maps, which are
    /// interface slots: a nil there prints `<nil>` under every verb).
    mutating func printArg(_ arg: GoValue, _ verb: UInt32, depth: Int = 0) {
        let v = UInt32(UInt8(ascii: "v"))
        if depth > Self.maxDepth {
            // Go recurses until its stack overflows; a self-containing map stops here instead.
            write("<max depth>")
            return
        }
        if depth == 0 {
            switch verb {
            case UInt32(UInt8(ascii: "T")):
                if arg.isNil { padString("<nil>") } else { fmtS(arg.typeName) }
                return
            case UInt32(UInt8(ascii: "p")) where !arg.isNil:
                fmtPointer(arg, verb)
                return
            default: break
            }
        }
        switch arg {
        case .missing, .null:
            if depth > 0 {
                write(f.sharpV ? "interface {}(nil)" : "<nil>")
            } else if verb == v {
                padString("<nil>")
            } else {
                badVerb(arg, verb)
            }
        case .bool(let b):
            if verb == UInt32(UInt8(ascii: "t")) || verb == v { fmtBoolean(b) } else { badVerb(arg, verb) }
        case .int(let i, _):
            fmtInteger(arg, UInt64(bitPattern: Int64(i)), signed: true, verb)
        case .uint(let u, _):
            fmtInteger(arg, UInt64(u), signed: false, verb)
        case .float(let d):
            switch verb {
            case v where !f.widPresent && !f.precPresent && !f.space && !f.plus:
                buf.append(contentsOf: GoFloat.shortestG(d).utf8)
            case v: fmtFloat(d, verb: UInt8(ascii: "g"), prec: -1)
            case UInt32(UInt8(ascii: "b")), UInt32(UInt8(ascii: "g")), UInt32(UInt8(ascii: "G")),
                 UInt32(UInt8(ascii: "x")), UInt32(UInt8(ascii: "X")):
                fmtFloat(d, verb: UInt8(verb), prec: -1)
            case UInt32(UInt8(ascii: "f")), UInt32(UInt8(ascii: "e")), UInt32(UInt8(ascii: "E")):
                fmtFloat(d, verb: UInt8(verb), prec: 6)
            case UInt32(UInt8(ascii: "F")):
                fmtFloat(d, verb: UInt8(ascii: "f"), prec: 6)
            default:
                badVerb(arg, verb)
            }
        case .string(let s):
            fmtString(s, verb, arg: arg)
        case .bytes(let bytes):
            fmtBytes(bytes, verb, typeName: depth == 0 ? "[]byte" : "[]uint8", depth: depth)
        case .list(let list):
            if f.sharpV {
                write(list.typeName)
                buf.append(UInt8(ascii: "{"))
                for (i, item) in list.items.enumerated() {
                    if i > 0 { write(", ") }
                    printArg(item, verb, depth: depth + 1)
                }
                buf.append(UInt8(ascii: "}"))
            } else {
                buf.append(UInt8(ascii: "["))
                for (i, item) in list.items.enumerated() {
                    if i > 0 { buf.append(UInt8(ascii: " ")) }
                    printArg(item, verb, depth: depth + 1)
                }
                buf.append(UInt8(ascii: "]"))
            }
        case .map(let map):
            write(f.sharpV ? map.typeName + "{" : "map[")
            for (i, key) in GoFormat.sortedKeys(map).enumerated() {
                if i > 0 {
                    if f.sharpV { write(", ") } else { buf.append(UInt8(ascii: " ")) }
                }
                fmtString(key, verb, arg: .string(key))
                buf.append(UInt8(ascii: ":"))
                printArg(map.entries[key] ?? .null, verb, depth: depth + 1)
            }
            buf.append(f.sharpV ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        case .object(let object):
            // Objects print through their String() (or struct form): Go's handleMethods.
            switch verb {
            case v, UInt32(UInt8(ascii: "s")), UInt32(UInt8(ascii: "x")), UInt32(UInt8(ascii: "X")),
                 UInt32(UInt8(ascii: "q")):
                fmtString(object.goDescription, f.sharpV ? UInt32(UInt8(ascii: "s")) : verb, arg: arg)
            default:
                badVerb(arg, verb)
            }
        case .function:
            fmtPointer(arg, verb)
        }
    }

    private mutating func fmtInteger(_ arg: GoValue, _ u: UInt64, signed: Bool, _ verb: UInt32) {
        switch verb {
        case UInt32(UInt8(ascii: "v")):
            if f.sharpV && !signed { fmt0x64(u, leading0x: true) } else { fmtInteger(u, base: 10, signed: signed, verb: verb) }
        case UInt32(UInt8(ascii: "d")): fmtInteger(u, base: 10, signed: signed, verb: verb)
        case UInt32(UInt8(ascii: "b")): fmtInteger(u, base: 2, signed: signed, verb: verb)
        case UInt32(UInt8(ascii: "o")), UInt32(UInt8(ascii: "O")): fmtInteger(u, base: 8, signed: signed, verb: verb)
        case UInt32(UInt8(ascii: "x")): fmtInteger(u, base: 16, signed: signed, verb: verb)
        case UInt32(UInt8(ascii: "X")): fmtInteger(u, base: 16, signed: signed, verb: verb, upper: true)
        case UInt32(UInt8(ascii: "c")): fmtC(u)
        case UInt32(UInt8(ascii: "q")): fmtQc(u)
        case UInt32(UInt8(ascii: "U")): fmtUnicode(u)
        default: badVerb(arg, verb)
        }
    }

    mutating func fmtString(_ s: String, _ verb: UInt32, arg: GoValue) {
        switch verb {
        case UInt32(UInt8(ascii: "v")): if f.sharpV { fmtQ(s) } else { fmtS(s) }
        case UInt32(UInt8(ascii: "s")): fmtS(s)
        case UInt32(UInt8(ascii: "x")): fmtSbx(s.utf8, upper: false)
        case UInt32(UInt8(ascii: "X")): fmtSbx(s.utf8, upper: true)
        case UInt32(UInt8(ascii: "q")): fmtQ(s)
        default: badVerb(arg, verb)
        }
    }

    private mutating func fmtBytes(_ bytes: [UInt8], _ verb: UInt32, typeName: String, depth: Int) {
        switch verb {
        case UInt32(UInt8(ascii: "v")), UInt32(UInt8(ascii: "d")):
            if f.sharpV {
                write(typeName)
                buf.append(UInt8(ascii: "{"))
                for (i, c) in bytes.enumerated() {
                    if i > 0 { write(", ") }
                    fmt0x64(UInt64(c), leading0x: true)
                }
                buf.append(UInt8(ascii: "}"))
            } else {
                buf.append(UInt8(ascii: "["))
                for (i, c) in bytes.enumerated() {
                    if i > 0 { buf.append(UInt8(ascii: " ")) }
                    fmtInteger(UInt64(c), base: 10, signed: false, verb: verb)
                }
                buf.append(UInt8(ascii: "]"))
            }
        case UInt32(UInt8(ascii: "s")):
            let s = String(decoding: bytes, as: UTF8.self)
            fmtS(s)
        case UInt32(UInt8(ascii: "x")): fmtSbx(bytes, upper: false)
        case UInt32(UInt8(ascii: "X")): fmtSbx(bytes, upper: true)
        case UInt32(UInt8(ascii: "q")):
            let quoted = bytes.withUnsafeBufferPointer { quote($0) }
            pad(quoted)
        default:
            // Any other verb applies to each byte, as to a slice of uint8.
            buf.append(UInt8(ascii: "["))
            for (i, c) in bytes.enumerated() {
                if i > 0 { buf.append(UInt8(ascii: " ")) }
                printArg(.uint(UInt(c), .uint8), verb, depth: depth + 1)
            }
            buf.append(UInt8(ascii: "]"))
        }
    }

    /// Maps, lists, byte slices, functions and pointer objects have an address in Go. Ferry's
    /// values live in no Go heap, so every one prints the same stable stand-in, 0xc000010000,
    /// rather than a number that changes between runs.
    private mutating func fmtPointer(_ arg: GoValue, _ verb: UInt32) {
        switch arg {
        case .map, .list, .bytes, .function: break
        case .object(let o) where o.goKind == "ptr": break
        default: badVerb(arg, verb); return
        }
        let u = Self.fakePointer
        switch verb {
        case UInt32(UInt8(ascii: "v")):
            if f.sharpV {
                write("(" + arg.typeName + ")(")
                fmt0x64(u, leading0x: true)
                buf.append(UInt8(ascii: ")"))
            } else {
                fmt0x64(u, leading0x: !f.sharp)
            }
        case UInt32(UInt8(ascii: "p")):
            fmt0x64(u, leading0x: !f.sharp)
        case UInt32(UInt8(ascii: "b")), UInt32(UInt8(ascii: "o")), UInt32(UInt8(ascii: "d")),
             UInt32(UInt8(ascii: "x")), UInt32(UInt8(ascii: "X")):
            fmtInteger(arg, u, signed: false, verb)
        default:
            badVerb(arg, verb)
        }
    }
}

extension GoFormat {
    /// Map keys in Go's order for strings: by bytes.
    static func sortedKeys(_ map: GoMap) -> [String] {
        map.entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
