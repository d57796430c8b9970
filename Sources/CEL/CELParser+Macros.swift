extension CELParser {
    /// Functions called as `namespace.name(...)`: parsed as one global name, not a receiver call.
    static let namespaces: Set<String> = ["optional", "base64", "sets", "strings", "math"]

    /// `name(args)`: the `has` macro, or an ordinary global function.
    mutating func globalCall(_ name: String, args: [Node], at token: CELToken) throws(CELError) -> Node {
        let height = args.map(\.height).max() ?? 0
        if name == "has" {
            guard args.count == 1 else {
                throw .parse(message: "has() takes exactly one argument, a field selection such as has(a.b)",
                             line: token.line, column: token.column)
            }
            guard case .select(let operand, let field, optional: false) = args[0].expr else {
                throw .parse(message: "invalid argument to has(): expected a field selection such as has(a.b)",
                             line: token.line, column: token.column)
            }
            return try wrap(.presence(operand, field), height, at: token)
        }
        return try wrap(.call(name, target: nil, args: args.map(\.expr)), height, at: token)
    }

    /// `target.name(args)`: a comprehension macro, a namespaced global, or a receiver call.
    mutating func receiverCall(_ name: String, target: Node, args: [Node], at token: CELToken) throws(CELError) -> Node {
        let height = max(target.height, args.map(\.height).max() ?? 0)
        if case .ident(let namespace) = target.expr, Self.namespaces.contains(namespace) {
            return try wrap(.call(namespace + "." + name, target: nil, args: args.map(\.expr)), height, at: token)
        }
        let kind: CELExpr.Comprehension.Kind?
        switch (name, args.count) {
        case ("all", 2): kind = .all
        case ("exists", 2): kind = .exists
        case ("exists_one", 2), ("existsOne", 2): kind = .existsOne
        case ("filter", 2): kind = .filter
        case ("map", 2), ("map", 3): kind = .map
        default: kind = nil
        }
        guard let kind else {
            return try wrap(.call(name, target: target.expr, args: args.map(\.expr)), height, at: token)
        }
        guard case .ident(let variable) = args[0].expr else {
            throw .parse(message: "\(name)() macro: the first argument must be a variable name, as in \(name)(x, ...)",
                         line: token.line, column: token.column)
        }
        var comprehension = CELExpr.Comprehension(kind: kind, range: target.expr, variable: variable)
        switch kind {
        case .map where args.count == 3:
            comprehension.predicate = args[1].expr
            comprehension.transform = args[2].expr
        case .map:
            comprehension.transform = args[1].expr
        default:
            comprehension.predicate = args[1].expr
        }
        return try wrap(.comprehension(comprehension), height, at: token)
    }

    private func wrap(_ expr: CELExpr, _ height: Int, at token: CELToken) throws(CELError) -> Node {
        guard height + 1 <= limitsDepth else {
            throw .parse(message: "expression nested too deeply (more than \(limitsDepth) levels)",
                         line: token.line, column: token.column)
        }
        return (expr, height + 1)
    }
}

extension CELParser {
    func intLiteral(_ text: String, at token: CELToken) throws(CELError) -> CELValue {
        var digits = Substring(text)
        let negative = digits.hasPrefix("-")
        if negative { digits = digits.dropFirst() }
        var radix = 10
        if digits.hasPrefix("0x") {
            radix = 16
            digits = digits.dropFirst(2)
        }
        guard let value = Int64((negative ? "-" : "") + digits, radix: radix) else {
            throw .parse(message: "integer literal \(text) does not fit in a 64-bit signed int",
                         line: token.line, column: token.column)
        }
        return .int(value)
    }

    func uintLiteral(_ text: String, at token: CELToken) throws(CELError) -> CELValue {
        var digits = Substring(text)
        var radix = 10
        if digits.hasPrefix("0x") {
            radix = 16
            digits = digits.dropFirst(2)
        }
        guard let value = UInt64(digits, radix: radix) else {
            throw .parse(message: "unsigned literal \(text)u does not fit in a 64-bit unsigned int",
                         line: token.line, column: token.column)
        }
        return .uint(value)
    }
}
