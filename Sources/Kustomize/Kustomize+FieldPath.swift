import Manifests

/// Dotted field paths as `vars` and `replacements` write them: `spec.ports[0].port`,
/// `spec.containers.[name=app].image`, `metadata.annotations.[a.b/c]`, `*` wildcards.
enum FieldPath {
    enum Segment: Equatable {
        case key(String)
        case index(Int)
        case match(String, String)
        case any
    }

    static func parse(_ path: String) -> [Segment] {
        var parts: [String] = []
        var cur = ""
        var depth = 0
        for c in path {
            if c == "[" {
                if depth == 0 && !cur.isEmpty { parts.append(cur); cur = "" }
                depth += 1
                cur.append(c)
            } else if c == "]" {
                depth -= 1
                cur.append(c)
                if depth == 0 { parts.append(cur); cur = "" }
            } else if c == "." && depth == 0 {
                if !cur.isEmpty { parts.append(cur) }
                cur = ""
            } else {
                cur.append(c)
            }
        }
        if !cur.isEmpty { parts.append(cur) }
        return parts.map { p in
            if p == "*" { return .any }
            if p.hasPrefix("[") && p.hasSuffix("]") {
                let inner = String(p.dropFirst().dropLast())
                if let i = Int(inner) { return .index(i) }
                if let eq = inner.firstIndex(of: "=") {
                    return .match(String(inner[..<eq]), String(inner[inner.index(after: eq)...]))
                }
                return .key(inner)
            }
            return .key(p)
        }
    }

    static func get(_ v: JSONValue, _ segs: ArraySlice<Segment>) -> [JSONValue] {
        guard let s = segs.first else { return [v] }
        let rest = segs.dropFirst()
        switch (s, v) {
        case (.key(let k), .object(let o)): return o[k].map { get($0, rest) } ?? []
        case (.key(let k), .array(let a)):
            guard let i = Int(k), a.indices.contains(i) else { return [] }
            return get(a[i], rest)
        case (.index(let i), .array(let a)): return a.indices.contains(i) ? get(a[i], rest) : []
        case (.match(let k, let val), .array(let a)):
            return a.filter { $0[k].map(Kustomization.scalarString) == val }.flatMap { get($0, rest) }
        case (.any, .array(let a)): return a.flatMap { get($0, rest) }
        case (.any, .object(let o)): return o.values.flatMap { get($0, rest) }
        default: return []
        }
    }

    /// Sets every node at the path; returns how many were set. With `create`, missing map
    /// keys (and `[k=v]` list entries) are created.
    @discardableResult
    static func set(_ v: inout JSONValue, _ segs: ArraySlice<Segment>, create: Bool,
                    _ body: (JSONValue?) throws -> JSONValue) rethrows -> Int {
        guard let s = segs.first else { v = try body(v); return 1 }
        let rest = segs.dropFirst()
        switch s {
        case .key(let k):
            if case .array = v, let i = Int(k) { return try set(&v, [.index(i)] + rest, create: create, body) }
            if v == .null && create { v = .object([:]) }
            guard case .object(var o) = v else { return 0 }
            var child: JSONValue
            if let c = o[k] { child = c } else {
                guard create else { return 0 }
                if rest.isEmpty { o[k] = try body(nil); v = .object(o); return 1 }
                if case .index = rest.first! { child = .array([]) } else if case .match = rest.first! { child = .array([]) } else { child = .object([:]) }
            }
            let n = try set(&child, rest, create: create, body)
            if n > 0 || create { o[k] = child }
            v = .object(o)
            return n
        case .index(let i):
            guard case .array(var a) = v, a.indices.contains(i) else { return 0 }
            let n = try set(&a[i], rest, create: create, body)
            v = .array(a)
            return n
        case .match(let k, let val):
            if v == .null && create { v = .array([]) }
            guard case .array(var a) = v else { return 0 }
            var n = 0
            for i in a.indices where a[i][k].map(Kustomization.scalarString) == val {
                n += try set(&a[i], rest, create: create, body)
            }
            if n == 0 && create {
                var item: JSONValue = .object([k: .string(val)])
                n += try set(&item, rest, create: create, body)
                a.append(item)
            }
            v = .array(a)
            return n
        case .any:
            var n = 0
            if case .array(var a) = v {
                for i in a.indices { n += try set(&a[i], rest, create: false, body) }
                v = .array(a)
            } else if case .object(var o) = v {
                for k in o.keys { var c = o[k]!; n += try set(&c, rest, create: false, body); o[k] = c }
                v = .object(o)
            }
            return n
        }
    }
}
