extension CELInterpreter {
    /// Calls are strict: the receiver and every argument are evaluated first (errors propagate).
    mutating func call(_ name: String, target: CELExpr?, args: [CELExpr]) throws(CELError) -> CELValue {
        var receiver: CELValue?
        if let target { receiver = try eval(target) }
        var values: [CELValue] = []
        values.reserveCapacity(args.count)
        for a in args { values.append(try eval(a)) }
        if let receiver { return try method(name, receiver, values) }
        return try global(name, values)
    }

    private func unknownFunction(_ name: String, _ args: [CELValue], receiver: CELValue? = nil) -> CELError {
        let types = args.map(\.typeName).joined(separator: ", ")
        if let receiver { return .eval("no matching overload for '\(receiver.typeName).\(name)' applied to (\(types))") }
        return .eval("no matching overload for '\(name)' applied to (\(types))")
    }

    private mutating func global(_ name: String, _ args: [CELValue]) throws(CELError) -> CELValue {
        switch (name, args.count) {
        case ("size", 1): return try method("size", args[0], [])
        case ("type", 1): return .type(args[0].typeName)
        case ("dyn", 1): return args[0]
        case ("int", 1), ("uint", 1), ("double", 1), ("string", 1), ("bool", 1), ("bytes", 1):
            return try convert(args[0], to: name)
        case ("matches", 2): return try method("matches", args[0], [args[1]])
        case ("optional.of", 1): return .optional(.init(args[0]))
        case ("optional.none", 0): return .optional(nil)
        case ("optional.ofNonZeroValue", 1): return args[0].isZeroValue ? .optional(nil) : .optional(.init(args[0]))
        case ("strings.quote", 1):
            guard case .string(let s) = args[0] else { break }
            return .string(CELValue.quote(s))
        case ("sets.contains", 2), ("sets.intersects", 2), ("sets.equivalent", 2):
            guard case .list(let a) = args[0], case .list(let b) = args[1] else { break }
            try charge(a.count * b.count / 16)
            let aHasB = b.allSatisfy { x in a.contains { $0.celEquals(x) } }
            switch name {
            case "sets.contains": return .bool(aHasB)
            case "sets.intersects": return .bool(b.contains { x in a.contains { $0.celEquals(x) } })
            default: return .bool(aHasB && a.allSatisfy { x in b.contains { $0.celEquals(x) } })
            }
        case ("base64.encode", 1):
            guard case .bytes(let b) = args[0] else { break }
            try produce(size: b.count * 4 / 3)
            return .string(Base64.encode(b))
        case ("base64.decode", 1):
            guard case .string(let s) = args[0] else { break }
            try produce(size: s.utf8.count)
            guard let b = Base64.decode(s) else { throw .eval("base64.decode: the string is not valid base64") }
            return .bytes(b)
        default:
            if !Self.knownGlobals.contains(name) {
                throw .eval("undeclared reference to function '\(name)'")
            }
        }
        throw unknownFunction(name, args)
    }

    private static let knownGlobals: Set<String> = [
        "size", "type", "dyn", "int", "uint", "double", "string", "bool", "bytes", "matches", "optional.of",
        "optional.none", "optional.ofNonZeroValue", "strings.quote", "sets.contains", "sets.intersects",
        "sets.equivalent", "base64.encode", "base64.decode",
    ]

    mutating func method(_ name: String, _ receiver: CELValue, _ args: [CELValue]) throws(CELError) -> CELValue {
        switch (receiver, name, args.count) {
        case (.string(let s), "size", 0): return .int(Int64(s.unicodeScalars.count))
        case (.bytes(let b), "size", 0): return .int(Int64(b.count))
        case (.list(let l), "size", 0): return .int(Int64(l.count))
        case (.map(let m), "size", 0): return .int(Int64(m.count))
        case (.string(let s), _, _):
            if let result = try stringMethod(name, s, args) { return result }
        case (.list(let l), _, _):
            if let result = try listMethod(name, l, args) { return result }
        case (.optional(let box), "hasValue", 0): return .bool(box != nil)
        case (.optional(let box), "value", 0):
            guard let box else { throw .eval("value() called on optional.none()") }
            return box.value
        case (.optional(let box), "orValue", 1): return box?.value ?? args[0]
        case (.optional(let box), "or", 1):
            guard case .optional = args[0] else { break }
            return box == nil ? args[0] : receiver
        default:
            break
        }
        throw unknownFunction(name, args, receiver: receiver)
    }

