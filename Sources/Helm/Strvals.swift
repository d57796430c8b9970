import GoTemplate

/// Helm's `strvals`: the `--set name=value,name2=value2` syntax. Dots nest maps (`a.b=c`),
/// brackets index lists (`a[0]=x`, `a[1].b=y`), braces give a list (`a={x,y}`), a backslash
/// escapes the next character (`a\.b=c`, `x=1\,2`). Values are typed as Helm types them:
/// `true`/`false`/`null` (any case), integers without a leading zero as int64, everything else
/// a string; `--set-string` keeps strings, `--set-json` reads JSON, `--set-file` reads the
/// named file. Errors carry Helm's texts (`key "a" has no value`).
public enum Strvals {
    /// The deepest `a.b.c…` nesting accepted (Helm's `MaxNestedNameLevel`).
    public static let maximumNestedNameLevel = 30
    /// The largest list index accepted (Helm's `MaxIndex`).
    public static let maximumIndex = 65536

    public enum Mode: Sendable {
        /// `--set`: values typed.
        case typed
        /// `--set-string`: values kept as strings.
        case string
        /// `--set-json`: values are JSON.
        case json
    }

    /// Parses one `--set`-style argument into `values` (changed in place, later keys win).
    public static func parse(_ text: String, into values: GoMap, mode: Mode = .typed) throws(HelmError) {
        var parser = StrvalsParser(text, mode: mode == .json ? .json : .reader { (runes) throws(HelmError) in
            typedValue(runes, stringsOnly: mode == .string)
        })
        try parser.parse(into: values)
    }

    /// `--set-file name=path`: each value is the contents of the file it names, read by
    /// `read` (given the path as written).
    public static func parseFile(_ text: String, into values: GoMap,
                                 read: @escaping (String) throws(HelmError) -> GoValue) throws(HelmError) {
        var parser = StrvalsParser(text, mode: .reader { (runes) throws(HelmError) in
            try read(String(String.UnicodeScalarView(runes)))
        })
        try parser.parse(into: values)
    }

    /// Parses a `--set` argument into a new map.
    public static func parse(_ text: String, mode: Mode = .typed) throws(HelmError) -> GoMap {
        let values = GoMap()
        try parse(text, into: values, mode: mode)
        return values
    }

    /// Helm's `typedVal`.
    static func typedValue(_ runes: [Unicode.Scalar], stringsOnly: Bool) -> GoValue {
        let s = String(String.UnicodeScalarView(runes))
        if stringsOnly { return .string(s) }
        switch s.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        case "0": return .int(0, .int64)
        default: break
        }
        if let first = runes.first, first != "0", let i = goParseInt(s) { return .int(i, .int64) }
        return .string(s)
    }

    /// `strconv.ParseInt(s, 10, 64)`: an optional sign and decimal digits, in range.
    static func goParseInt(_ s: String) -> Int? {
        var body = Substring(s)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard !body.isEmpty, body.unicodeScalars.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
        return Int(s.hasPrefix("+") ? String(s.dropFirst()) : s)
    }

    /// Go's `strconv.Atoi` with its error text.
    static func atoi(_ s: String) throws(HelmError) -> Int {
        var body = Substring(s)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard !body.isEmpty, body.unicodeScalars.allSatisfy({ $0 >= "0" && $0 <= "9" }) else {
            throw HelmError("strconv.Atoi: parsing \(ChartMetadata.quote(s)): invalid syntax")
        }
        guard let n = Int(s.hasPrefix("+") ? String(s.dropFirst()) : s) else {
            throw HelmError("strconv.Atoi: parsing \(ChartMetadata.quote(s)): value out of range")
        }
        return n
    }

    /// Go's `%q` of a `[]rune`: `['a' 'b']`.
    static func quoteRunes(_ runes: [Unicode.Scalar]) -> String {
        "[" + runes.map { r -> String in
            switch r {
            case "'": return "'\\''"
            case "\\": return "'\\\\'"
            case "\n": return "'\\n'"
            case "\t": return "'\\t'"
            default: return "'" + String(Character(r)) + "'"
            }
        }.joined(separator: " ") + "]"
    }

    /// The panic text of a failed Go type assertion, as Helm's `recover` reports it.
    static func conversionError(_ value: GoValue, want: String) -> HelmError {
        let have = value.isNil ? "nil" : value.typeName
        return HelmError("unable to parse key: interface conversion: interface {} is \(have), not \(want)")
    }
}
