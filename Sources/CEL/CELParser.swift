/// A recursive-descent parser for CEL (langdef.md, "Syntax"), with the spec's precedence:
/// `?:` < `||` < `&&` < relations (`== != < <= > >= in`) < `+ -` < `* / %` < unary `! -` <
/// member access, index and calls.
///
/// Every node records the height of its subtree; a tree taller than `maxNestingDepth` is a
/// parse error, so neither this parser nor the evaluator (both recursive) can exhaust the
/// stack whatever the input. Long `&&`/`||` chains are built balanced, so a thousand clauses
/// stay shallow.
struct CELParser {
    typealias Node = (expr: CELExpr, height: Int)

    private var tokens: [CELToken]
    private var position = 0
    /// Current recursion depth, checked on entry so a hostile `((((...` fails before the stack does.
    private var depth = 0
    private let limits: CELLimits

    init(tokens: [CELToken], limits: CELLimits) {
        self.tokens = tokens
        self.limits = limits
    }

    static func parse(_ source: String, limits: CELLimits) throws(CELError) -> CELExpr {
        let length = source.unicodeScalars.count
        guard length <= limits.maxExpressionLength else {
            throw .parse(message: "expression is \(length) characters long, the limit is \(limits.maxExpressionLength)",
                         line: 1, column: 1)
        }
        var lexer = CELLexer(source)
        var parser = CELParser(tokens: try lexer.tokenize(), limits: limits)
        let node = try parser.expression()
        guard case .eof = parser.current.kind else {
            throw parser.unexpected(expecting: "an operator or the end of the expression")
        }
        return node.expr
    }

    // MARK: Token helpers

    var current: CELToken { tokens[position] }
    var limitsDepth: Int { limits.maxNestingDepth }

    private func isPunct(_ p: String) -> Bool { current.kind == .punct(p) }

    private mutating func accept(_ p: String) -> Bool {
        guard isPunct(p) else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ p: String) throws(CELError) {
        guard accept(p) else { throw unexpected(expecting: "'\(p)'") }
    }

    func unexpected(expecting: String) -> CELError {
        let found = current.kind == .eof ? "end of input" : "'\(current.display)'"
        return .parse(message: "unexpected \(found), expected \(expecting)", line: current.line, column: current.column)
    }

    private func error(_ message: String, at token: CELToken) -> CELError {
        .parse(message: message, line: token.line, column: token.column)
    }

    /// Wraps a new node over children, enforcing the nesting limit.
    private func node(_ expr: CELExpr, _ children: Int..., at token: CELToken) throws(CELError) -> Node {
        let height = (children.max() ?? 0) + 1
        guard height <= limits.maxNestingDepth else {
            throw error("expression nested too deeply (more than \(limits.maxNestingDepth) levels)", at: token)
        }
        return (expr, height)
    }

    // MARK: Grammar

    private mutating func enter() throws(CELError) {
        depth += 1
        guard depth <= limits.maxNestingDepth else {
            throw error("expression nested too deeply (more than \(limits.maxNestingDepth) levels)", at: current)
        }
    }

    mutating func expression() throws(CELError) -> Node {
        try enter()
        defer { depth -= 1 }
        let start = current
        let condition = try logical(or: true)
        guard accept("?") else { return condition }
        let then = try logical(or: true)
        try expect(":")
        let otherwise = try expression()
        return try node(.conditional(condition.expr, then.expr, otherwise.expr),
                        condition.height, then.height, otherwise.height, at: start)
    }

    /// `||` and `&&` chains, collected and then built as balanced trees.
    private mutating func logical(or isOr: Bool) throws(CELError) -> Node {
        let start = current
        var operands = [isOr ? try logical(or: false) : try relation()]
        while accept(isOr ? "||" : "&&") {
            operands.append(isOr ? try logical(or: false) : try relation())
        }
        return try balanced(operands[...], isOr: isOr, at: start)
    }

    private func balanced(_ operands: ArraySlice<Node>, isOr: Bool, at token: CELToken) throws(CELError) -> Node {
        if operands.count == 1, let only = operands.first { return only }
        let middle = operands.startIndex + operands.count / 2
        let left = try balanced(operands[..<middle], isOr: isOr, at: token)
        let right = try balanced(operands[middle...], isOr: isOr, at: token)
        let expr: CELExpr = isOr ? .or(left.expr, right.expr) : .and(left.expr, right.expr)
        return try node(expr, left.height, right.height, at: token)
    }

    private static let relationOperators = ["==", "!=", "<", "<=", ">", ">="]

    private mutating func relation() throws(CELError) -> Node {
        var left = try addition()
        while true {
            let token = current
            let op: String
            if case .punct(let p) = token.kind, Self.relationOperators.contains(p) {
                op = p
            } else if token.kind == .ident("in") {
                op = "in"
            } else {
                return left
            }
            position += 1
            let right = try addition()
            left = try node(.binary(op, left.expr, right.expr), left.height, right.height, at: token)
        }
    }

    private mutating func addition() throws(CELError) -> Node {
        var left = try multiplication()
        while isPunct("+") || isPunct("-") {
            let token = current
            guard case .punct(let op) = token.kind else { break }
            position += 1
            let right = try multiplication()
            left = try node(.binary(op, left.expr, right.expr), left.height, right.height, at: token)
        }
        return left
    }

    private mutating func multiplication() throws(CELError) -> Node {
        var left = try unary()
        while isPunct("*") || isPunct("/") || isPunct("%") {
            let token = current
            guard case .punct(let op) = token.kind else { break }
            position += 1
            let right = try unary()
            left = try node(.binary(op, left.expr, right.expr), left.height, right.height, at: token)
        }
        return left
    }

