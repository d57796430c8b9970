extension CELInterpreter {
    /// `operand.field`: a map lookup by string key. A missing key is `no such key: field`, as
    /// in cel-go; `operand.?field` gives `optional.none()` instead.
    func select(_ operand: CELValue, _ field: String, optional: Bool) throws(CELError) -> CELValue {
        switch operand {
        case .map(let m):
            if let v = m[.string(field)] { return optional ? .optional(.init(v)) : v }
            if optional { return .optional(nil) }
            throw .eval("no such key: \(field)")
        case .optional(let box):
            // Selecting through an optional stays optional: none stays none.
            guard let box else { return .optional(nil) }
            let inner = try select(box.value, field, optional: optional)
            if case .optional = inner { return inner }
            return .optional(.init(inner))
        default:
            throw .eval("cannot select field '\(field)' from a value of type \(operand.typeName)")
        }
    }

    /// `has(operand.field)`: whether a map has the key. Selecting from anything but a map
    /// is an error, as in cel-go.
    func presence(_ operand: CELValue, _ field: String) throws(CELError) -> CELValue {
        switch operand {
        case .map(let m): return .bool(m[.string(field)] != nil)
        case .optional(let box):
            guard let box else { return .bool(false) }
            return try presence(box.value, field)
        default:
            throw .eval("has() cannot test field '\(field)' on a value of type \(operand.typeName)")
        }
    }

    /// `operand[index]`: list by position (int, uint or a whole double), map by key.
    func index(_ operand: CELValue, _ index: CELValue, optional: Bool) throws(CELError) -> CELValue {
        switch operand {
        case .list(let l):
            let position: Int64
            switch index {
            case .int(let i): position = i
            case .uint(let u): position = Int64(exactly: u) ?? Int64.max
            case .double(let d):
                guard let i = Int64(exactly: d) else { throw .eval("invalid list index \(CELValue.formatDouble(d)): not a whole number") }
                position = i
            default:
                throw .eval("no matching overload for '_[_]' applied to (list, \(index.typeName))")
            }
            guard position >= 0, position < Int64(l.count) else {
                if optional { return .optional(nil) }
                throw .eval("index out of range: \(position) (list size \(l.count))")
            }
            let v = l[Int(position)]
            return optional ? .optional(.init(v)) : v
        case .map(let m):
            guard CELMapKey(index) != nil || index.isNumber else {
                throw .eval("unsupported map key type: \(index.typeName)")
            }
            if let v = m.lookup(index) { return optional ? .optional(.init(v)) : v }
            if optional { return .optional(nil) }
            throw .eval("no such key: \(index.keyDescription)")
        case .optional(let box):
            guard let box else { return .optional(nil) }
            let inner = try self.index(box.value, index, optional: optional)
            if case .optional = inner { return inner }
            return .optional(.init(inner))
        default:
            throw .eval("no matching overload for '_[_]' applied to (\(operand.typeName), \(index.typeName))")
        }
    }
}

extension CELValue {
    /// A map key as error messages show it: strings bare (`no such key: spec`), others literal.
    var keyDescription: String {
        if case .string(let s) = self { return s }
        return description
    }
}
