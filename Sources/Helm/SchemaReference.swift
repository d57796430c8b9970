import Manifests

/// `$id` and `$ref` values as gojsonschema resolves them: URI references whose fragment is a
/// JSON pointer (`#/definitions/port`, `#/$defs/port`) or a location-independent name.
struct SchemaReference: Sendable {
    /// Everything before `#`.
    var base: String
    /// After `#`, percent-decoded; nil or empty when there is none.
    var fragment: String?

    init(_ text: String) {
        if let hash = text.firstIndex(of: "#") {
            base = String(text[..<hash])
            fragment = Self.percentDecoded(String(text[text.index(after: hash)...]))
        } else {
            base = text
            fragment = nil
        }
    }

    init(base: String, fragment: String?) {
        self.base = base
        self.fragment = fragment
    }

    /// The reference as Go's `url.URL.String()` prints it (an empty fragment disappears); the
    /// key of the pools.
    var key: String {
        guard let fragment, !fragment.isEmpty else { return base }
        return base + "#" + fragment
    }

    private var scheme: String? {
        guard let colon = base.firstIndex(of: ":") else { return nil }
        let candidate = base[..<colon]
        guard let first = candidate.first, first.isASCII, first.isLetter,
              candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return String(candidate)
    }

    /// gojsonreference's "canonical": an absolute URL with a host, or a file URL.
    var isCanonical: Bool {
        guard let scheme else { return false }
        let rest = base.dropFirst(scheme.count + 1)
        return scheme.lowercased() == "file" || (rest.hasPrefix("//") && rest.count > 2)
    }

    /// `other` read relative to `self` (RFC 3986 merge, enough for `$id` scopes).
    func resolving(_ other: SchemaReference) -> SchemaReference {
        if other.scheme != nil { return other }
        if other.base.isEmpty { return SchemaReference(base: base, fragment: other.fragment) }
        guard let scheme else { return other }
        if other.base.hasPrefix("//") { return SchemaReference(base: scheme + ":" + other.base, fragment: other.fragment) }
        let afterScheme = base.dropFirst(scheme.count + 1)
        var authority = ""
        var path = Substring(afterScheme)
        if afterScheme.hasPrefix("//") {
            let rest = afterScheme.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            authority = "//" + rest[..<end]
            path = rest[end...]
        }
        let prefix = scheme + ":" + authority
        if other.base.hasPrefix("/") { return SchemaReference(base: prefix + other.base, fragment: other.fragment) }
        let directory = path.lastIndex(of: "/").map { String(path[...$0]) } ?? (authority.isEmpty ? "" : "/")
        return SchemaReference(base: prefix + directory + other.base, fragment: other.fragment)
    }

    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%"), i + 2 < utf8.count,
               let high = hexValue(utf8[i + 1]), let low = hexValue(utf8[i + 2]) {
                bytes.append(high << 4 | low)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}

/// The documents a schema's references can reach: the schema itself under `""` and every
/// subschema that names itself with `$id` (or draft 4's `id`), with each `$ref` rewritten to an
/// absolute reference in its `$id` scope, as gojsonschema's schema pool does before compiling.
struct SchemaDocuments {
    private(set) var byID: [String: SchemaJSON] = [:]

    init(root: SchemaJSON) {
        let prepared = Self.prepare(root, scope: SchemaReference(base: "", fragment: nil), into: &byID, depth: 0)
        byID[""] = prepared
    }

    /// The root document with its references made absolute.
    var root: SchemaJSON { byID[""] ?? .null }

    private static func prepare(_ node: SchemaJSON, scope: SchemaReference, into ids: inout [String: SchemaJSON],
                                depth: Int) -> SchemaJSON {
        guard depth < SchemaJSON.maximumDepth else { return node }
        switch node {
        case .array(let items):
            return .array(items.map { prepare($0, scope: scope, into: &ids, depth: depth + 1) })
        case .object(var members):
            var local = scope
            let idKey = members["id"] != nil ? "id" : "$id"
            var registers = false
            if case .string(let id)? = members[idKey] {
                local = scope.resolving(SchemaReference(id))
                registers = true
            }
            if case .string(let ref)? = members["$ref"] {
                members["$ref"] = .string(local.resolving(SchemaReference(ref)).key)
            }
            for (key, value) in members {
                switch key {
                case "const", "enum", "$ref":
                    continue
                case "properties", "dependencies", "patternProperties":
                    guard case .object(var children) = value else { continue }
                    for (name, child) in children { children[name] = prepare(child, scope: local, into: &ids, depth: depth + 1) }
                    members[key] = .object(children)
                default:
                    members[key] = prepare(value, scope: local, into: &ids, depth: depth + 1)
                }
            }
            let result = SchemaJSON.object(members)
            if registers { ids[local.key] = result }
            return result
        default:
            return node
        }
    }

    /// The document `reference` points at, with gojsonschema's and gojsonpointer's errors; a
    /// reference to another document is refused, since Helm's renderer must not reach the network.
    func document(for reference: SchemaReference) throws(SchemaError) -> SchemaJSON {
        if let exact = byID[reference.key] { return exact }
        if let document = byID[reference.base] {
            return try Self.follow(pointer: reference.fragment ?? "", in: document)
        }
        guard reference.isCanonical else {
            throw SchemaError(message: "Reference \(reference.key) must be canonical")
        }
        throw SchemaError(message: "Reference \(reference.key) is remote: only references within values.schema.json are resolved")
    }

    /// RFC 6901 pointer evaluation with gojsonpointer's error texts.
    static func follow(pointer: String, in document: SchemaJSON) throws(SchemaError) -> SchemaJSON {
        if pointer.isEmpty { return document }
        guard pointer.hasPrefix("/") else {
            throw SchemaError(message: "JSON pointer must be empty or start with a \"/\"")
        }
        var node = document
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = String(raw)
            switch node {
            case .object(let members):
                let name = token.replacingAll("~1", with: "/").replacingAll("~0", with: "~")
                guard let next = members[name] else { throw SchemaError(message: "Object has no key '\(name)'") }
                node = next
            case .array(let items):
                guard let i = Int(token) else { throw SchemaError(message: "Invalid array index '\(token)'") }
                guard items.indices.contains(i) else {
                    throw SchemaError(message: "Out of bound array[0,\(items.count)] index '\(i)'")
                }
                node = items[i]
            default:
                throw SchemaError(message: "Invalid token reference '\(token)'")
            }
        }
        return node
    }
}
