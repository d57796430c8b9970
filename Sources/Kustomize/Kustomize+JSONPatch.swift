import Manifests

/// RFC 6902 JSON Patch over `JSONValue` (what `patchesJson6902` applies).
///
/// `copy` is the one operation that can grow a document faster than the patch text: each copy
/// of the document's root into itself doubles it, so forty lines would make a value of 2^40
/// nodes (shared in memory until anything walks it — the serialiser, the apply). The patch
/// therefore keeps a count of the document's nodes and refuses to grow it past
/// ``maximumNodes``, a bound far above any object the API server would store (it caps
/// requests at 3 MiB).
enum JSONPatch {
    struct Failure: Error { var reason: String }

    /// The most nodes (objects, arrays, scalars) a patched document may hold.
    static let maximumNodes = 1_000_000

    static func apply(_ ops: [JSONValue], to doc: JSONValue) throws -> JSONValue {
        var doc = doc
        var nodes = try count(doc, limit: maximumNodes)
        func grow(by value: JSONValue) throws {
            nodes += try count(value, limit: maximumNodes - nodes)
        }
        for op in ops {
            guard let kind = op["op"]?.stringValue, let path = op["path"]?.stringValue else {
                throw Failure(reason: "JSON patch operation needs 'op' and 'path'")
            }
            let tokens = try pointer(path)
            switch kind {
            case "add":
                try grow(by: op["value"] ?? .null)
                try set(&doc, tokens[...], op["value"] ?? .null, insert: true)
            case "replace":
                // evanphx/json-patch (kustomize's): a missing key of an existing object is set,
                // as `add` would; only a missing parent or array element is refused.
                if get(doc, tokens[...]) == nil {
                    guard let parent = get(doc, tokens.dropLast()[...]) else {
                        throw Failure(reason: "replace operation does not apply: doc is missing path: \(path)")
                    }
                    guard case .object = parent else {
                        throw Failure(reason: "replace operation does not apply: doc is missing key: \(path)")
                    }
                }
                try grow(by: op["value"] ?? .null)
                try set(&doc, tokens[...], op["value"] ?? .null, insert: false)
            case "remove":
                guard get(doc, tokens[...]) != nil else { throw Failure(reason: "remove operation does not apply: doc is missing path: \(path)") }
                try remove(&doc, tokens[...])
            case "move", "copy":
                guard let from = op["from"]?.stringValue, let v = get(doc, try pointer(from)[...]) else {
                    throw Failure(reason: "\(kind) operation: missing from path")
                }
                if kind == "move" { try remove(&doc, try pointer(from)[...]) } else { try grow(by: v) }
                try set(&doc, tokens[...], v, insert: true)
            case "test":
                // A missing value tests equal to `null`, as in evanphx/json-patch.
                var found = get(doc, tokens[...])
                if found == nil, !tokens.isEmpty, get(doc, tokens.dropLast()[...]) != nil { found = .null }
                guard let found, found == (op["value"] ?? .null) else { throw Failure(reason: "test operation failed at \(path)") }
            default: throw Failure(reason: "unknown JSON patch operation \(kind)")
            }
        }
        return doc
    }

    /// The nodes in `value`, walking at most `limit` of them: past that the patch has made the
    /// document too large, and the walk stops there rather than visit an exponential value.
    static func count(_ value: JSONValue, limit: Int) throws -> Int {
        var seen = 0
        var stack = [value]
        while let next = stack.popLast() {
            seen += 1
            if seen > limit {
                throw Failure(reason: "the patched document would hold more than \(maximumNodes) values (copy operations that grow it without bound?)")
            }
            switch next {
            case .object(let o): stack.append(contentsOf: o.values)
            case .array(let a): stack.append(contentsOf: a)
            default: break
            }
        }
        return seen
    }

    static func pointer(_ p: String) throws -> [String] {
        if p.isEmpty { return [] }
        guard p.hasPrefix("/") else { throw Failure(reason: "invalid JSON pointer \(p)") }
        return p.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    static func get(_ v: JSONValue, _ t: ArraySlice<String>) -> JSONValue? {
        guard let k = t.first else { return v }
        switch v {
        case .object(let o): return o[k].flatMap { get($0, t.dropFirst()) }
        case .array(let a):
            guard let i = Int(k), a.indices.contains(i) else { return nil }
            return get(a[i], t.dropFirst())
        default: return nil
        }
    }

    static func set(_ v: inout JSONValue, _ t: ArraySlice<String>, _ value: JSONValue, insert: Bool) throws {
        guard let k = t.first else { v = value; return }
        let last = t.count == 1
        switch v {
        case .object(var o):
            if last { o[k] = value } else {
                guard var child = o[k] else { throw Failure(reason: "add operation does not apply: doc is missing path") }
                try set(&child, t.dropFirst(), value, insert: insert)
                o[k] = child
            }
            v = .object(o)
        case .array(var a):
            if last {
                if k == "-" { a.append(value) }
                else if let i = Int(k), i >= 0, i <= a.count {
                    if insert { a.insert(value, at: i) } else if i < a.count { a[i] = value } else { throw Failure(reason: "index out of range") }
                } else { throw Failure(reason: "invalid array index \(k)") }
            } else {
                guard let i = Int(k), a.indices.contains(i) else { throw Failure(reason: "invalid array index \(k)") }
                try set(&a[i], t.dropFirst(), value, insert: insert)
            }
            v = .array(a)
        default: throw Failure(reason: "path through a scalar")
        }
    }

    static func remove(_ v: inout JSONValue, _ t: ArraySlice<String>) throws {
        guard let k = t.first else { return }
        switch v {
        case .object(var o):
            if t.count == 1 { o.removeValue(forKey: k) } else if var c = o[k] { try remove(&c, t.dropFirst()); o[k] = c }
            v = .object(o)
        case .array(var a):
            guard let i = Int(k), a.indices.contains(i) else { throw Failure(reason: "invalid array index \(k)") }
            if t.count == 1 { a.remove(at: i) } else { try remove(&a[i], t.dropFirst()) }
            v = .array(a)
        default: throw Failure(reason: "path through a scalar")
        }
    }
}
