/// Go's `fmt` for template values: `Sprintf` with its verbs, `Sprint`, `Sprintln` and `%v`,
/// byte for byte as Go 1.22 prints them (the `printf`, `print`, `println` builtins, `{{ . }}`,
/// and every Sprig function that formats).
///
/// Where Go would print a memory address (`%p`, `%v` of a function) Ferry prints the fixed
/// stand-in `0xc000010000`, so output stays the same from run to run.
public enum GoFormat {
    /// `fmt.Sprintf(format, args...)`.
    public static func sprintf(_ format: String, _ args: [GoValue]) -> String {
        var p = Printer(capacity: format.utf8.count + 16 * args.count)
        p.doPrintf(format, args)
        return p.string
    }

    /// `fmt.Sprint(args...)`: spaces between operands when neither side is a string.
    public static func sprint(_ args: [GoValue]) -> String {
        if args.count == 1 { return formatValue(args[0]) }
        var p = Printer()
        var previousString = false
        for (i, arg) in args.enumerated() {
            let isString = arg.kindName == "string"
            if i > 0 && !isString && !previousString { p.buf.append(UInt8(ascii: " ")) }
            p.printArg(arg, UInt32(UInt8(ascii: "v")))
            previousString = isString
        }
        return p.string
    }

    /// `fmt.Sprintln(args...)`: spaces between all operands, then a newline.
    public static func sprintln(_ args: [GoValue]) -> String {
        var p = Printer()
        for (i, arg) in args.enumerated() {
            if i > 0 { p.buf.append(UInt8(ascii: " ")) }
            p.printArg(arg, UInt32(UInt8(ascii: "v")))
        }
        p.buf.append(UInt8(ascii: "\n"))
        return p.string
    }

    /// `%v` of one value (`map[a:1 b:2]`, `[1 2]`, `1e+06`, `<nil>`). A missing value prints
    /// `<nil>`, as it reaches `fmt` in Go (a template turns it into a nil argument); printing
    /// `<no value>` for a pipeline's missing result is the executor's business.
    public static func formatValue(_ value: GoValue) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i, _): return String(i)
        case .uint(let u, _): return String(u)
        case .float(let d): return GoFloat.shortestG(d)
        case .bool(let b): return b ? "true" : "false"
        case .missing, .null: return "<nil>"
        default:
            var p = Printer()
            p.printArg(value, UInt32(UInt8(ascii: "v")))
            return p.string
        }
    }

    /// `strconv.FormatFloat(f, fmt, prec, 64)` (`fmt` is `b`, `e`, `E`, `f`, `g`, `G`, `x`, `X`;
    /// prec -1 is the shortest representation that round-trips). Another `fmt` gives `%` and
    /// the character, as Go does.
    public static func formatFloat(_ value: Double, format: Character, precision: Int) -> String {
        if format == "g" && precision < 0 { return GoFloat.shortestG(value) }
        guard let byte = format.asciiValue else { return "%" + String(format) }
        var out: [UInt8] = []
        out.reserveCapacity(24)
        GoFloat.append(value, fmt: byte, prec: precision, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `strconv.Quote(s)` (what `%q` prints for a string).
    public static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        appendQuoted(s, asciiOnly: false, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `strconv.QuoteToASCII(s)` (`%+q`).
    public static func quoteToASCII(_ s: String) -> String {
        var out: [UInt8] = []
        appendQuoted(s, asciiOnly: true, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `strconv.Quote(string(b))` for bytes that may not be valid UTF-8 (invalid bytes print
    /// as `\x..`).
    public static func quote(bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        bytes.withUnsafeBufferPointer { appendQuoted($0, asciiOnly: false, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `strconv.QuoteRune(r)`: `'a'`, `'\n'`, `'☺'`.
    public static func quoteRune(_ r: Unicode.Scalar) -> String {
        var out: [UInt8] = []
        appendQuotedRune(r.value, asciiOnly: false, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
