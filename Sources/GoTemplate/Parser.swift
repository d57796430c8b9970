/// Go's `parse.Tree` while it parses: one instance per text, with Go's per-tree state (the
/// three-token look-ahead, the variables in scope, the range depth) swapped out while a
/// `define` or `block` body is parsed as its own tree, exactly as Go starts a new Tree on the
/// shared lexer. Errors are thrown with Go's text: `template: NAME:LINE: message`, where LINE
/// is the line of the token the current tree read last.
struct TreeParser {
    /// What Go keeps per `Tree` during a parse.
    struct TreeState {
        var name: String
        var vars: [String] = ["$"]
        var rangeDepth = 0
        var actionLine = 0
        /// Go's `token [3]item`, held inline (an array here cost a uniqueness check and a
        /// bounds check on every token the parser reads).
        var token0 = TreeState.empty, token1 = TreeState.empty, token2 = TreeState.empty
        var peekCount = 0
        static let empty = Token(kind: .eof, pos: 0, end: 0, line: 0)
        init(name: String) { self.name = name }

        func token(_ index: Int) -> Token { index == 0 ? token0 : index == 1 ? token1 : token2 }
    }

    /// What `itemList`/`textOrAction` produce: a node, or the `{{end}}`/`{{else}}` that stops a list.
    enum Item {
        case node(Node)
        case end(pos: Int)
        case `else`(pos: Int, line: Int)

        /// Go's `String()` of the end and else nodes, for "unexpected {{end}}".
        var goString: String {
            switch self {
            case .node(let n): return n.description
            case .end: return "{{end}}"
            case .else: return "{{else}}"
            }
        }
    }

    /// Go allows 10,000 nested parentheses and any depth of `if`/`range`/`with`/`block` (its
    /// stacks grow). Ours do not, so parentheses and control structures together may nest
    /// `maxNesting` deep; deeper input fails with Go's "max expression depth exceeded" instead
    /// of overflowing the stack (real charts nest a few levels).
    static let maxNesting = 200
    /// Go's builtin functions: always defined, so never "not defined".
    static let builtins: Set<String> = [
        "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println",
        "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
    ]

    var lexer: Lexer
    let parseName: String
    let text: String
    let functions: Set<String>
    var state: TreeState
    var treeSet: [String: Tree] = [:]
    /// Current depth of parentheses and control structures, across trees.
    var nesting = 0

    init(name: String, text: String, leftDelim: String, rightDelim: String, functions: Set<String>) {
        lexer = Lexer(input: Array(text.utf8), leftDelim: leftDelim, rightDelim: rightDelim)
        lexer.breakOK = !functions.contains("break")
        lexer.continueOK = !functions.contains("continue")
        parseName = name
        self.text = text
        self.functions = functions
        state = TreeState(name: name)
    }

    func hasFunction(_ name: String) -> Bool { functions.contains(name) || TreeParser.builtins.contains(name) }

    // MARK: tokens

    mutating func next() -> Token {
        if state.peekCount > 0 {
            state.peekCount -= 1
        } else {
            state.token0 = lexer.nextToken()
        }
        return state.token(state.peekCount)
    }

    mutating func backup() { state.peekCount += 1 }

    mutating func backup2(_ t1: Token) {
        state.token1 = t1
        state.peekCount = 2
    }

    mutating func backup3(_ t2: Token, _ t1: Token) {
        state.token1 = t1
        state.token2 = t2
        state.peekCount = 3
    }

    mutating func peek() -> Token {
        if state.peekCount > 0 { return state.token(state.peekCount - 1) }
        state.peekCount = 1
        state.token0 = lexer.nextToken()
        return state.token0
    }

    mutating func nextNonSpace() -> Token {
        var token = next()
        while token.kind == .space { token = next() }
        return token
    }

    mutating func peekNonSpace() -> Token {
        let token = nextNonSpace()
        backup()
        return token
    }

    func value(_ token: Token) -> String { lexer.text(token) }

    // MARK: errors

    func error(_ message: String) -> TemplateError {
        TemplateError(kind: .parse, message: "template: \(parseName):\(state.token0.line): \(message)")
    }

