/// What one validation pass found: gojsonschema's result. `score` rises with every check that
/// passes and falls with every error; `anyOf`, `oneOf` and `contains` report the errors of the
/// best-scoring alternative, as "probably the one the user meant".
struct SchemaResult {
    var errors: [(field: String, description: String)] = []
    var score = 0
    var isValid: Bool { errors.isEmpty }

    mutating func add(_ context: String, _ description: String) {
        errors.append((SchemaValidator.field(of: context), description))
        score -= 2
    }

    mutating func merge(_ other: SchemaResult) {
        errors.append(contentsOf: other.errors)
        score += other.score
    }
}

/// gojsonschema's validation walk, check for check and in its order, so that the errors and
/// their order match what Helm prints (where Go walks a map, here keys go in sorted order).
struct SchemaValidator {
    let nodes: [SchemaNode]

    /// Nesting of subschema applications (a `$ref` cycle that consumes no input stops here;
    /// in gojsonschema it overflows the stack).
    static let maximumDepth = 1_000

    /// `(root).image.tag` → `image.tag`; the root stays `(root)`.
    static func field(of context: String) -> String {
        context.hasPrefix("(root).") ? String(context.dropFirst(7)) : context
    }

    func subValidate(_ index: Int, _ instance: SchemaJSON, _ context: String, depth: Int) -> SchemaResult {
        var result = SchemaResult()
        validate(index, instance, context, &result, depth: depth)
        return result
    }

    func validate(_ index: Int, _ instance: SchemaJSON, _ context: String, _ result: inout SchemaResult, depth: Int) {
        guard depth < Self.maximumDepth, nodes.indices.contains(index) else { return }
        let node = nodes[index]
        if let pass = node.pass {
            if !pass { result.add(context, "False always fails validation") }
            return
        }
        if let ref = node.ref {
            validate(ref, instance, context, &result, depth: depth + 1)
            return
        }
        func typeError(_ given: String) {
            result.add(context, "Invalid type. Expected: \(node.typesDescription), given: \(given)")
        }
        switch instance {
        case .null:
            if node.isTyped && !node.allows("null") { return typeError("null") }
            validateSchema(node, instance, context, &result, depth: depth)
            validateCommon(node, instance, context, &result)
        case .number(let number):
            let isInteger = number.value.isInteger
            if node.isTyped && !(node.allows("number") || (isInteger && node.allows("integer"))) {
                return typeError(isInteger ? "integer" : "number")
            }
            validateSchema(node, instance, context, &result, depth: depth)
            validateNumber(node, number.value, context, &result)
            validateCommon(node, instance, context, &result)
        case .array(let items):
            if node.isTyped && !node.allows("array") { return typeError("array") }
            validateSchema(node, instance, context, &result, depth: depth)
            validateArray(node, items, context, &result, depth: depth)
            validateCommon(node, instance, context, &result)
        case .object(let members):
            if node.isTyped && !node.allows("object") { return typeError("object") }
            validateSchema(node, instance, context, &result, depth: depth)
            validateObject(node, members, context, &result, depth: depth)
            validateCommon(node, instance, context, &result)
            for (name, child) in node.properties {
                if let value = members[name] {
                    validate(child, value, context + "." + name, &result, depth: depth + 1)
                }
            }
        case .bool:
            if node.isTyped && !node.allows("boolean") { return typeError("boolean") }
            validateSchema(node, instance, context, &result, depth: depth)
            validateCommon(node, instance, context, &result)
        case .string(let text):
            if node.isTyped && !node.allows("string") { return typeError("string") }
            validateSchema(node, instance, context, &result, depth: depth)
            validateCommon(node, instance, context, &result)
            validateString(node, text, context, &result)
        }
        result.score += 1
    }

    /// The combinators, dependencies and conditionals.
    private func validateSchema(_ node: SchemaNode, _ instance: SchemaJSON, _ context: String,
                                _ result: inout SchemaResult, depth: Int) {
        let next = depth + 1
        if !node.anyOf.isEmpty {
            var matched = false
            var best: SchemaResult?
            for alternative in node.anyOf where !matched {
                let attempt = subValidate(alternative, instance, context, depth: next)
                matched = attempt.isValid
                if !matched, best == nil || attempt.score > best?.score ?? 0 { best = attempt }
            }
            if !matched {
                result.add(context, "Must validate at least one schema (anyOf)")
                if let best { result.merge(best) }
            }
        }
        if !node.oneOf.isEmpty {
            var validCount = 0
            var best: SchemaResult?
            for alternative in node.oneOf {
                let attempt = subValidate(alternative, instance, context, depth: next)
                if attempt.isValid {
                    validCount += 1
                } else if validCount == 0, best == nil || attempt.score > best?.score ?? 0 {
                    best = attempt
                }
            }
            if validCount != 1 {
                result.add(context, "Must validate one and only one schema (oneOf)")
                if validCount == 0, let best { result.merge(best) }
            }
        }
        if !node.allOf.isEmpty {
            var validCount = 0
            for part in node.allOf {
                let attempt = subValidate(part, instance, context, depth: next)
                if attempt.isValid { validCount += 1 }
                result.merge(attempt)
            }
            if validCount != node.allOf.count { result.add(context, "Must validate all the schemas (allOf)") }
        }
        if let not = node.not, subValidate(not, instance, context, depth: next).isValid {
            result.add(context, "Must not validate the schema (not)")
        }
        if !node.dependencies.isEmpty, case .object(let members) = instance {
            for key in members.keys.sorted() {
                switch node.dependencies[key] {
                case .properties(let names)?:
                    for name in names where members[name] == nil {
                        result.add(context, "Has a dependency on \(name)")
                    }
                case .schema(let dependency)?:
                    validate(dependency, instance, context, &result, depth: next)
                case nil:
                    break
                }
            }
        }
        if let condition = node.ifSchema {
            let holds = subValidate(condition, instance, context, depth: next).isValid
            if holds, let then = node.thenSchema {
                let outcome = subValidate(then, instance, context, depth: next)
                if !outcome.isValid {
                    result.add(context, "Must validate \"then\" as \"if\" was valid")
                    result.merge(outcome)
                }
            }
            if !holds, let otherwise = node.elseSchema {
                let outcome = subValidate(otherwise, instance, context, depth: next)
                if !outcome.isValid {
                    result.add(context, "Must validate \"else\" as \"if\" was not valid")
                    result.merge(outcome)
                }
            }
        }
        result.score += 1
    }

    /// `const` and `enum`, compared as canonical JSON text.
    private func validateCommon(_ node: SchemaNode, _ instance: SchemaJSON, _ context: String,
                                _ result: inout SchemaResult) {
        if node.constant != nil || !node.enumeration.isEmpty {
            let text = instance.canonicalText ?? ""
            let field = Self.field(of: context)
            if let constant = node.constant, text != constant {
                result.add(context, "\(field) does not match: \(constant)")
            }
            if !node.enumeration.isEmpty, !node.enumeration.contains(text) {
                result.add(context, "\(field) must be one of the following: " + node.enumeration.joined(separator: ", "))
            }
        }
        result.score += 1
    }
}
