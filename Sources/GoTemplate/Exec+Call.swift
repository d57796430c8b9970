/// Function and method calls (Go's evalFunction, evalCall, evalArg, validateType): the
/// argument count is checked against the signature, each argument converted to its
/// parameter's type by Go's rules, and a function's failure reported as `error calling NAME`.
extension Executor {
    mutating func evalFunction(_ dot: GoValue, _ ident: Argument, _ name: String, callNode: ExecNode, args: [Argument],
                      final: GoValue?) throws(TemplateError) -> GoValue {
        at(.argument(ident))
        guard let function = template.functionTable[name] else {
            throw error("\(GoFormat.quote(name)) is not a defined function")
        }
        return try evalCall(dot, function, callNode: callNode, name: name, args: args, final: final)
    }

    /// Calls `function` with `args` (whose first element names the function and is skipped)
    /// and, in a pipeline, the previous command's result `final` as the last argument.
    mutating func evalCall(_ dot: GoValue, _ function: ExecFunction, callNode: ExecNode, name: String, args: [Argument],
                  final: GoValue?) throws(TemplateError) -> GoValue {
        let callArgs = args.dropFirst()
        let fixedCount: Int
        let variadic: ParameterKind?
        var builtin: Builtin?
        switch function {
        case .builtin(let b):
            builtin = b
            let signature = b.signature
            fixedCount = signature.fixed.count
            variadic = signature.variadic
        case .function(let f):
            fixedCount = f.parameters.count
            variadic = f.variadic.map { .go($0) }
        }
        func parameter(_ i: Int) -> ParameterKind {
            switch function {
            case .builtin(let b): return b.signature.fixed[i]
            case .function(let f): return .go(f.parameters[i])
            }
        }

        let numIn = callArgs.count + (final == nil ? 0 : 1)
        var numFixed = callArgs.count
        if variadic != nil {
            numFixed = fixedCount
            if numIn < numFixed {
                throw error("wrong number of args for \(name): want at least \(fixedCount) got \(callArgs.count)")
            }
        } else if numIn != fixedCount {
            throw error("wrong number of args for \(name): want \(fixedCount) got \(numIn)")
        }

        // `and` and `or` evaluate their arguments only until the result is decided.
        if let builtin, builtin == .and || builtin == .or {
            var value: GoValue = .missing
            for arg in callArgs {
                value = try evalArg(dot, .value, arg)
                if value.isTrue == (builtin == .or) { return value }
            }
            if let final { value = final }
            return value
        }

        var argv: [GoValue] = []
        argv.reserveCapacity(numIn)
        for (i, arg) in callArgs.enumerated() {
            let kind = i < numFixed ? parameter(i) : (variadic ?? .value)
            argv.append(try evalArg(dot, kind, arg))
        }
        if let final {
            let kind: ParameterKind
            if let variadic {
                kind = numIn - 1 < numFixed ? parameter(numIn - 1) : variadic
            } else {
                kind = parameter(fixedCount - 1)
            }
            argv.append(try validateType(final, kind))
        }

        do throws(CallFailure) {
            switch function {
            case .builtin(.call):
                // The callee's node as Go prints it, or for a piped-in function reflect's
                // `Value.String()` (`<func(int) int Value>`).
                let callee = callArgs.first.map { "\($0)" } ?? final.map { value in
                    if case .string(let text) = value { return text }
                    return "<\(value.typeName) Value>"
                } ?? ""
                return try Builtin.callFunction(callee, argv[0], argv.dropFirst())
            case .builtin(let b):
                do throws(GoFunctionError) { return try checkedResult(try b.run(argv)) } catch { throw CallFailure(error) }
            case .function(let f):
                let result = try Executor.invoke(f, argv)
                do throws(GoFunctionError) { return try checkedResult(result) } catch { throw CallFailure(error) }
            }
        } catch {
            at(callNode)
            throw self.error("error calling \(name): \(error.message)", underlying: error.underlying)
        }
    }