    private mutating func unary() throws(CELError) -> Node {
        let token = current
        if isPunct("!") || isPunct("-") {
            // Only a prefix operator recurses here; count it like a nesting level.
            try enter()
        }
        defer { if token.kind == .punct("!") || token.kind == .punct("-") { depth -= 1 } }
        if accept("!") {
            let operand = try unary()
            return try node(.unary("!", operand.expr), operand.height, at: token)
        }
        if accept("-") {
            // A negative integer literal is one constant, so -9223372036854775808 is valid.
            if case .int(let digits) = current.kind, !isMemberFollowing(offset: 1) {
                let literal = current
                position += 1
                return try node(.literal(try intLiteral("-" + digits, at: literal)), at: token)
            }
            let operand = try unary()
            return try node(.unary("-", operand.expr), operand.height, at: token)
        }
        return try member()
    }

    /// Whether the token after the next is `.` or `[`, which binds tighter than unary minus.
    private func isMemberFollowing(offset: Int) -> Bool {
        let i = position + offset
        guard i < tokens.count else { return false }
        return tokens[i].kind == .punct(".") || tokens[i].kind == .punct("[") || tokens[i].kind == .punct(".?")
            || tokens[i].kind == .punct("[?")
    }

    private mutating func member() throws(CELError) -> Node {
        var operand = try primary()
        while true {
            let token = current
            if accept(".") || accept(".?") {
                let optional = tokens[position - 1].kind == .punct(".?")
                let nameToken = current
                let name: String
                switch nameToken.kind {
                case .ident(let n):
                    name = n
                case .quotedIdent(let n) where !isPunctAfter("("):
                    name = n
                default:
                    throw unexpected(expecting: "a field or method name after '.'")
                }
                position += 1
                if !optional, accept("(") {
                    let args = try arguments(closing: ")")
                    operand = try receiverCall(name, target: operand, args: args, at: nameToken)
                } else {
                    operand = try node(.select(operand.expr, name, optional: optional), operand.height, at: token)
                }
            } else if accept("[") || accept("[?") {
                let optional = tokens[position - 1].kind == .punct("[?")
                let index = try expression()
                try expect("]")
                operand = try node(.index(operand.expr, index.expr, optional: optional), operand.height, index.height, at: token)
            } else {
                return operand
            }
        }
    }

    private func isPunctAfter(_ p: String) -> Bool {
        position + 1 < tokens.count && tokens[position + 1].kind == .punct(p)
    }

    private mutating func primary() throws(CELError) -> Node {
        let token = current
        switch token.kind {
        case .int(let digits):
            position += 1
            return try node(.literal(try intLiteral(digits, at: token)), at: token)
        case .uint(let digits):
            position += 1
            return try node(.literal(try uintLiteral(digits, at: token)), at: token)
        case .double(let d):
            position += 1
            return try node(.literal(.double(d)), at: token)
        case .string(let s):
            position += 1
            return try node(.literal(.string(s)), at: token)
        case .bytes(let b):
            position += 1
            return try node(.literal(.bytes(b)), at: token)
        case .ident(let name):
            return try identifier(name, at: token)
        case .punct("."):
            // A leading dot names the root scope: `.a` is `a`.
            position += 1
            guard case .ident(let name) = current.kind else { throw unexpected(expecting: "an identifier after '.'") }
            return try identifier(name, at: current)
        case .punct("("):
            position += 1
            let inner = try expression()
            try expect(")")
            return try node(inner.expr, inner.height, at: token)
        case .punct("["):
            position += 1
            let elements = try arguments(closing: "]", allowTrailingComma: true)
            return try node(.list(elements.map(\.expr)), elements.map(\.height).max() ?? 0, at: token)
        case .punct("{"):
            position += 1
            return try mapLiteral(at: token)
        default:
            throw unexpected(expecting: "an expression")
        }
    }

    private mutating func identifier(_ name: String, at token: CELToken) throws(CELError) -> Node {
        switch name {
        case "true", "false":
            position += 1
            return try node(.literal(.bool(name == "true")), at: token)
        case "null":
            position += 1
            return try node(.literal(.null), at: token)
        case "in":
            throw unexpected(expecting: "an expression")
        default:
            break
        }
        guard !CELLexer.reserved.contains(name) else {
            throw error("'\(name)' is a reserved word and cannot be used as an identifier", at: token)
        }
        position += 1
        if accept("(") {
            let args = try arguments(closing: ")")
            return try globalCall(name, args: args, at: token)
        }
        return try node(.ident(name), at: token)
    }

    /// A comma-separated list up to `closing` (which is consumed).
    private mutating func arguments(closing: String, allowTrailingComma: Bool = false) throws(CELError) -> [Node] {
        var items: [Node] = []
        if accept(closing) { return items }
        while true {
            items.append(try expression())
            if accept(closing) { return items }
            try expect(",")
            if allowTrailingComma, accept(closing) { return items }
        }
    }

    private mutating func mapLiteral(at token: CELToken) throws(CELError) -> Node {
        var entries: [CELExpr.MapEntry] = []
        var height = 0
        if accept("}") { return try node(.map(entries), at: token) }
        while true {
            let key = try expression()
            try expect(":")
            let value = try expression()
            entries.append(.init(key: key.expr, value: value.expr))
            height = max(height, key.height, value.height)
            if accept("}") { break }
            try expect(",")
            if accept("}") { break }
        }
        return try node(.map(entries), height, at: token)
    }
}
