/// The actions: control structures (`if`, `range`, `with`, `template`, `block`, `break`,
/// `continue`, and the `else`/`end` that close them) and plain pipelines.
extension TreeParser {
    /// After the left delimiter: a keyword's control structure, or a pipeline.
    mutating func action() throws(TemplateError) -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .block, .if, .range, .with:
            try nest()
            defer { nesting -= 1 }
            switch token.kind {
            case .block: return .node(try blockControl())
            case .if: return .node(.if(try branch("if")))
            case .range: return .node(.range(try branch("range")))
            default: return .node(.with(try branch("with")))
            }
        case .break: return .node(try loopControl(token, isBreak: true))
        case .continue: return .node(try loopControl(token, isBreak: false))
        case .else: return try elseControl()
        case .end: return .end(pos: try expect(.rightDelim, "end").pos)
        case .template: return .node(try templateControl())
        default: break
        }
        backup()
        let first = peek()
        // Variables declared here persist until the enclosing {{end}}.
        let pipe = try pipeline("command", end: .rightDelim)
        return .node(.action(ActionNode(pos: first.pos, line: first.line, pipe: pipe)))
    }

    mutating func loopControl(_ keyword: Token, isBreak: Bool) throws(TemplateError) -> Node {
        let name = isBreak ? "{{break}}" : "{{continue}}"
        let token = nextNonSpace()
        if token.kind != .rightDelim { throw unexpected(token, name) }
        if state.rangeDepth == 0 { throw error("\(name) outside {{range}}") }
        return isBreak ? .break(pos: keyword.pos, line: keyword.line) : .continue(pos: keyword.pos, line: keyword.line)
    }

    /// `if`/`range`/`with`: pipeline, body, optional else body. Go 1.22 chains `{{else if}}`
    /// only (`{{else with}}` came in Go 1.23 and is an error here, as in Helm 3.15).
    mutating func branch(_ context: String) throws(TemplateError) -> BranchNode {
        let varCount = state.vars.count
        defer { state.vars.removeSubrange(min(varCount, state.vars.count)...) }
        let pipe = try pipeline(context, end: .rightDelim)
        if context == "range" { state.rangeDepth += 1 }
        let (list, next) = try itemList()
        if context == "range" { state.rangeDepth -= 1 }
        var elseList: ListNode?
        switch next {
        case .end, .node:
            break
        case .else(let pos, _):
            if context == "if", peek().kind == .if {
                _ = self.next()
                try nest()
                defer { nesting -= 1 }
                elseList = ListNode(pos: pos, nodes: [.if(try branch("if"))])
                break
            }
            let (elseBody, end) = try itemList()
            if case .end = end {} else { throw error("expected end; found \(end.goString)") }
            elseList = elseBody
        }
        return BranchNode(pos: pipe.pos, line: pipe.line, pipe: pipe, list: list, elseList: elseList)
    }

    mutating func elseControl() throws(TemplateError) -> Item {
        let peeked = peekNonSpace()
        if peeked.kind == .if { return .else(pos: peeked.pos, line: peeked.line) }
        let token = try expect(.rightDelim, "else")
        return .else(pos: token.pos, line: token.line)
    }

    /// `{{block "name" pipeline}} body {{end}}`: defines `name` as its own tree and calls it.
    mutating func blockControl() throws(TemplateError) -> Node {
        let context = "block clause"
        let token = nextNonSpace()
        let name = try templateName(token, context)
        let pipe = try pipeline(context, end: .rightDelim)
        // The body is its own tree; a wrong terminator is reported by the outer tree, a
        // duplicate definition by the inner one (each with its own last token's line, as in Go).
        let outer = beginTree(named: name)
        let (list, end) = try itemList()
        let inner = state
        endTree(outer)
        guard case .end = end else { throw error("unexpected \(end.goString) in \(context)") }
        state = inner
        try add(list)
        endTree(outer)
        return .template(TemplateNode(pos: token.pos, line: token.line, name: name, pipe: pipe))
    }

    /// `{{template "name"}}` or `{{template "name" pipeline}}`.
    mutating func templateControl() throws(TemplateError) -> Node {
        let context = "template clause"
        let token = nextNonSpace()
        let name = try templateName(token, context)
        var pipe: PipeNode?
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline(context, end: .rightDelim)
        }
        return .template(TemplateNode(pos: token.pos, line: token.line, name: name, pipe: pipe))
    }

    func templateName(_ token: Token, _ context: String) throws(TemplateError) -> String {
        guard token.kind == .string || token.kind == .rawString else { throw unexpected(token, context) }
        do { return try GoQuoting.unquote(value(token)) } catch { throw self.error("invalid syntax") }
    }
}
