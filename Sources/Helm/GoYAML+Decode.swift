import GoTemplate
import Sprig

/// go-yaml v2's decoder into `interface{}`, fused with sigs.k8s.io/yaml's conversion to JSON
/// and encoding/json's decoding back: the value a chart sees after `yaml.Unmarshal`.
///
/// So every number is a float64, mapping keys are strings (`1` → "1", `yes` → "true",
/// `1.5` → "1.5" as float32 prints), dates stay the strings they were, and `.inf`/`.nan`
/// fail as `json: unsupported value: +Inf`. Merge keys (`<<`) follow v2: a merged mapping
/// overwrites keys set before it and is overwritten by keys after it. Aliases are decoded
/// afresh at each use (maps are not shared), with go-yaml's budget against alias bombs.
struct GoYAMLDecoder {
    private var decodeCount = 0
    private var aliasCount = 0
    private var aliasDepth = 0
    private var activeAliases: Set<ObjectIdentifier> = []

    /// A mapping key before conversion to a JSON object key.
    private enum Key {
        case scalar(GoYAMLScalar)
        case collection
    }

    mutating func decode(_ node: GoYAMLNode) throws(GoFunctionError) -> GoValue {
        try count()
        switch node.kind {
        case .scalar:
            return try Self.jsonValue(of: scalar(node))
        case .sequence:
            var items: [GoValue] = []
            items.reserveCapacity(node.children.count)
            for child in node.children { items.append(try decode(child)) }
            return .list(GoList(items))
        case .mapping:
            let map = GoMap()
            try decodeMapping(node, into: map)
            return .map(map)
        case .alias:
            return try throughAlias(node) { (decoder, target) throws(GoFunctionError) in try decoder.decode(target) }
        }
    }

    /// go-yaml v2's alias bomb guard (`allowedAliasRatio`).
    private mutating func count() throws(GoFunctionError) {
        decodeCount += 1
        if aliasDepth > 0 { aliasCount += 1 }
        if aliasCount > 100 && decodeCount > 1000 {
            let low = 400_000.0, high = 4_000_000.0, n = Double(decodeCount)
            let allowed = n <= low ? 0.99 : n >= high ? 0.10 : 0.99 - 0.89 * ((n - low) / (high - low))
            if Double(aliasCount) / n > allowed { throw GoFunctionError("yaml: document contains excessive aliasing") }
        }
    }

    private mutating func throughAlias<T>(_ node: GoYAMLNode,
                                          _ body: (inout GoYAMLDecoder, GoYAMLNode) throws(GoFunctionError) -> T) throws(GoFunctionError) -> T {
        guard let target = node.target else { throw GoFunctionError("yaml: unknown anchor '\(node.value)' referenced") }
        let id = ObjectIdentifier(node)
        if activeAliases.contains(id) { throw GoFunctionError("yaml: anchor '\(node.value)' value contains itself") }
        activeAliases.insert(id)
        aliasDepth += 1
        defer { aliasDepth -= 1; activeAliases.remove(id) }
        return try body(&self, target)
    }