    /// Go's `item.String()`.
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .eof: return "EOF"
        case .error: return lexer.errorMessage
        case let kind where kind > .keyword: return "<\(value(token))>"
        default:
            let val = value(token)
            if token.end - token.pos > 10 { return GoQuoting.quote(val, runes: 10) + "..." }
            return GoFormat.quote(val)
        }
    }

    func unexpected(_ token: Token, _ context: String) -> TemplateError {
        if token.kind == .error {
            var extra = ""
            if state.actionLine != 0, state.actionLine != token.line {
                extra = " in action started at \(parseName):\(state.actionLine)"
                if lexer.errorMessage.hasSuffix(" action") { extra = String(extra.dropFirst(" in action".count)) }
            }
            return error(describe(token) + extra)
        }
        return error("unexpected \(describe(token)) in \(context)")
    }

    mutating func expect(_ kind: TokenKind, _ context: String) throws(TemplateError) -> Token {
        let token = nextNonSpace()
        if token.kind != kind { throw unexpected(token, context) }
        return token
    }

    // MARK: trees

    /// Go's `Tree.add`: a tree replaces an empty one of the same name; two non-empty
    /// definitions in one parse are an error.
    mutating func add(_ root: ListNode) throws(TemplateError) {
        let name = state.name
        if let existing = treeSet[name], !existing.root.isEmptyTree {
            if !root.isEmptyTree { throw error("template: multiple definition of template \(GoFormat.quote(name))") }
            return
        }
        treeSet[name] = Tree(name: name, parseName: parseName, root: root, text: text)
    }

    /// Starts a new tree named `name` on the shared lexer (Go's `startParse`), returning the
    /// current tree's state for `endTree`. (An error ends the whole parse, so no restore then.)
    mutating func beginTree(named name: String) -> TreeState {
        let saved = state
        state = TreeState(name: name)
        return saved
    }

    mutating func endTree(_ saved: TreeState) { state = saved }

    /// Enters one level of nesting, or fails when the input nests too deep.
    mutating func nest() throws(TemplateError) {
        if nesting >= TreeParser.maxNesting { throw error("max expression depth exceeded") }
        nesting += 1
    }

    /// The top level: like `itemList`, but runs to EOF and parses `{{define}}`.
    mutating func parse() throws(TemplateError) -> [String: Tree] {
        var root = ListNode(pos: peek().pos)
        while peek().kind != .eof {
            if peek().kind == .leftDelim {
                let delim = next()
                if nextNonSpace().kind == .define {
                    let saved = beginTree(named: "definition")
                    try parseDefinition()
                    endTree(saved)
                    continue
                }
                backup2(delim)
            }
            switch try textOrAction() {
            case .node(let n): root.nodes.append(n)
            case let item: throw error("unexpected \(item.goString)")
            }
        }
        try add(root)
        return treeSet
    }

    /// `{{define "name"}} … {{end}}`, the keyword already read.
    mutating func parseDefinition() throws(TemplateError) {
        let context = "define clause"
        let nameToken = nextNonSpace()
        guard nameToken.kind == .string || nameToken.kind == .rawString else { throw unexpected(nameToken, context) }
        do { state.name = try GoQuoting.unquote(value(nameToken)) } catch { throw self.error("invalid syntax") }
        _ = try expect(.rightDelim, context)
        let (list, end) = try itemList()
        if case .end = end {} else { throw error("unexpected \(end.goString) in \(context)") }
        try add(list)
    }

    /// `textOrAction*` up to an `{{end}}` or `{{else}}`, which is returned separately.
    mutating func itemList() throws(TemplateError) -> (ListNode, Item) {
        var list = ListNode(pos: peekNonSpace().pos)
        while peekNonSpace().kind != .eof {
            let item = try textOrAction()
            switch item {
            case .node(let n): list.nodes.append(n)
            case .end, .else: return (list, item)
            }
        }
        throw error("unexpected EOF")
    }

    mutating func textOrAction() throws(TemplateError) -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .text:
            return .node(.text(TextNode(pos: token.pos, text: value(token))))
        case .leftDelim:
            state.actionLine = token.line
            defer { state.actionLine = 0 }
            return try action()
        default:
            throw unexpected(token, "input")
        }
    }
}
