/// A parse or execution error, its text exactly as Go's `text/template` writes it
/// (`template: a.yaml:3: unexpected "}" in operand`,
/// `template: a.yaml:12:20: executing "a.yaml" at <.Values.x>: nil pointer evaluating interface {}.y`).
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case parse, exec }
    public var kind: Kind
    public var message: String
    /// For an execution error raised by a function (`error calling fail: …`), the function's own
    /// error (Helm unwraps `required` and `fail` messages from it).
    public var underlying: GoFunctionError?
    public init(kind: Kind = .parse, message: String, underlying: GoFunctionError? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }
    public var description: String { message }
}
