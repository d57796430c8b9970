import GoTemplate

/// `--set-literal name=value`: the value is the rest of the argument, verbatim (commas,
/// backslashes and braces included); names still nest with `.` and `[i]`.
extension Strvals {
    public static func parseLiteral(_ text: String, into values: GoMap) throws(HelmError) {
        var parser = StrvalsParser(text, mode: .literal)
        try parser.parse(into: values)
    }
}
