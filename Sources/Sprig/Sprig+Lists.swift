import GoTemplate

extension Sprig {
    /// Sprig's list functions. They take any slice through reflection (`[]interface {}`,
    /// `[]string`, `[]int`, …) and return a fresh `[]interface {}`; anything else is an error
    /// naming its kind (`Cannot find first on type string`). The plain forms panic where the
    /// `must` forms return the error; Go's template engine reports both the same way.
    static var listFunctions: [String: GoFunction] {
        var entries: [(String, GoFunction)] = [
            def("list", [], variadic: .any, "func(...interface {}) []interface {}") { .array($0) },
            def("tuple", [], variadic: .any, "func(...interface {}) []interface {}") { .array($0) },
            def("concat", [], variadic: .any, "func(...interface {}) interface {}") { a in
                var out: [GoValue] = []
                for l in a {
                    guard Cast.isSlice(l) else { throw GoFunctionError("Cannot concat type \(try kind(l)) as list") }
                    out += Cast.elements(l)
                }
                return .array(out)
            },
        ]
        func both(_ name: String, _ params: [GoParameterType], variadic: GoParameterType? = nil, _ type: String,
                  _ mustType: String, _ body: @escaping @Sendable ([GoValue]) throws -> GoValue) {
            entries.append(def(name, params, variadic: variadic, type, body))
            entries.append(def("must" + name.prefix(1).uppercased() + String(name.dropFirst()), params, variadic: variadic, mustType, body))
        }
        let any1 = "func(interface {}) interface {}", any1E = "func(interface {}) (interface {}, error)"
        let list1 = "func(interface {}) []interface {}", list1E = "func(interface {}) ([]interface {}, error)"
        let push = "func(interface {}, interface {}) []interface {}"
        let pushE = "func(interface {}, interface {}) ([]interface {}, error)"
        both("push", [.any, .any], push, pushE) { a in
            .array(try items(a.arg(0), "Cannot push on type") + [a.arg(1)])
        }
        both("append", [.any, .any], push, pushE) { a in
            .array(try items(a.arg(0), "Cannot push on type") + [a.arg(1)])
        }
        both("prepend", [.any, .any], push, pushE) { a in
            .array([a.arg(1)] + (try items(a.arg(0), "Cannot prepend on type")))
        }
        both("first", [.any], any1, any1E) { a in try items(a.arg(0), "Cannot find first on type").first ?? .null }
        both("last", [.any], any1, any1E) { a in try items(a.arg(0), "Cannot find last on type").last ?? .null }
        both("rest", [.any], list1, list1E) { a in .array(Array(try items(a.arg(0), "Cannot find rest on type").dropFirst())) }
        both("initial", [.any], list1, list1E) { a in
            .array(Array(try items(a.arg(0), "Cannot find initial on type").dropLast()))
        }
        both("reverse", [.any], list1, list1E) { a in .array(try items(a.arg(0), "Cannot find reverse on type").reversed()) }
        both("compact", [.any], list1, list1E) { a in
            .array(try items(a.arg(0), "Cannot compact on type").filter { !isEmpty($0) })
        }
        both("uniq", [.any], list1, list1E) { a in
            var out: [GoValue] = []
            for item in try items(a.arg(0), "Cannot find uniq on type") where !out.contains(where: { deepEqual($0, item) }) {
                out.append(item)
            }
            return .array(out)
        }
        both("without", [.any], variadic: .any, "func(interface {}, ...interface {}) []interface {}",
             "func(interface {}, ...interface {}) ([]interface {}, error)") { a in
            let omit = a.dropFirst()
            return .array(try items(a.arg(0), "Cannot find without on type").filter { item in
                !omit.contains { deepEqual($0, item) }
            })
        }
        both("has", [.any, .any], "func(interface {}, interface {}) bool", "func(interface {}, interface {}) (bool, error)") { a in
            if a.arg(1).isNil { return .bool(false) }
            let needle = a.arg(0)
            return .bool(try items(a.arg(1), "Cannot find has on type").contains { deepEqual(needle, $0) })
        }
        both("slice", [.any], variadic: .any, "func(interface {}, ...interface {}) interface {}",
             "func(interface {}, ...interface {}) (interface {}, error)") { a in try slice(a) }
        both("chunk", [.int, .any], "func(int, interface {}) [][]interface {}",
             "func(int, interface {}) ([][]interface {}, error)") { a in
            let size = a.int(0)
            let all = try items(a.arg(1), "Cannot chunk type")
            guard size > 0 else {
                if all.isEmpty && size < 0 { return .list(GoList([], elementType: "[]interface {}")) }
                throw GoFunctionError(size == 0 ? "runtime error: integer divide by zero"
                                      : "runtime error: makeslice: len out of range")
            }
            var chunks: [GoValue] = []
            var i = 0
            while i < all.count {
                chunks.append(.array(Array(all[i..<Swift.min(i + size, all.count)])))
                i += size
            }
            return .list(GoList(chunks, elementType: "[]interface {}"))
        }
        return table(entries)
    }

    /// `reflect.TypeOf(v).Kind()` as Sprig's messages print it; a nil value has no type, and
    /// asking it for a kind is Go's nil dereference.
    static func kind(_ value: GoValue) throws(GoFunctionError) -> String {
        if value.isNil { throw GoFunctionError("runtime error: invalid memory address or nil pointer dereference") }
        return value.kindName
    }

    /// The elements of a slice, or the error `message KIND`.
    static func items(_ value: GoValue, _ message: String) throws(GoFunctionError) -> [GoValue] {
        let k = try kind(value)
        guard Cast.isSlice(value) else { throw GoFunctionError("\(message) \(k)") }
        return Cast.elements(value)
    }

    /// Sprig's `slice LIST [start [end]]`: Go's `l[start:end]` keeping the slice's own type;
    /// out-of-range bounds are Go's panic text.
    static func slice(_ a: [GoValue]) throws(GoFunctionError) -> GoValue {
        let list = a.arg(0)
        let k = try kind(list)
        guard Cast.isSlice(list) else { throw GoFunctionError("list should be type of slice or array but \(k)") }
        let all = Cast.elements(list)
        if all.isEmpty { return .null }
        let start = a.count > 1 ? Cast.toInt(a[1]) : 0
        let end = a.count > 2 ? Cast.toInt(a[2]) : all.count
        guard start >= 0, start <= end, end <= all.count else {
            throw GoFunctionError("reflect.Value.Slice: slice index out of range")
        }
        switch list {
        case .bytes(let b): return .bytes(Array(b[start..<end]))
        case .list(let l): return .list(GoList(Array(l.items[start..<end]), elementType: l.elementType))
        default: return .null
        }
    }
}
