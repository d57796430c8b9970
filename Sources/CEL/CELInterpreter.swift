/// Walks a parsed expression. One interpreter per evaluation: it owns the step counter and the
/// comprehension variables in scope.
///
/// Errors are Swift throws, but `&&`, `||`, `all` and `exists` absorb them the way the spec
/// says (`false && error` is `false`, `true || error` is `true`). Running out of budget is the
/// one error nothing absorbs: `exhausted` marks it.
struct CELInterpreter {
    let variables: [String: CELValue]
    let limits: CELLimits
    private var locals: [(name: String, value: CELValue)] = []
    private(set) var steps = 0
    private(set) var exhausted = false

    init(variables: [String: CELValue], limits: CELLimits) {
        self.variables = variables
        self.limits = limits
    }

    /// Spends `cost` units of the step budget.
    mutating func charge(_ cost: Int = 1) throws(CELError) {
        steps += cost
        if steps > limits.maxSteps {
            exhausted = true
            throw .eval("evaluation cost limit exceeded: the expression did more than \(limits.maxSteps) steps of work")
        }
    }

    /// Refuses to build a string, bytes or list larger than the limit, and charges for it.
    mutating func produce(size: Int) throws(CELError) {
        try checkSize(size)
        try charge(size / 64 + 1)
    }

    mutating func checkSize(_ size: Int) throws(CELError) {
        guard size <= limits.maxValueSize else {
            exhausted = true
            throw .eval("evaluation size limit exceeded: a value of \(size) elements is more than \(limits.maxValueSize)")
        }
    }

    mutating func eval(_ expr: CELExpr) throws(CELError) -> CELValue {
        try charge()
        switch expr {
        case .literal(let value):
            return value
        case .ident(let name):
            return try resolve(name)
        case .select(let operand, let field, let optional):
            return try select(try eval(operand), field, optional: optional)
        case .presence(let operand, let field):
            return try presence(try eval(operand), field)
        case .index(let operand, let index, let optional):
            let container = try eval(operand)
            return try self.index(container, try eval(index), optional: optional)
        case .call(let name, let target, let args):
            return try call(name, target: target, args: args)
        case .list(let elements):
            var out: [CELValue] = []
            out.reserveCapacity(elements.count)
            for e in elements { out.append(try eval(e)) }
            return .list(out)
        case .map(let entries):
            var map = CELMap()
            for entry in entries {
                let key = try eval(entry.key)
                guard let mapKey = CELMapKey(key) else {
                    throw .eval("unsupported map key type: \(key.typeName) (keys are int, uint, bool or string)")
                }
                guard map.insert(mapKey, try eval(entry.value)) else {
                    throw .eval("repeated key in map literal: \(key)")
                }
            }
            return .map(map)
        case .unary(let op, let operand):
            return try unary(op, try eval(operand))
        case .binary(let op, let lhs, let rhs):
            let left = try eval(lhs)
            return try binary(op, left, try eval(rhs))
        case .and(let lhs, let rhs):
            return try logical(lhs, rhs, isAnd: true)
        case .or(let lhs, let rhs):
            return try logical(lhs, rhs, isAnd: false)
        case .conditional(let condition, let then, let otherwise):
            let c = try eval(condition)
            guard case .bool(let b) = c else {
                throw .eval("no matching overload for '_?_:_' applied to (\(c.typeName), ...): the condition must be a bool")
            }
            return try eval(b ? then : otherwise)
        case .comprehension(let comprehension):
            return try comprehend(comprehension)
        }
    }

    private func resolve(_ name: String) throws(CELError) -> CELValue {
        if let local = locals.last(where: { $0.name == name }) { return local.value }
        if let value = variables[name] { return value }
        if CELValue.typeNames.contains(name) { return .type(name) }
        throw .eval("undeclared reference to '\(name)'")
    }

    // MARK: && and ||

    /// Evaluates one operand of `&&`/`||`, turning a non-fatal error into a value to decide on later.
    private mutating func absorbing(_ expr: CELExpr, op: String) throws(CELError) -> Result<Bool, CELError> {
        do {
            let v = try eval(expr)
            guard case .bool(let b) = v else {
                return .failure(.eval("no matching overload for '\(op)' applied to \(v.typeName): operands must be bool"))
            }
            return .success(b)
        } catch {
            if exhausted { throw error }
            return .failure(error)
        }
    }

    private mutating func logical(_ lhs: CELExpr, _ rhs: CELExpr, isAnd: Bool) throws(CELError) -> CELValue {
        let op = isAnd ? "&&" : "||"
        // The deciding value: false for &&, true for ||. It wins over an error on either side.
        let decisive = !isAnd
        let left = try absorbing(lhs, op: op)
        if case .success(decisive) = left { return .bool(decisive) }
        let right = try absorbing(rhs, op: op)
        if case .success(decisive) = right { return .bool(decisive) }
        if case .failure(let e) = left { throw e }
        if case .failure(let e) = right { throw e }
        return .bool(!decisive)
    }

    // MARK: Comprehensions

    private mutating func comprehend(_ c: CELExpr.Comprehension) throws(CELError) -> CELValue {
        let range = try eval(c.range)
        let items: [CELValue]
        switch range {
        case .list(let l): items = l
        case .map(let m): items = m.keys.map(\.value)
        default:
            throw .eval("\(c.kind.rawValue)() cannot iterate over \(range.typeName): expected a list or a map")
        }
        var firstError: CELError?
        var matches = 0
        var out: [CELValue] = []
        for item in items {
            try charge()
            locals.append((c.variable, item))
            defer { locals.removeLast() }
            switch c.kind {
            case .all, .exists:
                // Errors are absorbed when another element decides the result (spec: macros
                // expand to && / || folds).
                guard let predicate = c.predicate else { continue }
                switch try absorbing(predicate, op: c.kind.rawValue) {
                case .success(let b):
                    if c.kind == .all, !b { return .bool(false) }
                    if c.kind == .exists, b { return .bool(true) }
                case .failure(let e):
                    if firstError == nil { firstError = e }
                }
            case .existsOne, .filter:
                guard let predicate = c.predicate else { continue }
                let v = try eval(predicate)
                guard case .bool(let b) = v else {
                    throw .eval("\(c.kind.rawValue)() predicate must be a bool, got \(v.typeName)")
                }
                if b {
                    matches += 1
                    if c.kind == .filter {
                        out.append(item)
                        try checkSize(out.count)
                    }
                }
            case .map:
                if let predicate = c.predicate {
                    let v = try eval(predicate)
                    guard case .bool(let b) = v else {
                        throw .eval("map() filter must be a bool, got \(v.typeName)")
                    }
                    if !b { continue }
                }
                guard let transform = c.transform else { continue }
                out.append(try eval(transform))
                try checkSize(out.count)
            }
        }
        switch c.kind {
        case .all, .exists:
            if let firstError { throw firstError }
            return .bool(c.kind == .all)
        case .existsOne: return .bool(matches == 1)
        case .filter, .map: return .list(out)
        }
    }
}
