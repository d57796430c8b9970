/// Turns a schema document into ``SchemaNode``s, checking keywords in gojsonschema's order so
/// the first problem reported is the one Helm reports, in its words.
struct SchemaCompiler {
    private(set) var nodes: [SchemaNode] = []
    private let documents: SchemaDocuments
    /// `$ref` key → node: one compiled node per distinct reference, so recursion terminates.
    private var referencePool: [String: Int] = [:]

    /// Subschemas one schema may hold (each `$ref` copy counts), against exponential blow-up.
    static let maximumNodes = 100_000

    static let jsonTypes = ["array", "boolean", "integer", "number", "null", "object", "string"]

    init(documents: SchemaDocuments) { self.documents = documents }

    /// Compiles the root; returns its node index.
    mutating func compileRoot(draft: SchemaDraft) throws(SchemaError) -> Int {
        let root = newNode()
        try parse(documents.root, into: root, draft: draft, depth: 0)
        return root
    }

    private mutating func newNode() -> Int {
        nodes.append(SchemaNode())
        return nodes.count - 1
    }

    private func invalidType(_ expected: String, _ given: String) -> SchemaError {
        SchemaError(message: "Invalid type. Expected: \(expected), given: \(given)")
    }

    mutating func subschema(_ value: SchemaJSON, draft: SchemaDraft, depth: Int) throws(SchemaError) -> Int {
        let index = newNode()
        try parse(value, into: index, draft: draft, depth: depth + 1)
        return index
    }

