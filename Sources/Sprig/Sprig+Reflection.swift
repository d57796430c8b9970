import GoTemplate

extension Sprig {
    /// `typeOf`, `typeIs`, `typeIsLike`, `kindOf`, `kindIs`, `deepEqual`: Go's type and kind
    /// names as `%T` and `reflect.Kind.String()` print them.
    static var reflectionFunctions: [String: GoFunction] {
        table([
            def("typeOf", [.any], "func(interface {}) string") { .string($0.arg(0).typeName) },
            def("typeIs", [.string, .any], "func(string, interface {}) bool") { a in .bool(a.string(0) == a.arg(1).typeName) },
            def("typeIsLike", [.string, .any], "func(string, interface {}) bool") { a in
                let t = a.arg(1).typeName, target = a.string(0)
                return .bool(target == t || "*" + target == t)
            },
            def("kindOf", [.any], "func(interface {}) string") { .string($0.arg(0).kindName) },
            def("kindIs", [.string, .any], "func(string, interface {}) bool") { a in .bool(a.string(0) == a.arg(1).kindName) },
            def("deepEqual", [.any, .any], "func(interface {}, interface {}) bool") { a in .bool(deepEqual(a.arg(0), a.arg(1))) },
        ])
    }

    /// `reflect.DeepEqual` on template values: same Go type and equal contents (an `int` 1 and
    /// an `int64` 1 differ; a nil slice equals no empty one, which the value model does not
    /// tell apart, so empty slices of one type are equal).
    public static func deepEqual(_ a: GoValue, _ b: GoValue, depth: Int = 0) -> Bool {
        guard depth < maximumDepth else { return false }
        switch (a, b) {
        case (.missing, .missing), (.null, .null), (.missing, .null), (.null, .missing): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x, let t), .int(let y, let u)): return t == u && x == y
        case (.uint(let x, let t), .uint(let y, let u)): return t == u && x == y
        case (.float(let x), .float(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.list(let x), .list(let y)):
            guard x.elementType == y.elementType, x.items.count == y.items.count else { return false }
            return zip(x.items, y.items).allSatisfy { deepEqual($0, $1, depth: depth + 1) }
        case (.map(let x), .map(let y)):
            guard x.typeName == y.typeName, x.count == y.count else { return false }
            if x === y { return true }
            for (k, v) in x.entries {
                guard let w = y.entries[k], deepEqual(v, w, depth: depth + 1) else { return false }
            }
            return true
        case (.object(let x), .object(let y)):
            return x === y || (x.goTypeName == y.goTypeName && !x.goTypeName.hasPrefix("*")
                               && x.goDescription == y.goDescription)
        default: return false
        }
    }
}
