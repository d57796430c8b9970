/// Go's `fmt` for template values: `Sprintf` with its verbs, `Sprint`, `Sprintln` and `%v`.
/// (API first; the implementation follows.)
public enum GoFormat {
    /// `fmt.Sprintf(format, args...)`.
    public static func sprintf(_ format: String, _ args: [GoValue]) -> String { format }
    /// `fmt.Sprint(args...)`: spaces between operands when neither side is a string.
    public static func sprint(_ args: [GoValue]) -> String { args.map(formatValue).joined() }
    /// `fmt.Sprintln(args...)`: spaces between all operands, then a newline.
    public static func sprintln(_ args: [GoValue]) -> String { args.map(formatValue).joined(separator: " ") + "\n" }
    /// `%v` of one value (`map[a:1 b:2]`, `[1 2]`, `1e+06`, `<nil>`).
    public static func formatValue(_ value: GoValue) -> String { "" }
    /// `strconv.FormatFloat(f, fmt, prec, 64)` (`fmt` is `e`, `E`, `f`, `g`, `G`; prec -1 is
    /// the shortest representation that round-trips).
    public static func formatFloat(_ value: Double, format: Character, precision: Int) -> String { "\(value)" }
    /// `strconv.Quote(s)` (what `%q` prints for a string).
    public static func quote(_ s: String) -> String { "\"\(s)\"" }
}
