/// A set of associated templates, like Go's `*template.Template`: parse text into it (each
/// `define` joins the set), then execute any of its templates by name.
/// (API first; the implementation follows.)
public final class Template: @unchecked Sendable {
    /// What a missing map key yields: Go's `missingkey=default|invalid` (`<no value>`),
    /// `zero` (the element type's zero value: nil for `interface {}`), or `error`.
    public enum MissingKey: Sendable { case `default`, zero, error }

    public let name: String
    public var missingKey: MissingKey = .default
    public var leftDelim = "{{"
    public var rightDelim = "}}"

    public init(name: String) { self.name = name }

    /// Adds functions callable from templates parsed after this call (Go's `Funcs`).
    public func funcs(_ functions: [String: GoFunction]) {}

    /// Parses `text` as template `name` into the set (Go's `t.New(name).Parse(text)`):
    /// definitions in it replace earlier ones of the same name.
    public func parse(_ text: String, as name: String) throws(TemplateError) {}

    /// Whether the set has a template of that name with content.
    public func lookup(_ name: String) -> Bool { false }

    /// Executes the named template with `data` as dot (Go's `ExecuteTemplate`).
    public func execute(_ name: String, data: GoValue) throws(TemplateError) -> String { "" }

    /// An independent copy of the set (Go's `Clone`): parsing into it leaves this one alone.
    public func clone() -> Template { Template(name: name) }
}
