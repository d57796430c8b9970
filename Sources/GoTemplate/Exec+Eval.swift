/// Pipelines, commands, fields, variables and chains (Go's evalPipeline … evalField).
///
/// `final` is the previous command's result in a pipeline, passed as the last argument; nil
/// stands for Go's `missingVal` (no final argument). `.missing` is Go's invalid `reflect.Value`,
/// `.null` a nil `interface {}`.
extension Executor {
    mutating func evalPipeline(_ dot: GoValue, _ pipe: PipeNode?) throws(TemplateError) -> GoValue {
        guard let pipe else { return .missing }
        at(.pipe(pipe))
        var value: GoValue? = nil
        for cmd in pipe.cmds {
            var result = try evalCommand(dot, cmd, final: value)
            // Go unwraps an `interface {}` result ("lovely!"): a nil one becomes invalid.
            if case .null = result { result = .missing }
            value = result
        }
        let result = value ?? .missing
        for variable in pipe.decl {
            guard let name = variable.ident.first else { continue }
            if pipe.isAssign {
                try setVar(name, result)
            } else {
                push(name, result)
            }
        }
        return result
    }

    /// Go's `notAFunction`.
    mutating func notAFunction(_ args: [Argument], _ final: GoValue?) throws(TemplateError) {
        if args.count > 1 || final != nil {
            throw error("can't give argument to non-function \(args.first.map { "\($0)" } ?? "")")
        }
    }

    mutating func evalCommand(_ dot: GoValue, _ cmd: CommandNode, final: GoValue?) throws(TemplateError) -> GoValue {
        guard let first = cmd.args.first else {
            at(.command(cmd))
            throw error("empty command")
        }
        switch first {
        case .field(_, let ident):
            return try evalFieldNode(dot, first, ident, args: cmd.args, final: final)
        case .chain(_, let node, let fields):
            return try evalChainNode(dot, first, node, fields, args: cmd.args, final: final)
        case .identifier(_, let name):
            return try evalFunction(dot, first, name, callNode: .command(cmd), args: cmd.args, final: final)
        case .pipe(let pipe):
            // A parenthesized pipeline takes no arguments.
            try notAFunction(cmd.args, final)
            return try Executor.withStackRoom { () throws(TemplateError) in try evalPipeline(dot, pipe) }
        case .variable(let variable):
            return try evalVariableNode(dot, first, variable, args: cmd.args, final: final)
        default:
            break
        }
        at(.argument(first))
        try notAFunction(cmd.args, final)
        switch first {
        case .bool(_, let value): return .bool(value)
        case .dot: return dot
        case .nil: throw error("nil is not a command")
        case .number(let number): return try idealConstant(first, number)
        case .string(_, _, let text): return .string(text)
        default: throw error("can't evaluate command \(GoFormat.quote("\(first)"))")
        }
    }

    /// Go's `idealConstant`: a number literal with no type to convert to is a float64 when it
    /// is spelled as one, else an int.
    mutating func idealConstant(_ node: Argument, _ constant: NumberNode) throws(TemplateError) -> GoValue {
        at(.argument(node))
        let text = constant.text
        if constant.isComplex {
            throw error("complex constant \(text) is not supported")
        }
        let isHexInt = text.count > 2 && text.hasPrefix("0") && (text.dropFirst().first == "x" || text.dropFirst().first == "X")
            && !text.contains(where: { $0 == "p" || $0 == "P" })
        let isRune = text.hasPrefix("'")
        if constant.isFloat && !isHexInt && !isRune && text.contains(where: { ".eEpP".contains($0) }) {
            return .float(constant.float64)
        }
        if constant.isInt { return .int(Int(constant.int64), .int) }
        if constant.isUint { throw error("\(text) overflows int") }
        return .missing
    }

    mutating func evalFieldNode(_ dot: GoValue, _ field: Argument, _ ident: [String], args: [Argument],
                       final: GoValue?) throws(TemplateError) -> GoValue {
        at(.argument(field))
        return try evalFieldChain(dot, receiver: dot, receiverIsInterface: dotIsInterface, field, ident[...],
                                  args: args, final: final)
    }

