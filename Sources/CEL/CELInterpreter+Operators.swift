extension CELInterpreter {
    func noOverload(_ op: String, _ operands: CELValue...) -> CELError {
        .eval("no matching overload for '\(op)' applied to (\(operands.map(\.typeName).joined(separator: ", ")))")
    }

    func unary(_ op: String, _ v: CELValue) throws(CELError) -> CELValue {
        switch (op, v) {
        case ("!", .bool(let b)): return .bool(!b)
        case ("-", .int(let i)):
            guard i != Int64.min else { throw .eval("integer overflow: -(\(i))") }
            return .int(-i)
        case ("-", .double(let d)): return .double(-d)
        default: throw noOverload(op, v)
        }
    }

    mutating func binary(_ op: String, _ a: CELValue, _ b: CELValue) throws(CELError) -> CELValue {
        switch op {
        case "==": return .bool(a.celEquals(b))
        case "!=": return .bool(!a.celEquals(b))
        case "<", "<=", ">", ">=":
            guard let ordered = CELValue.order(a, b) else { throw noOverload(op, a, b) }
            guard let o = ordered else { return .bool(false) }  // NaN
            switch op {
            case "<": return .bool(o < 0)
            case "<=": return .bool(o <= 0)
            case ">": return .bool(o > 0)
            default: return .bool(o >= 0)
            }
        case "in":
            switch b {
            case .list(let l):
                try charge(l.count / 16)
                return .bool(l.contains { a.celEquals($0) })
            case .map(let m):
                return .bool(m.lookup(a) != nil)
            default:
                throw noOverload(op, a, b)
            }
        case "+": return try add(a, b)
        default: return try arithmetic(op, a, b)
        }
    }

    private mutating func add(_ a: CELValue, _ b: CELValue) throws(CELError) -> CELValue {
        switch (a, b) {
        case (.string(let x), .string(let y)):
            try produce(size: x.utf8.count + y.utf8.count)
            return .string(x + y)
        case (.bytes(let x), .bytes(let y)):
            try produce(size: x.count + y.count)
            return .bytes(x + y)
        case (.list(let x), .list(let y)):
            try produce(size: x.count + y.count)
            return .list(x + y)
        default:
            return try arithmetic("+", a, b)
        }
    }

    private func arithmetic(_ op: String, _ a: CELValue, _ b: CELValue) throws(CELError) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let result: (partialValue: Int64, overflow: Bool)
            switch op {
            case "+": result = x.addingReportingOverflow(y)
            case "-": result = x.subtractingReportingOverflow(y)
            case "*": result = x.multipliedReportingOverflow(by: y)
            case "/":
                guard y != 0 else { throw .eval("division by zero") }
                result = x.dividedReportingOverflow(by: y)
            case "%":
                guard y != 0 else { throw .eval("modulus by zero") }
                result = x.remainderReportingOverflow(dividingBy: y)
            default: throw noOverload(op, a, b)
            }
            guard !result.overflow else { throw .eval("integer overflow: \(x) \(op) \(y) does not fit in a 64-bit int") }
            return .int(result.partialValue)
        case (.uint(let x), .uint(let y)):
            let result: (partialValue: UInt64, overflow: Bool)
            switch op {
            case "+": result = x.addingReportingOverflow(y)
            case "-": result = x.subtractingReportingOverflow(y)
            case "*": result = x.multipliedReportingOverflow(by: y)
            case "/":
                guard y != 0 else { throw .eval("division by zero") }
                result = x.dividedReportingOverflow(by: y)
            case "%":
                guard y != 0 else { throw .eval("modulus by zero") }
                result = x.remainderReportingOverflow(dividingBy: y)
            default: throw noOverload(op, a, b)
            }
            guard !result.overflow else { throw .eval("unsigned integer overflow: \(x)u \(op) \(y)u") }
            return .uint(result.partialValue)
        case (.double(let x), .double(let y)):
            switch op {
            case "+": return .double(x + y)
            case "-": return .double(x - y)
            case "*": return .double(x * y)
            case "/": return .double(x / y)
            default: throw noOverload(op, a, b)
            }
        default:
            throw noOverload(op, a, b)
        }
    }
}
