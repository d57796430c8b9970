/// Pipelines and their parts: declarations, commands, operands with field chains, and terms.
extension TreeParser {
    /// `declarations? command ('|' command)*`, up to `end` (a right delimiter, or the right
    /// parenthesis of a parenthesized pipeline). Declared variables stay in scope.
    mutating func pipeline(_ context: String, end: TokenKind) throws(TemplateError) -> PipeNode {
        let first = peekNonSpace()
        var pipe = PipeNode(pos: first.pos, line: first.line)
        // Declarations need three tokens of look-ahead: in "$x foo" the "foo" decides.
        decls: while true {
            let v = peekNonSpace()
            guard v.kind == .variable else { break decls }
            _ = next()
            let tokenAfterVariable = peek()
            let after = peekNonSpace()
            if after.kind == .assign || after.kind == .declare {
                pipe.isAssign = after.kind == .assign
                _ = nextNonSpace()
                declare(v, in: &pipe)
            } else if after.kind == .char, value(after) == "," {
                _ = nextNonSpace()
                declare(v, in: &pipe)
                if context == "range", pipe.decl.count < 2 {
                    switch peekNonSpace().kind {
                    case .variable, .rightDelim, .rightParen:
                        continue decls // the second variable of a range
                    default:
                        throw error("range can only initialize variables")
                    }
                }
                throw error("too many declarations in \(context)")
            } else if tokenAfterVariable.kind == .space {
                backup3(v, tokenAfterVariable)
            } else {
                backup2(v)
            }
            break decls
        }
        while true {
            let token = nextNonSpace()
            switch token.kind {
            case end:
                try checkPipeline(pipe, context)
                return pipe
            case .bool, .charConstant, .complex, .dot, .field, .identifier, .number, .nil, .rawString, .string,
                 .variable, .leftParen:
                backup()
                pipe.cmds.append(try command())
            default:
                throw unexpected(token, context)
            }
        }
    }

    private mutating func declare(_ v: Token, in pipe: inout PipeNode) {
        let name = value(v)
        pipe.decl.append(VariableNode(pos: v.pos, ident: name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)))
        state.vars.append(name)
    }

    func checkPipeline(_ pipe: PipeNode, _ context: String) throws(TemplateError) {
        if pipe.cmds.isEmpty { throw error("missing value for \(context)") }
        for (i, cmd) in pipe.cmds.enumerated().dropFirst() {
            switch cmd.args.first {
            case .bool, .dot, .nil, .number, .string:
                throw error("non executable command in pipeline stage \(i + 1)")
            default:
                continue
            }
        }
    }

    /// `operand (space operand)*`, consuming a following `|` but not the closing delimiter.
    mutating func command() throws(TemplateError) -> CommandNode {
        var cmd = CommandNode(pos: peekNonSpace().pos)
        loop: while true {
            _ = peekNonSpace()
            if let operand = try operand() { cmd.args.append(operand) }
            let token = next()
            switch token.kind {
            case .space:
                continue loop
            case .rightDelim, .rightParen:
                backup()
            case .pipe:
                break
            default:
                throw unexpected(token, "operand")
            }
            break loop
        }
        if cmd.args.isEmpty { throw error("empty command") }
        return cmd
    }

    /// `term .Field*`. A field or variable absorbs the fields (taking the position of the
    /// first of them, as Go's does); any other term becomes a chain.
    mutating func operand() throws(TemplateError) -> Argument? {
        guard let node = try term() else { return nil }
        guard peek().kind == .field else { return node }
        let chainPos = peek().pos
        var fields: [String] = []
        while peek().kind == .field { fields.append(String(value(next()).dropFirst())) }
        switch node {
        case .field(_, let ident):
            return .field(pos: chainPos, ident: ident + fields)
        case .variable(let v):
            return .variable(VariableNode(pos: chainPos, ident: v.ident + fields))
        case .bool, .string, .number, .nil, .dot:
            throw error("unexpected . after term \(GoFormat.quote(node.description))")
        default:
            return .chain(pos: chainPos, node: node, fields: fields)
        }
    }

    /// A literal, function name, `.`, `.Field`, `$x`, or `( pipeline )`; nil when the next
    /// token is none of these.
    mutating func term() throws(TemplateError) -> Argument? {
        let token = nextNonSpace()
        switch token.kind {
        case .identifier:
            let name = value(token)
            if !hasFunction(name) { throw error("function \(GoFormat.quote(name)) not defined") }
            return .identifier(pos: token.pos, name: name)
        case .dot:
            return .dot(pos: token.pos)
        case .nil:
            return .nil(pos: token.pos)
        case .variable:
            return .variable(try useVariable(token))
        case .field:
            let ident = value(token).dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            return .field(pos: token.pos, ident: ident)
        case .bool:
            return .bool(pos: token.pos, value: value(token) == "true")
        case .charConstant, .complex, .number:
            do {
                return .number(try NumberNode.parse(pos: token.pos, text: value(token), kind: token.kind))
            } catch {
                throw self.error(error.message)
            }
        case .leftParen:
            try nest()
            defer { nesting -= 1 }
            return .pipe(try pipeline("parenthesized pipeline", end: .rightParen))
        case .string, .rawString:
            let quoted = value(token)
            do {
                return .string(pos: token.pos, quoted: quoted, text: try GoQuoting.unquote(quoted))
            } catch {
                throw self.error("invalid syntax")
            }
        default:
            backup()
            return nil
        }
    }

    /// A variable reference, which must be in scope (`undefined variable "$x"`).
    func useVariable(_ token: Token) throws(TemplateError) -> VariableNode {
        let name = value(token)
        let ident = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let head = ident.first ?? name
        guard state.vars.contains(head) else { throw error("undefined variable \(GoFormat.quote(head))") }
        return VariableNode(pos: token.pos, ident: ident)
    }
}