    /// Runs a function body. A nested template's error (one from Helm's `include`) keeps the
    /// function error it carries, so Helm still finds the message of a `required` or `fail`.
    static func invoke(_ function: GoFunction, _ argv: [GoValue]) throws(CallFailure) -> GoValue {
        do {
            return try function.body(argv)
        } catch let failure as GoFunctionError {
            throw CallFailure(failure)
        } catch let failure as TemplateError {
            throw CallFailure(message: failure.message, underlying: failure.underlying)
        } catch {
            throw CallFailure(message: "\(error)", underlying: nil)
        }
    }

    /// Go's `evalArg`: evaluates `arg` for a parameter of kind `kind` (nil: no type, as for
    /// the operand of a chain). Literals convert to the parameter's type; anything else must
    /// already be assignable to it.
    mutating func evalArg(_ dot: GoValue, _ kind: ParameterKind?, _ arg: Argument) throws(TemplateError) -> GoValue {
        at(.argument(arg))
        switch arg {
        case .dot:
            return try validateType(dot, kind)
        case .nil:
            guard case .go(let type)? = kind else { return .missing }
            if let zero = type.nilValue { return zero }
            throw error("cannot assign nil to \(type.goName)")
        case .field(_, let ident):
            return try validateType(evalFieldNode(dot, arg, ident, args: [arg], final: nil), kind)
        case .variable(let variable):
            return try validateType(evalVariableNode(dot, arg, variable, args: [], final: nil), kind)
        case .pipe(let pipe):
            let value = try Executor.withStackRoom { () throws(TemplateError) in try evalPipeline(dot, pipe) }
            return try validateType(value, kind)
        case .identifier(_, let name):
            return try validateType(evalFunction(dot, arg, name, callNode: .argument(arg), args: [], final: nil), kind)
        case .chain(_, let node, let fields):
            return try validateType(evalChainNode(dot, arg, node, fields, args: [], final: nil), kind)
        case .bool, .number, .string:
            break
        }
        switch kind {
        case .value?, .go(.any)?:
            switch arg {
            case .bool(_, let value): return .bool(value)
            case .number(let number): return try idealConstant(arg, number)
            case .string(_, _, let text): return .string(text)
            default: break
            }
        case .go(.bool)?:
            if case .bool(_, let value) = arg { return .bool(value) }
            throw error("expected bool; found \(arg)")
        case .go(.float64)?:
            if case .number(let n) = arg, n.isFloat { return .float(n.float64) }
            throw error("expected float; found \(arg)")
        case .go(.int)?, .go(.int64)?:
            if case .number(let n) = arg, n.isInt {
                return .int(Int(n.int64), kind?.goName == "int64" ? .int64 : .int)
            }
            throw error("expected integer; found \(arg)")
        case .go(.string)?:
            if case .string(_, _, let text) = arg { return .string(text) }
            throw error("expected string; found \(arg)")
        default:
            break
        }
        throw error("can't handle \(arg) for arg of type \(kind?.goName ?? "<nil>")")
    }

    /// Go's `validateType`: a missing value becomes the type's nil where it has one; any other
    /// value must be assignable.
    mutating func validateType(_ value: GoValue, _ kind: ParameterKind?) throws(TemplateError) -> GoValue {
        guard case .go(let type)? = kind else { return value }
        if case .missing = value {
            if let zero = type.nilValue { return zero }
            throw error("invalid value; expected \(type.goName)")
        }
        if value.isAssignable(to: type) { return value }
        let got = value.isNil ? "interface {}" : value.typeName
        throw error("wrong type for value; expected \(type.goName); got \(got)")
    }
}

/// Why a called function failed: the text after `error calling NAME: ` and the function's own
/// error, if it raised one.
struct CallFailure: Error {
    var message: String
    var underlying: GoFunctionError?
    init(message: String, underlying: GoFunctionError?) {
        self.message = message
        self.underlying = underlying
    }
    init(_ error: GoFunctionError) {
        self.init(message: error.message, underlying: error)
    }
}
