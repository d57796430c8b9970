/// The numeric, string, object, array and combinator keywords, in gojsonschema's order.
extension SchemaCompiler {
    private func number(_ value: SchemaJSON?) -> SchemaDecimal? {
        if case .number(let n)? = value { return n.value }
        return nil
    }

    /// gojsonschema's `mustBeInteger`: integer text within int64 (`1.0` and `1e2` are refused).
    private func integer(_ value: SchemaJSON?) -> Int? {
        if case .number(let n)? = value { return n.int64Value }
        return nil
    }

    private func message(_ text: String) -> SchemaError { SchemaError(message: text) }

    func parseNumeric(_ m: [String: SchemaJSON], into node: SchemaNode, draft: SchemaDraft) throws(SchemaError) {
        if let value = m["multipleOf"] {
            guard let n = number(value) else { throw message("Invalid type. Expected: number, given: multipleOf") }
            guard SchemaDecimal.compare(n, .zero) > 0 else { throw message("multipleOf must be strictly greater than 0") }
            node.multipleOf = n
        }
        if let value = m["minimum"] {
            guard let n = number(value) else { throw message("minimum must be of a number") }
            node.minimum = n
        }
        if let value = m["exclusiveMinimum"] {
            try exclusive(value, key: "exclusiveMinimum", bound: "minimum", draft: draft,
                          inclusive: &node.minimum, exclusive: &node.exclusiveMinimum)
        }
        if let value = m["maximum"] {
            guard let n = number(value) else { throw message("maximum must be of a number") }
            node.maximum = n
        }
        if let value = m["exclusiveMaximum"] {
            try exclusive(value, key: "exclusiveMaximum", bound: "maximum", draft: draft,
                          inclusive: &node.maximum, exclusive: &node.exclusiveMaximum)
        }
    }

    /// Draft 4's boolean form turns the inclusive bound exclusive; draft 6 on takes a number;
    /// hybrid mode takes either.
    private func exclusive(_ value: SchemaJSON, key: String, bound: String, draft: SchemaDraft,
                           inclusive: inout SchemaDecimal?, exclusive: inout SchemaDecimal?) throws(SchemaError) {
        func applyBoolean(_ flag: Bool) throws(SchemaError) {
            guard inclusive != nil else { throw message("\(key) cannot be used without \(bound)") }
            if flag {
                exclusive = inclusive
                inclusive = nil
            }
        }
        switch (draft, value) {
        case (.draft4, .bool(let flag)), (.hybrid, .bool(let flag)):
            try applyBoolean(flag)
        case (.draft4, _):
            throw message("Invalid type. Expected: boolean, given: \(key)")
        case (_, .number(let n)) where draft != .draft4:
            exclusive = n.value
        case (.hybrid, _):
            throw message("Invalid type. Expected: boolean/number, given: \(key)")
        default:
            throw message("Invalid type. Expected: number, given: \(key)")
        }
    }

    private func count(_ m: [String: SchemaJSON], _ key: String) throws(SchemaError) -> Int? {
        guard let value = m[key] else { return nil }
        guard let n = integer(value) else { throw message("\(key) must be of an integer") }
        guard n >= 0 else { throw message("\(key) must be greater than or equal to 0") }
        return n
    }

    func parseStringAndObject(_ m: [String: SchemaJSON], into node: SchemaNode) throws(SchemaError) {
        node.minLength = try count(m, "minLength")
        node.maxLength = try count(m, "maxLength")
        if let low = node.minLength, let high = node.maxLength, low > high {
            throw message("minLength cannot be greater than maxLength")
        }
        if let value = m["pattern"] {
            guard case .string(let source) = value else { throw message("pattern must be of a string") }
            guard let matcher = SchemaRegex(source) else { throw message("pattern must be a valid regex") }
            node.pattern = (source, matcher)
        }
        if let value = m["format"] {
            guard case .string(let format) = value else { throw message("format must be of type string") }
            node.format = format
        }
        node.minProperties = try count(m, "minProperties")
        node.maxProperties = try count(m, "maxProperties")
        if let low = node.minProperties, let high = node.maxProperties, low > high {
            throw message("minProperties cannot be greater than maxProperties")
        }
        if let value = m["required"] {
            guard case .array(let names) = value else { throw message("required must be of an array") }
            for name in names {
                guard case .string(let text) = name else { throw message("required items must be string") }
                guard !node.required.contains(text) else { throw message("required items must be unique") }
                node.required.append(text)
            }
        }
    }

    mutating func parseArrayAndCombinators(_ m: [String: SchemaJSON], into node: SchemaNode, draft: SchemaDraft,
                                           depth: Int) throws(SchemaError) {
        node.minItems = try count(m, "minItems")
        node.maxItems = try count(m, "maxItems")
        if let value = m["uniqueItems"] {
            guard case .bool(let flag) = value else { throw message("uniqueItems must be of a boolean") }
            node.uniqueItems = flag
        }
        if draft >= .draft6, let value = m["contains"] {
            node.contains = try subschema(value, draft: draft, depth: depth)
        }
        if draft >= .draft6, let value = m["const"] {
            guard let text = value.canonicalText else { throw overflow(value) }
            node.constant = text
        }
        if let value = m["enum"] {
            guard case .array(let members) = value else { throw message("enum must be of an array") }
            for member in members {
                guard let text = member.canonicalText else { throw overflow(member) }
                guard !node.enumeration.contains(text) else { throw message("enum items must be unique") }
                node.enumeration.append(text)
            }
        }
        node.oneOf = try list(m["oneOf"], key: "oneOf", draft: draft, depth: depth)
        node.anyOf = try list(m["anyOf"], key: "anyOf", draft: draft, depth: depth)
        // gojsonschema names `anyOf` in this error too.
        node.allOf = try list(m["allOf"], key: "anyOf", draft: draft, depth: depth)
        if let value = m["not"] {
            guard case .object = value else {
                guard case .bool = value else { throw message("not must be of an object") }
                node.not = try subschema(value, draft: draft, depth: depth)
                return try conditionals(m, into: node, draft: draft, depth: depth)
            }
            node.not = try subschema(value, draft: draft, depth: depth)
        }
        try conditionals(m, into: node, draft: draft, depth: depth)
    }

    private mutating func conditionals(_ m: [String: SchemaJSON], into node: SchemaNode, draft: SchemaDraft,
                                       depth: Int) throws(SchemaError) {
        guard draft >= .draft7 else { return }
        for key in ["if", "then", "else"] {
            guard let value = m[key] else { continue }
            switch value {
            case .object, .bool: break
            default: throw message("\(key) must be of an object")
            }
            let index = try subschema(value, draft: draft, depth: depth)
            switch key {
            case "if": node.ifSchema = index
            case "then": node.thenSchema = index
            default: node.elseSchema = index
            }
        }
    }

    private mutating func list(_ value: SchemaJSON?, key: String, draft: SchemaDraft, depth: Int) throws(SchemaError) -> [Int] {
        guard let value else { return [] }
        guard case .array(let members) = value else { throw message("\(key) must be of an array") }
        var out: [Int] = []
        for member in members { out.append(try subschema(member, draft: draft, depth: depth)) }
        return out
    }

    private func overflow(_ value: SchemaJSON) -> SchemaError {
        var literal = "number"
        if case .number(let n) = value { literal = n.literal }
        return message("json: cannot unmarshal number \(literal) into Go value of type float64")
    }
}
