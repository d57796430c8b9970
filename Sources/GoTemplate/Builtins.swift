/// What an identifier of a template names when it runs: one of `text/template`'s builtins
/// (which see values as `reflect.Value`, unconverted) or a function added with `funcs`.
enum ExecFunction {
    case builtin(Builtin)
    case function(GoFunction)
}

/// A parameter as the executor converts arguments for it: a Go type, or `reflect.Value` (the
/// builtins' parameters, which take any value as it is, missing and nil included).
enum ParameterKind {
    case value
    case go(GoParameterType)

    var goName: String {
        switch self {
        case .value: return "reflect.Value"
        case .go(let type): return type.goName
        }
    }
}

/// The builtin functions of Go's `text/template` (funcs.go), with their Go signatures.
enum Builtin: String, CaseIterable {
    case and, call, html, index, slice, js, len, not, or, print, printf, println, urlquery
    case eq, ge, gt, le, lt, ne

    static let table: [String: ExecFunction] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue, ExecFunction.builtin($0)) })

    private static let oneValue: [ParameterKind] = [.value]
    private static let twoValues: [ParameterKind] = [.value, .value]
    private static let format: [ParameterKind] = [.go(.string)]

    /// The fixed parameters and the variadic one, as Go declares them.
    var signature: (fixed: [ParameterKind], variadic: ParameterKind?) {
        switch self {
        case .and, .or, .call, .index, .slice, .eq: return (Builtin.oneValue, .value)
        case .not, .len: return (Builtin.oneValue, nil)
        case .ne, .lt, .le, .gt, .ge: return (Builtin.twoValues, nil)
        case .html, .js, .urlquery, .print, .println: return ([], .go(.any))
        case .printf: return (Builtin.format, .go(.any))
        }
    }

    /// Runs every builtin but the ones the executor handles itself (`and`, `or` short-circuit;
    /// `call` needs the callee's node).
    func run(_ args: [GoValue]) throws(GoFunctionError) -> GoValue {
        switch self {
        case .and, .or, .call:
            throw GoFunctionError("unreachable builtin \(rawValue)")
        case .not: return .bool(!args[0].isTrue)
        case .len: return .integer(try Builtin.length(args[0].collectionView))
        case .index: return try Builtin.index(args[0].collectionView, Array(args.dropFirst()))
        case .slice: return try Builtin.slice(args[0].collectionView, Array(args.dropFirst()))
        case .print: return .string(GoFormat.sprint(args))
        case .println: return .string(GoFormat.sprintln(args))
        case .printf:
            return .string(GoFormat.sprintf(args[0].stringValue ?? "", Array(args.dropFirst())))
        case .html: return .string(Builtin.htmlEscape(Builtin.escaperText(args)))
        case .js: return .string(Builtin.jsEscape(Builtin.escaperText(args)))
        case .urlquery: return .string(Builtin.queryEscape(Builtin.escaperText(args)))
        case .eq: return .bool(try Builtin.eq(args[0], args.dropFirst()))
        case .ne: return .bool(!(try Builtin.eq(args[0], args.dropFirst())))
        case .lt: return .bool(try Builtin.lt(args[0], args[1]))
        case .le: return .bool(try Builtin.le(args[0], args[1]))
        case .gt: return .bool(!(try Builtin.le(args[0], args[1])))
        case .ge: return .bool(!(try Builtin.lt(args[0], args[1])))
        }
    }
}

extension Builtin {
    /// Go's `call fn args…`: calls a function value, converting each argument as Go's
    /// `prepareArg` does (integers convert between integer types).
    static func callFunction(_ callee: String, _ fn: GoValue, _ args: ArraySlice<GoValue>) throws(CallFailure) -> GoValue {
        guard case .function(let function) = fn else {
            if fn.isNil { throw CallFailure(GoFunctionError("call of nil")) }
            throw CallFailure(GoFunctionError("non-function \(callee) of type \(fn.typeName)"))
        }
        let numIn = function.parameters.count
        if function.variadic != nil {
            if args.count < numIn {
                throw CallFailure(GoFunctionError("wrong number of args for \(callee): got \(args.count) want at least \(numIn)"))
            }
        } else if args.count != numIn {
            throw CallFailure(GoFunctionError("wrong number of args for \(callee): got \(args.count) want \(numIn)"))
        }
        var argv: [GoValue] = []
        argv.reserveCapacity(args.count)
        for (i, arg) in args.enumerated() {
            let type = i < numIn ? function.parameters[i] : (function.variadic ?? .any)
            do throws(GoFunctionError) {
                argv.append(try prepareArgument(arg, type))
            } catch {
                throw CallFailure(GoFunctionError("arg \(i): \(error.message)"))
            }
        }
        return try Executor.invoke(function, argv)
    }

    /// Go's `prepareArg`.
    static func prepareArgument(_ value: GoValue, _ type: GoParameterType) throws(GoFunctionError) -> GoValue {
        if value.isNil {
            guard let zero = type.nilValue else {
                throw GoFunctionError("value is nil; should be of type \(type.goName)")
            }
            return zero
        }
        if value.isAssignable(to: type) { return value }
        switch (value, type) {
        case (.int(let i, _), .int): return .int(i, .int)
        case (.int(let i, _), .int64): return .int(i, .int64)
        case (.uint(let u, _), .int): return .int(Int(truncatingIfNeeded: u), .int)
        case (.uint(let u, _), .int64): return .int(Int(truncatingIfNeeded: u), .int64)
        default: throw GoFunctionError("value has type \(value.typeName); should be \(type.goName)")
        }
    }
}