    private func scalar(_ node: GoYAMLNode) throws(GoFunctionError) -> GoYAMLScalar {
        if node.tag.isEmpty && !node.plain { return .string(node.value) }
        if node.tag == GoYAMLTag.binary {
            guard let bytes = GoBase64.decode(node.value) else {
                throw GoFunctionError("yaml: !!binary value contains invalid base64 data")
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        }
        return try GoYAML.resolve(tag: node.tag, node.value)
    }

    private static func jsonValue(of scalar: GoYAMLScalar) throws(GoFunctionError) -> GoValue {
        switch scalar {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .float(Double(i))
        case .uint(let u): return .float(Double(u))
        case .float(let f):
            guard f.isFinite else {
                throw GoFunctionError("json: unsupported value: " + (f.isNaN ? "NaN" : f > 0 ? "+Inf" : "-Inf"))
            }
            return .float(f)
        case .string(let s), .timestamp(let s): return .string(s)
        case .merge: return .string("<<")
        }
    }

    private static func isMerge(_ node: GoYAMLNode) -> Bool {
        node.kind == .scalar && node.value == "<<" && (node.plain || node.tag == GoYAMLTag.merge)
    }

    private mutating func decodeMapping(_ node: GoYAMLNode, into map: GoMap) throws(GoFunctionError) {
        var i = 0
        let children = node.children
        while i + 1 < children.count {
            let keyNode = children[i], valueNode = children[i + 1]
            i += 2
            if Self.isMerge(keyNode) {
                try merge(valueNode, into: map)
                continue
            }
            let key = try decodeKey(keyNode)
            let value = try decode(valueNode)
            map.entries[try Self.jsonKey(key, value: value)] = value
        }
    }

    private mutating func decodeKey(_ node: GoYAMLNode) throws(GoFunctionError) -> Key {
        switch node.kind {
        case .scalar:
            try count()
            return .scalar(try scalar(node))
        case .sequence, .mapping:
            _ = try decode(node)
            return .collection
        case .alias:
            try count()
            return try throughAlias(node) { (decoder, target) throws(GoFunctionError) in try decoder.decodeKey(target) }
        }
    }

    /// sigs.k8s.io/yaml's key conversion (`convertToJSONableObject`).
    private static func jsonKey(_ key: Key, value: GoValue) throws(GoFunctionError) -> String {
        guard case .scalar(let scalar) = key else {
            throw GoFunctionError("yaml: invalid map key: map[interface {}]interface {}{}")
        }
        switch scalar {
        case .string(let s), .timestamp(let s): return s
        case .merge: return "<<"
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .float(let f):
            if f.isNaN { return ".nan" }
            if f.isInfinite { return f > 0 ? ".inf" : "-.inf" }
            return GoFloatFormat.format(Double(Float(f)), fmt: .g, bits: 32)
        case .uint(let u):
            throw GoFunctionError("unsupported map key of type: uint64, key: 0x\(String(u, radix: 16)), value: \(goSyntax(value))")
        case .null:
            throw GoFunctionError("unsupported map key of type: %!s(<nil>), key: <nil>, value: \(goSyntax(value))")
        }
    }

    private static func goSyntax(_ value: GoValue) -> String {
        switch value {
        case .string(let s): return "\"" + s + "\""
        case .null: return "<nil>"
        case .bool(let b): return String(b)
        default: return "interface {}"
        }
    }

    /// go-yaml v2's `merge`: a mapping, an alias of one, or a sequence of them (applied last
    /// to first, so earlier ones win among themselves).
    private mutating func merge(_ node: GoYAMLNode, into map: GoMap) throws(GoFunctionError) {
        let wantMap = GoFunctionError("yaml: map merge requires map or sequence of maps as the value")
        switch node.kind {
        case .mapping:
            try count()
            try decodeMapping(node, into: map)
        case .alias:
            guard node.target?.kind == .mapping else { throw wantMap }
            try count()
            try throughAlias(node) { (decoder, target) throws(GoFunctionError) in
                try decoder.count()
                try decoder.decodeMapping(target, into: map)
            }
        case .sequence:
            for child in node.children.reversed() {
                let resolved = child.kind == .alias ? child.target : child
                guard resolved?.kind == .mapping else { throw wantMap }
                try merge(child, into: map)
            }
        case .scalar:
            throw wantMap
        }
    }
}

extension GoYAMLDecoder {
    /// Only `keys` of a top-level mapping, each decoded as `decode` would, when the rest of the
    /// document is plain data: untagged scalars, sequences and mappings with string keys, no
    /// aliases, merges or infinite floats — then `decode` of the whole could not fail, and the
    /// rest need not be built. nil otherwise: the caller decodes the whole document.
    mutating func decodeHead(_ node: GoYAMLNode, keys: Set<String>) throws(GoFunctionError) -> GoValue? {
        guard node.kind == .mapping, Self.isPlainData(node) else { return nil }
        let map = GoMap()
        var i = 0
        let children = node.children
        while i + 1 < children.count {
            defer { i += 2 }
            guard let key = Self.stringKey(children[i]), keys.contains(key) else { continue }
            map.entries[key] = try decode(children[i + 1])
        }
        return .map(map)
    }

    /// A key that decodes to itself: a quoted scalar, or a plain one that resolves to a string.
    private static func stringKey(_ node: GoYAMLNode) -> String? {
        guard node.kind == .scalar, node.tag.isEmpty else { return nil }
        if !node.plain { return node.value }
        if node.value == "<<" { return nil }  // a merge
        if case .string(let s) = GoYAML.resolvePlain(node.value) { return s }
        return nil
    }

    private static func isPlainData(_ node: GoYAMLNode) -> Bool {
        guard node.tag.isEmpty else { return false }
        switch node.kind {
        case .alias:
            return false
        case .scalar:
            // Only a number-like plain scalar can resolve to a float (`.inf`, `-.nan`, `1e999`).
            guard node.plain, let first = node.value.utf8.first,
                  first == UInt8(ascii: ".") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
                    || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { return true }
            if case .float(let f) = GoYAML.resolvePlain(node.value) { return f.isFinite }
            return true
        case .sequence:
            return node.children.allSatisfy(isPlainData)
        case .mapping:
            var i = 0
            let children = node.children
            while i + 1 < children.count {
                guard stringKey(children[i]) != nil, isPlainData(children[i + 1]) else { return false }
                i += 2
            }
            return true
        }
    }
}