    private static func isSchemaShaped(_ value: SchemaJSON) -> Bool {
        switch value {
        case .object, .bool: return true
        default: return false
        }
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private mutating func parse(_ document: SchemaJSON, into index: Int, draft: SchemaDraft, depth: Int) throws(SchemaError) {
        guard depth < SchemaJSON.maximumDepth, nodes.count < Self.maximumNodes else {
            throw SchemaError(message: "schema is too deeply nested or too large")
        }
        let node = nodes[index]
        if draft >= .draft6, case .bool(let b) = document {
            node.pass = b
            return
        }
        guard case .object(let m) = document else {
            throw SchemaError(message: "Expected: valid schema, given: Invalid JSON")
        }
        let idKey: String
        switch draft {
        case .draft4: idKey = "id"
        case .hybrid: idKey = m["id"] != nil ? "id" : "$id"
        default: idKey = "$id"
        }
        if let id = m[idKey], id.stringValue == nil { throw invalidType("string", idKey) }

        if let definitions = m["definitions"] {
            guard case .object(let entries) = definitions else { throw invalidType("array of schemas", "definitions") }
            for key in entries.keys.sorted() {
                guard let value = entries[key], Self.isSchemaShaped(value) else {
                    throw invalidType("array of schemas", "definitions")
                }
                _ = try subschema(value, draft: draft, depth: depth)
            }
        }
        for key in ["title", "description"] {
            if let value = m[key], value.stringValue == nil { throw invalidType("string", key) }
        }
        if let ref = m["$ref"] {
            guard case .string(let text) = ref else { throw invalidType("string", "$ref") }
            let reference = SchemaReference(text)
            if let pooled = referencePool[reference.key] {
                node.ref = pooled
            } else {
                let target = newNode()
                referencePool[reference.key] = target
                let referenced = try documents.document(for: reference)
                guard Self.isSchemaShaped(referenced) else {
                    throw SchemaError(message: "valid schema must be of type object")
                }
                try parse(referenced, into: target, draft: draft, depth: depth + 1)
                node.ref = target
                return
            }
        }
        if let type = m["type"] {
            switch type {
            case .string(let name): try addType(name, to: node)
            case .array(let names):
                for name in names {
                    guard case .string(let text) = name else { throw invalidType("string/array of strings", "type") }
                    try addType(text, to: node)
                }
            default: throw invalidType("string/array of strings", "type")
            }
        }
        if let properties = m["properties"] {
            guard case .object(let entries) = properties else {
                throw SchemaError(message: "properties must be of type object")
            }
            for key in entries.keys.sorted() {
                guard let value = entries[key] else { continue }
                node.properties.append((key, try subschema(value, draft: draft, depth: depth)))
            }
        }
        if let additional = m["additionalProperties"] {
            node.additionalProperties = try additionalKeyword(additional, key: "additionalProperties", draft: draft, depth: depth)
        }
        if let patterns = m["patternProperties"] {
            guard case .object(let entries) = patterns else { throw invalidType("valid schema", "patternProperties") }
            for key in entries.keys.sorted() {
                guard let value = entries[key] else { continue }
                guard let matcher = SchemaRegex(key) else {
                    throw SchemaError(message: "Invalid regex pattern '\(key)'")
                }
                node.patternProperties.append((key, matcher, try subschema(value, draft: draft, depth: depth)))
            }
        }
        if draft >= .draft6, let names = m["propertyNames"] {
            guard Self.isSchemaShaped(names) else { throw invalidType("valid schema", "patternProperties") }
            node.propertyNames = try subschema(names, draft: draft, depth: depth)
        }
        if let dependencies = m["dependencies"] {
            try parseDependencies(dependencies, into: node, draft: draft, depth: depth)
        }
        if let items = m["items"] {
            switch items {
            case .array(let elements):
                var children: [Int] = []
                for element in elements {
                    guard Self.isSchemaShaped(element) else { throw invalidType("valid schema/array of schemas", "items") }
                    children.append(try subschema(element, draft: draft, depth: depth))
                }
                node.items = .tuple(children)
            case .object, .bool:
                node.items = .single(try subschema(items, draft: draft, depth: depth))
            default:
                throw invalidType("valid schema/array of schemas", "items")
            }
        }
        if let additional = m["additionalItems"] {
            node.additionalItems = try additionalKeyword(additional, key: "additionalItems", draft: draft, depth: depth)
        }
        try parseNumeric(m, into: node, draft: draft)
        try parseStringAndObject(m, into: node)
        try parseArrayAndCombinators(m, into: node, draft: draft, depth: depth)
    }

    private func addType(_ name: String, to node: SchemaNode) throws(SchemaError) {
        guard Self.jsonTypes.contains(name) else {
            throw SchemaError(message: "has a primitive type that is NOT VALID -- given: /\(name)/ Expected valid values are:["
                + Self.jsonTypes.joined(separator: " ") + "]")
        }
        guard !node.types.contains(name) else { throw SchemaError(message: "\(name) type is duplicated") }
        node.types.append(name)
    }

    private mutating func additionalKeyword(_ value: SchemaJSON, key: String, draft: SchemaDraft,
                                            depth: Int) throws(SchemaError) -> SchemaNode.Additional {
        switch value {
        case .bool(let b): return .allowed(b)
        case .object: return .schema(try subschema(value, draft: draft, depth: depth))
        default: throw invalidType("boolean/valid schema", key)
        }
    }

    private mutating func parseDependencies(_ value: SchemaJSON, into node: SchemaNode, draft: SchemaDraft,
                                            depth: Int) throws(SchemaError) {
        guard case .object(let entries) = value else {
            throw SchemaError(message: "dependencies must be of type object")
        }
        let wrongShape = SchemaError(message: "dependency must be of type schema or array of strings")
        for key in entries.keys.sorted() {
            switch entries[key] {
            case .array(let names)?:
                var list: [String] = []
                for name in names {
                    guard case .string(let text) = name else { throw wrongShape }
                    list.append(text)
                    node.dependencies[key] = .properties(list)
                }
            case .object(let o)?:
                node.dependencies[key] = .schema(try subschema(.object(o), draft: draft, depth: depth))
            case .bool(let b)?:
                node.dependencies[key] = .schema(try subschema(.bool(b), draft: draft, depth: depth))
            default:
                throw wrongShape
            }
        }
    }
}
