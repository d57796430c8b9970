import GoTemplate

extension Sprig {
    /// Sprig's dictionary functions. Maps are shared references, as in Go: `set`, `unset`,
    /// `merge` and `mergeOverwrite` change the map they are given and return it.
    ///
    /// `keys` and `values` return Go's map order there, which is random; here they return the
    /// keys sorted (and values in key order), one of the orders Go may produce.
    static var dictFunctions: [String: GoFunction] {
        let mapT = "map[string]interface {}"
        return table([
            def("dict", [], variadic: .any, "func(...interface {}) \(mapT)") { a in
                let m = GoMap()
                var i = 0
                while i < a.count {
                    m[Cast.strval(a[i])] = i + 1 < a.count ? a[i + 1] : .string("")
                    i += 2
                }
                return .map(m)
            },
            def("get", [.map, .string], "func(\(mapT), string) interface {}") { a in a.map(0)[a.string(1)] ?? .string("") },
            def("set", [.map, .string, .any], "func(\(mapT), string, interface {}) \(mapT)") { a in
                let m = a.map(0)
                m[a.string(1)] = a.arg(2)
                return .map(m)
            },
            def("unset", [.map, .string], "func(\(mapT), string) \(mapT)") { a in
                let m = a.map(0)
                m[a.string(1)] = nil
                return .map(m)
            },
            def("hasKey", [.map, .string], "func(\(mapT), string) bool") { a in .bool(a.map(0)[a.string(1)] != nil) },
            def("pluck", [.string], variadic: .map, "func(string, ...\(mapT)) []interface {}") { a in
                let key = a.string(0)
                return .array(a.dropFirst().compactMap { $0.mapValue?[key] })
            },
            def("keys", [], variadic: .map, "func(...\(mapT)) []string") { a in
                .strings(a.flatMap { $0.mapValue?.sortedKeys ?? [] })
            },
            def("values", [.map], "func(\(mapT)) []interface {}") { a in
                let m = a.map(0)
                return .array(m.sortedKeys.compactMap { m[$0] })
            },
            def("pick", [.map], variadic: .string, "func(\(mapT), ...string) \(mapT)") { a in
                let m = a.map(0), out = GoMap()
                for k in a.dropFirst() { if let key = k.stringValue, let v = m[key] { out[key] = v } }
                return .map(out)
            },
            def("omit", [.map], variadic: .string, "func(\(mapT), ...string) \(mapT)") { a in
                let omit = Set(a.dropFirst().compactMap(\.stringValue))
                return .map(GoMap(a.map(0).entries.filter { !omit.contains($0.key) }))
            },
            def("merge", [.map], variadic: .map, "func(\(mapT), ...\(mapT)) interface {}") { a in
                try mergeAll(a, overwrite: false)
            },
            def("mustMerge", [.map], variadic: .map, "func(\(mapT), ...\(mapT)) (interface {}, error)") { a in
                try mergeAll(a, overwrite: false)
            },
            def("mergeOverwrite", [.map], variadic: .map, "func(\(mapT), ...\(mapT)) interface {}") { a in
                try mergeAll(a, overwrite: true)
            },
            def("mustMergeOverwrite", [.map], variadic: .map, "func(\(mapT), ...\(mapT)) (interface {}, error)") { a in
                try mergeAll(a, overwrite: true)
            },
            def("deepCopy", [.any], "func(interface {}) interface {}") { a in
                do throws(GoFunctionError) { return try deepCopy(a.arg(0)) } catch { throw GoFunctionError("deepCopy error: " + error.message) }
            },
            def("mustDeepCopy", [.any], "func(interface {}) (interface {}, error)") { a in try deepCopy(a.arg(0)) },
            def("dig", [], variadic: .any, "func(...interface {}) (interface {}, error)") { a in try dig(a) },
        ])
    }

    static func mergeAll(_ a: [GoValue], overwrite: Bool) throws(GoFunctionError) -> GoValue {
        let dst = a.map(0)
        for src in a.dropFirst() {
            guard let m = src.mapValue else { continue }
            try merge(into: dst, from: m, overwrite: overwrite, depth: 0)
        }
        return .map(dst)
    }

    /// Deepest nesting `merge`, `deepCopy` and `dig` follow (Go has no limit and overflows its
    /// stack on a map that contains itself).
    static let maximumDepth = 1000

