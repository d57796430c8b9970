/// A set of associated templates, like Go's `*template.Template`: parse text into it (each
/// `define` joins the set), then execute any of its templates by name.
///
/// Mutating the set (`funcs`, `parse`, `missingKey`) must not race with an execution of it;
/// executions themselves share nothing mutable, so several may run at once (Helm's `tpl` parses
/// into a `clone()` for that reason).
public final class Template: @unchecked Sendable {
    /// What a missing map key yields: Go's `missingkey=default|invalid` (`<no value>`),
    /// `zero` (the element type's zero value: nil for `interface {}`), or `error`.
    public enum MissingKey: Sendable { case `default`, zero, error }

    public let name: String
    public var missingKey: MissingKey = .default
    public var leftDelim = "{{"
    public var rightDelim = "}}"
    /// Limits on the work and output of executions (shared with clones); nil means none, as Go.
    public var budget: ExecutionBudget?

    /// Every template of the set by name (Go's `common.tmpl`).
    var trees: [String: Tree] = [:]
    /// Builtins overlaid by the functions added with `funcs`, built once so that executing
    /// looks a name up in one dictionary and never copies it.
    var functionTable: [String: ExecFunction] = Builtin.table
    /// The names added with `funcs`, for the parser's "function not defined" check.
    var functionNames: Set<String> = []

    public init(name: String) { self.name = name }

    /// Adds functions callable from templates parsed after this call (Go's `Funcs`). A function
    /// of a builtin's name replaces the builtin, as in Go.
    public func funcs(_ functions: [String: GoFunction]) {
        for (name, function) in functions {
            functionTable[name] = .function(function)
            functionNames.insert(name)
        }
    }

    /// Installs a prepared library (as `funcs` with its functions, without inserting each one
    /// again: a set made per render takes its ~200 functions in one assignment).
    public func funcs(_ library: FunctionLibrary) {
        if functionNames.isEmpty {
            functionTable = library.table
            functionNames = library.names
            return
        }
        for name in library.names {
            functionTable[name] = library.table[name]
            functionNames.insert(name)
        }
    }

    /// Parses `text` as template `name` into the set (Go's `t.New(name).Parse(text)`):
    /// definitions in it replace earlier ones of the same name, except that an empty definition
    /// (only spaces and comments) never replaces a template that exists (Go's `associate`).
    public func parse(_ text: String, as name: String) throws(TemplateError) {
        let parsed = try TemplateParser.parse(name: name, text: text, leftDelim: leftDelim,
                                              rightDelim: rightDelim, functions: functionNames)
        for (treeName, tree) in parsed {
            addParseTree(tree, as: treeName)
        }
    }

    /// Go's `AddParseTree`: installs `tree` unless it is empty and the name is taken.
    public func addParseTree(_ tree: Tree, as name: String) {
        if trees[name] != nil && tree.root.isEmptyTree { return }
        trees[name] = tree
    }

    /// Whether the set has a template of that name (Go's `Lookup(name) != nil`).
    public func lookup(_ name: String) -> Bool { trees[name] != nil }

    /// The names of the set's templates, sorted.
    public var templateNames: [String] { trees.keys.sorted() }

    /// Executes the named template with `data` as dot (Go's `ExecuteTemplate`).
    public func execute(_ name: String, data: GoValue) throws(TemplateError) -> String {
        guard let tree = trees[name] else {
            throw TemplateError(kind: .exec, message: "template: no template \(GoFormat.quote(name)) associated with template \(GoFormat.quote(self.name))")
        }
        try spendExecution(name)
        var executor = Executor(template: self, tree: tree, name: name, data: data)
        let output = try executor.run()
        try chargeOutput(output, name)
        return output
    }

    /// An independent copy of the set (Go's `Clone`): parsing into it leaves this one alone.
    public func clone() -> Template {
        let copy = Template(name: name)
        copy.missingKey = missingKey
        copy.leftDelim = leftDelim
        copy.rightDelim = rightDelim
        copy.budget = budget
        copy.trees = trees
        copy.functionTable = functionTable
        copy.functionNames = functionNames
        return copy
    }
}

/// Functions prepared once for many sets: the builtins overlaid by them, and their names.
public struct FunctionLibrary: Sendable {
    let table: [String: ExecFunction]
    let names: Set<String>

    public init(_ functions: [String: GoFunction]) {
        var table = Builtin.table
        for (name, function) in functions { table[name] = .function(function) }
        self.table = table
        names = Set(functions.keys)
    }
}

extension ListNode {
    /// Go's `parse.IsEmptyTree`: only comments and whitespace text.
    public var isEmptyTree: Bool {
        nodes.allSatisfy { node in
            switch node {
            case .comment: return true
            case .text(let t): return t.text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
            case .list(let l): return l.isEmptyTree
            default: return false
            }
        }
    }
}
