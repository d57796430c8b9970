/// Go's `text/template/parse.Parse`.
public enum TemplateParser {
    /// Parses `text` as the template `name`; returns every tree it defines: `name` itself plus
    /// each `define`/`block`, keyed by name. `functions` are the names callable as identifiers
    /// (builtins are always known); any other identifier is a parse error, as in Go
    /// (`function "env" not defined`). Errors read as Go's: `template: NAME:LINE: message`.
    public static func parse(name: String, text: String, leftDelim: String = "{{", rightDelim: String = "}}",
                             functions: Set<String>) throws(TemplateError) -> [String: Tree] {
        var parser = TreeParser(name: name, text: text, leftDelim: leftDelim, rightDelim: rightDelim, functions: functions)
        return try parser.parse()
    }
}