    /// `int()`, `uint()`, `double()`, `string()`, `bool()`, `bytes()` (langdef.md, "Type
    /// Conversions"): out-of-range numbers and unparsable strings are errors, never wrapped.
    func convert(_ v: CELValue, to type: String) throws(CELError) -> CELValue {
        func rangeError() -> CELError { .eval("\(type)(\(v)): value out of range for \(type)") }
        switch (type, v) {
        case ("int", .int): return v
        case ("int", .uint(let u)):
            guard let i = Int64(exactly: u) else { throw rangeError() }
            return .int(i)
        case ("int", .double(let d)):
            guard d > -9_223_372_036_854_775_808.0, d < 9_223_372_036_854_775_807.0 else { throw rangeError() }
            return .int(Int64(d.rounded(.towardZero)))
        case ("int", .string(let s)):
            guard let i = Int64(s) else { throw .eval("int(\(v)): not an integer") }
            return .int(i)
        case ("uint", .uint): return v
        case ("uint", .int(let i)):
            guard let u = UInt64(exactly: i) else { throw rangeError() }
            return .uint(u)
        case ("uint", .double(let d)):
            guard d > -1, d < 18_446_744_073_709_551_616.0 else { throw rangeError() }
            return .uint(UInt64(d.rounded(.towardZero)))
        case ("uint", .string(let s)):
            guard let u = UInt64(s) else { throw .eval("uint(\(v)): not an unsigned integer") }
            return .uint(u)
        case ("double", .double): return v
        case ("double", .int(let i)): return .double(Double(i))
        case ("double", .uint(let u)): return .double(Double(u))
        case ("double", .string(let s)):
            guard let d = Double(s) else { throw .eval("double(\(v)): not a number") }
            return .double(d)
        case ("string", .string): return v
        case ("string", .int(let i)): return .string(String(i))
        case ("string", .uint(let u)): return .string(String(u))
        case ("string", .double(let d)): return .string(CELValue.formatDouble(d))
        case ("string", .bool(let b)): return .string(b ? "true" : "false")
        case ("string", .bytes(let b)):
            guard let s = String(validating: b, as: UTF8.self) else { throw .eval("string(bytes): invalid UTF-8") }
            return .string(s)
        case ("string", .type(let t)): return .string(t)
        case ("bool", .bool): return v
        case ("bool", .string(let s)):
            switch s {
            case "1", "t", "T", "true", "TRUE", "True": return .bool(true)
            case "0", "f", "F", "false", "FALSE", "False": return .bool(false)
            default: throw .eval("bool(\(v)): not a boolean")
            }
        case ("bytes", .bytes): return v
        case ("bytes", .string(let s)): return .bytes(Array(s.utf8))
        default:
            throw .eval("no matching overload for '\(type)' applied to (\(v.typeName))")
        }
    }
}

extension CELValue {
    /// The zero value of its type, for `optional.ofNonZeroValue`.
    var isZeroValue: Bool {
        switch self {
        case .null: return true
        case .bool(let b): return !b
        case .int(let i): return i == 0
        case .uint(let u): return u == 0
        case .double(let d): return d == 0
        case .string(let s): return s.isEmpty
        case .bytes(let b): return b.isEmpty
        case .list(let l): return l.isEmpty
        case .map(let m): return m.count == 0
        case .optional(let box): return box == nil
        case .type: return false
        }
    }
}