    mutating func evalChainNode(_ dot: GoValue, _ chain: Argument, _ node: Argument, _ fields: [String],
                       args: [Argument], final: GoValue?) throws(TemplateError) -> GoValue {
        at(.argument(chain))
        if fields.isEmpty { throw error("internal error: no fields in evalChainNode") }
        if case .nil = node { throw error("indirection through explicit nil in \(chain)") }
        let receiver = try evalArg(dot, nil, node)
        return try evalFieldChain(dot, receiver: receiver, receiverIsInterface: false, chain, fields[...],
                                  args: args, final: final)
    }

    /// `node` is the `.variable` argument holding `variable`.
    mutating func evalVariableNode(_ dot: GoValue, _ node: Argument, _ variable: VariableNode, args: [Argument],
                                   final: GoValue?) throws(TemplateError) -> GoValue {
        at(.argument(node))
        let found = try self.variable(variable.ident.first ?? "$")
        if variable.ident.count <= 1 {
            try notAFunction(args, final)
            return found.value
        }
        return try evalFieldChain(dot, receiver: found.value, receiverIsInterface: found.isInterface, node,
                                  variable.ident[1...], args: args, final: final)
    }

    /// `.X.Y.Z`, the last of which may be a method given arguments.
    mutating func evalFieldChain(_ dot: GoValue, receiver: GoValue, receiverIsInterface: Bool, _ node: Argument,
                        _ ident: ArraySlice<String>, args: [Argument], final: GoValue?) throws(TemplateError) -> GoValue {
        var receiver = receiver
        var isInterface = receiverIsInterface
        // An index loop, not `zip`: its generic iterator costs a fresh process two
        // conformance scans of every loaded library (~0.4 ms) on the first field chain.
        var i = ident.startIndex
        while i < ident.endIndex {
            let name = ident[i]
            let last = i == ident.endIndex - 1
            i += 1
            let (value, elementIsInterface) = try evalField(dot, name, node, args: last ? args : [],
                                                            final: last ? final : nil,
                                                            receiver: receiver, receiverIsInterface: isInterface)
            receiver = value
            isInterface = elementIsInterface
        }
        return receiver
    }

    /// Go's `evalField`: a method of the receiver (called with the arguments), else a field of
    /// a struct or the entry of a map. Also says whether the result is held in an
    /// `interface {}` (an entry of a map of `interface {}`), which names its type in errors.
    mutating func evalField(_ dot: GoValue, _ fieldName: String, _ node: Argument, args: [Argument], final: GoValue?,
                   receiver: GoValue, receiverIsInterface: Bool) throws(TemplateError) -> (GoValue, Bool) {
        switch receiver {
        case .missing:
            if template.missingKey == .error { throw error("nil data; no entry for key \(GoFormat.quote(fieldName))") }
            return (.missing, false)
        case .null:
            throw error("nil pointer evaluating interface {}.\(fieldName)")
        default:
            break
        }
        let hasArgs = args.count > 1 || final != nil
        switch receiver {
        case .object(let object):
            if let method = object.method(fieldName) {
                return (try evalCall(dot, .function(method), callNode: .argument(node), name: fieldName,
                                     args: args, final: final), false)
            }
            if let field = object.field(fieldName) {
                if hasArgs { throw error("\(fieldName) has arguments but cannot be invoked as function") }
                return (field, false)
            }
        case .map(let map):
            // A named map type's methods come before its keys (Go looks up methods first).
            if !map.methods.isEmpty, let method = map.methods[fieldName] {
                return (try evalCall(dot, .function(method), callNode: .argument(node), name: fieldName,
                                     args: args, final: final), false)
            }
            if hasArgs { throw error("\(fieldName) is not a method but has arguments") }
            let isInterface = map.elementType == "interface {}"
            if let value = map.entries[fieldName] { return (value, isInterface) }
            switch template.missingKey {
            case .default: return (.missing, false)
            case .zero: return (GoValue.zero(ofType: map.elementType), isInterface)
            case .error: throw error("map has no entry for key \(GoFormat.quote(fieldName))")
            }
        default:
            break
        }
        let typeName = receiverIsInterface ? "interface {}" : receiver.typeName
        throw error("can't evaluate field \(fieldName) in type \(typeName)")
    }
}
