import GoTemplate

extension Sprig {
    /// `default`, `empty`, `coalesce`, `all`, `any`, `ternary`.
    static var defaultFunctions: [String: GoFunction] {
        table([
            def("default", [.any], variadic: .any, "func(interface {}, ...interface {}) interface {}") { a in
                let given = Array(a.dropFirst())
                guard let first = given.first, !isEmpty(first) else { return a.arg(0) }
                return first
            },
            def("empty", [.any], "func(interface {}) bool") { .bool(isEmpty($0.arg(0))) },
            def("coalesce", [], variadic: .any, "func(...interface {}) interface {}") { a in
                a.first { !isEmpty($0) } ?? .null
            },
            def("all", [], variadic: .any, "func(...interface {}) bool") { a in .bool(a.allSatisfy { !isEmpty($0) }) },
            def("any", [], variadic: .any, "func(...interface {}) bool") { a in .bool(a.contains { !isEmpty($0) }) },
            def("ternary", [.any, .any, .bool], "func(interface {}, interface {}, bool) interface {}") { a in
                a.bool(2) ? a.arg(0) : a.arg(1)
            },
        ])
    }

    /// Sprig's `empty`: nil, false, zero numbers, and empty strings, slices and maps are empty;
    /// structs never are; a pointer or function only when nil.
    public static func isEmpty(_ value: GoValue) -> Bool {
        switch value {
        case .missing, .null: return true
        case .bool(let b): return !b
        case .int(let i, _): return i == 0
        case .uint(let u, _): return u == 0
        case .float(let f): return f == 0
        case .string(let s): return s.isEmpty
        case .bytes(let b): return b.isEmpty
        case .list(let l): return l.items.isEmpty
        case .map(let m): return m.count == 0
        case .object, .function: return false
        }
    }
}
