/// One execution of a template set: Go's `state` in exec.go. Holds the variable stack (an
/// array pushed and popped by scope, as Go's), the node being evaluated (for error messages),
/// and the output. The function table and trees are read through `template`, never copied.
struct Executor {
    struct Variable {
        var name: String
        var value: GoValue
        /// Whether the value is held in an `interface {}` (a range element of an `interface {}`
        /// slice or map), which Go names as the type in "can't evaluate field" errors.
        var isInterface = false
    }

    /// How a walk ended: normally, or at a `break`/`continue` the enclosing `range` consumes.
    enum Flow { case normal, breakLoop, continueLoop }

    let template: Template
    /// The executing template's tree and name (they change inside `{{template}}` calls).
    var tree: Tree
    var name: String
    var vars: [Variable]
    /// Go's `s.node`: what an error message points at.
    var node: ExecNode = .none
    var depth = 0
    /// The rendered bytes (appending UTF-8 to an array is cheaper than growing a String).
    var output: [UInt8] = []
    /// Whether dot holds an element of an `interface {}` slice or map (a range body's dot):
    /// Go names such a value's type `interface {}` in "can't evaluate field" errors.
    var dotIsInterface = false

    /// Go's `maxExecDepth`: nested `{{template}}` calls allowed.
    static let maxExecDepth = 100_000

    init(template: Template, tree: Tree, name: String, data: GoValue) {
        self.template = template
        self.tree = tree
        self.name = name
        self.vars = [Variable(name: "$", value: data.isNil ? .missing : data)]
    }

    /// Runs the template; the rendered text, or the first error.
    mutating func run() throws(TemplateError) -> String {
        let outermost = StackBounds.enter(at: Executor.currentStackAddress())
        defer { if outermost { StackBounds.leave() } }
        let dot = vars[0].value
        output.reserveCapacity(tree.text.utf8.count)
        // A function may execute templates again (Helm's `include`): each entry checks the stack.
        _ = try Executor.withStackRoom { () throws(TemplateError) in try walkList(dot, tree.root) }
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: - Errors

    /// Go's `s.at(node)`.
    @inline(__always) mutating func at(_ n: ExecNode) { node = n }

    /// Go's `errorf`: `template: LOCATION: executing "NAME" at <NODE>: MESSAGE`.
    func error(_ message: String, underlying: GoFunctionError? = nil) -> TemplateError {
        let text: String
        if case .none = node {
            text = "template: \(name): \(message)"
        } else {
            text = "template: \(tree.location(of: node.pos)): executing \(GoFormat.quote(name)) at <\(node.text)>: \(message)"
        }
        return TemplateError(kind: .exec, message: text, underlying: underlying)
    }

    // MARK: - Variables

    mutating func push(_ name: String, _ value: GoValue) { vars.append(Variable(name: name, value: value)) }

    mutating func pop(to mark: Int) {
        if vars.count > mark { vars.removeSubrange(mark...) }
    }

    /// Go's `setVar`: assigns the innermost variable of that name.
    mutating func setVar(_ name: String, _ value: GoValue) throws(TemplateError) {
        var i = vars.count - 1
        while i >= 0 {
            if vars[i].name == name { vars[i].value = value; return }
            i -= 1
        }
        throw error("undefined variable: \(name)")
    }

    /// The innermost variable of that name.
    func variable(_ name: String) throws(TemplateError) -> Variable {
        if let variable = vars.last(where: { $0.name == name }) { return variable }
        throw error("undefined variable: \(name)")
    }

    /// Sets a range variable: the top `fromTop`-th one (Go's `setTopVar`), or with `=` the
    /// innermost of that name.
    mutating func setRangeVariable(fromTop: Int, name: String, assign: Bool, _ value: GoValue,
                                   isInterface: Bool) throws(TemplateError) {
        var index = vars.count - fromTop
        if assign {
            guard let found = vars.lastIndex(where: { $0.name == name }) else {
                throw error("undefined variable: \(name)")
            }
            index = found
        }
        guard vars.indices.contains(index) else { throw error("undefined variable: \(name)") }
        vars[index].value = value
        vars[index].isInterface = isInterface
    }

    // MARK: - Walking

    mutating func walkList(_ dot: GoValue, _ list: ListNode) throws(TemplateError) -> Flow {
        for node in list.nodes {
            let flow = try walk(dot, node)
            if flow != .normal { return flow }
        }
        return .normal
    }

    mutating func walk(_ dot: GoValue, _ node: Node) throws(TemplateError) -> Flow {
        switch node {
        case .text(let t):
            output.append(contentsOf: t.text.utf8)
        case .action(let a):
            at(.node(node))
            // Variables an action declares persist to the end of the enclosing scope; such an
            // action prints nothing.
            let value = try evalPipeline(dot, a.pipe)
            if a.pipe.decl.isEmpty { try printValue(node, value) }
        case .comment:
            break
        case .if(let b):
            at(.node(node))
            return try Executor.withStackRoom { () throws(TemplateError) in try walkIfOrWith(isWith: false, dot, b) }
        case .with(let b):
            at(.node(node))
            return try Executor.withStackRoom { () throws(TemplateError) in try walkIfOrWith(isWith: true, dot, b) }
        case .range(let b):
            at(.node(node))
            return try Executor.withStackRoom { () throws(TemplateError) in try walkRange(dot, node, b) }
        case .template(let t):
            at(.node(node))
            try walkTemplate(dot, t)
        case .list(let l):
            return try walkList(dot, l)
        case .break:
            return .breakLoop
        case .continue:
            return .continueLoop
        }
        return .normal
    }

    /// Go's `printValue`: nil and missing print `<no value>`; functions cannot print.
    mutating func printValue(_ node: Node, _ value: GoValue) throws(TemplateError) {
        at(.node(node))
        switch value {
        case .missing, .null: output.append(contentsOf: "<no value>".utf8)
        case .string(let s): output.append(contentsOf: s.utf8)
        case .function: throw error("can't print \(node) of type \(value.typeName)")
        default: output.append(contentsOf: GoFormat.formatValue(value).utf8)
        }
    }
}

/// The node Go's executor last marked with `s.at`: what an error's `at <…>` prints.
enum ExecNode {
    case none
    case node(Node)
    case argument(Argument)
    case pipe(PipeNode)
    case command(CommandNode)

    var pos: Int {
        switch self {
        case .none: return 0
        case .node(let n): return n.pos
        case .argument(let a): return a.pos
        case .pipe(let p): return p.pos
        case .command(let c): return c.pos
        }
    }

    /// The node as Go's `String()` prints it.
    var text: String {
        switch self {
        case .none: return ""
        case .node(let n): return "\(n)"
        case .argument(let a): return "\(a)"
        case .pipe(let p): return "\(p)"
        case .command(let c): return "\(c)"
        }
    }
}