    /// imdario/mergo v0.3's map merge as Sprig calls it (`Merge`/`MergeWithOverwrite`):
    /// - without overwrite a key is filled only when `dst` lacks it or holds an empty value;
    /// - with overwrite every `src` value replaces `dst`'s, empty ones and nil included;
    /// - nested maps merge key by key (both ways), and a non-empty `dst` value is never replaced
    ///   by a map or a slice from `src` (not even with overwrite, except a slice over a slice
    ///   or scalar), as mergo's reflection walk does;
    /// - a map or slice taken from `src` is shared, not copied.
    static func merge(into dst: GoMap, from src: GoMap, overwrite: Bool, depth: Int) throws(GoFunctionError) {
        guard depth < maximumDepth else { throw GoFunctionError("runtime: goroutine stack exceeds 1000000000-byte limit") }
        for key in src.sortedKeys {
            guard let s = src[key] else { continue }
            let d = dst[key]
            if s.isNil {
                if overwrite { dst[key] = .null }
                continue
            }
            switch s {
            case .map(let sm):
                if case .map(let dm)? = d { try merge(into: dm, from: sm, overwrite: overwrite, depth: depth + 1) }
            case .list, .bytes:
                // mergo decides on the whole maps here, not the elements.
                if d == nil || d?.isNil == true {
                    dst[key] = overwrite || dst.count == 0 ? s : emptySlice(like: s)
                } else if overwrite || dst.count == 0, let d {
                    _ = d
                    dst[key] = s
                }
            default: break
            }
            let isMapOrSlice: Bool
            switch s { case .map, .list, .bytes: isMapOrSlice = true; default: isMapOrSlice = false }
            if let d, !isEmpty(d), isMapOrSlice { continue }
            if overwrite || d == nil || isEmpty(d!) { dst[key] = s }
        }
    }

    static func emptySlice(like v: GoValue) -> GoValue {
        if case .list(let l) = v { return .list(GoList([], elementType: l.elementType)) }
        return .bytes([])
    }

    /// mitchellh/copystructure's `Copy`: maps and slices copied all the way down (a map keeps
    /// its Go type), scalars and objects as they are.
    static func deepCopy(_ v: GoValue, depth: Int = 0) throws(GoFunctionError) -> GoValue {
        guard depth < maximumDepth else { throw GoFunctionError("runtime: goroutine stack exceeds 1000000000-byte limit") }
        switch v {
        case .map(let m):
            var entries: [String: GoValue] = [:]
            entries.reserveCapacity(m.count)
            for (k, x) in m.entries { entries[k] = try deepCopy(x, depth: depth + 1) }
            return .map(GoMap(entries, typeName: m.typeName, elementType: m.elementType))
        case .list(let l):
            var items: [GoValue] = []
            items.reserveCapacity(l.items.count)
            for x in l.items { items.append(try deepCopy(x, depth: depth + 1)) }
            return .list(GoList(items, elementType: l.elementType))
        default:
            return v
        }
    }

    /// Sprig's `dig KEY… DEFAULT DICT`: walks nested `map[string]interface {}` values; the
    /// first missing key yields DEFAULT. Type assertions that fail are Go's panic text
    /// (`interface conversion: interface {} is chartutil.Values, not map[string]interface {}`).
    static func dig(_ ps: [GoValue]) throws(GoFunctionError) -> GoValue {
        guard ps.count >= 3 else { throw GoFunctionError("dig needs at least three arguments") }
        let mapT = "map[string]interface {}"
        func asMap(_ v: GoValue) throws(GoFunctionError) -> GoMap {
            if case .map(let m) = v, m.typeName == mapT { return m }
            let t = v.isNil ? "nil" : v.typeName
            throw GoFunctionError("interface conversion: interface {} is \(t), not \(mapT)")
        }
        var dict = try asMap(ps[ps.count - 1])
        let def = ps[ps.count - 2]
        var keys: [String] = []
        for k in ps[..<(ps.count - 2)] {
            guard case .string(let s) = k else {
                let t = k.isNil ? "nil" : k.typeName
                throw GoFunctionError("interface conversion: interface {} is \(t), not string")
            }
            keys.append(s)
        }
        for (i, k) in keys.enumerated() {
            guard let step = dict[k] else { return def }
            if i == keys.count - 1 { return step }
            dict = try asMap(step)
        }
        return def
    }
}
