/// Why an expression could not be parsed or evaluated.
///
/// The `description` is written to be placed as-is in a Kubernetes condition message: it says
/// where (for parse errors, `line:column` counted from 1, columns in Unicode scalars) and what.
/// It never contains variable values beyond the names and literals the expression itself holds.
public enum CELError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not a CEL expression (or goes past a parse limit).
    case parse(message: String, line: Int, column: Int)
    /// The expression parsed but failed while running: a missing key, a type mismatch, an
    /// overflow, the step budget exhausted.
    case evaluation(message: String)

    public var description: String {
        switch self {
        case .parse(let message, let line, let column):
            return "syntax error at \(line):\(column): \(message)"
        case .evaluation(let message):
            return message
        }
    }

    /// The message without the position prefix.
    public var message: String {
        switch self {
        case .parse(let message, _, _), .evaluation(let message): return message
        }
    }

    static func eval(_ message: String) -> CELError { .evaluation(message: message) }
}
