/// The per-type checks: arrays, objects, strings and numbers.
extension SchemaValidator {
    func validateArray(_ node: SchemaNode, _ items: [SchemaJSON], _ context: String,
                       _ result: inout SchemaResult, depth: Int) {
        let next = depth + 1
        switch node.items {
        case .single(let schema):
            for (i, item) in items.enumerated() {
                result.merge(subValidate(schema, item, context + "." + String(i), depth: next))
            }
        case .tuple(let schemas) where !schemas.isEmpty:
            for i in 0..<min(schemas.count, items.count) {
                result.merge(subValidate(schemas[i], items[i], context + "." + String(i), depth: next))
            }
            if schemas.count < items.count {
                switch node.additionalItems {
                case .allowed(false):
                    result.add(context, "No additional items allowed on array")
                case .schema(let extra):
                    for i in schemas.count..<items.count {
                        result.merge(subValidate(extra, items[i], context + "." + String(i), depth: next))
                    }
                default:
                    break
                }
            }
        default:
            break
        }
        if let low = node.minItems, items.count < low {
            result.add(context, "Array must have at least \(low) items")
        }
        if let high = node.maxItems, items.count > high {
            result.add(context, "Array must have at most \(high) items")
        }
        if node.uniqueItems {
            var seen: [String: Int] = [:]
            for (j, item) in items.enumerated() {
                let text = item.canonicalText ?? ""
                if let i = seen[text] { result.add(context, "array items[\(i),\(j)] must be unique") }
                seen[text] = j
            }
        }
        if let contains = node.contains {
            var matched = false
            var best: SchemaResult?
            for (i, item) in items.enumerated() {
                let attempt = subValidate(contains, item, context + "." + String(i), depth: next)
                if attempt.isValid {
                    matched = true
                    break
                }
                if best == nil || attempt.score > best?.score ?? 0 { best = attempt }
            }
            if !matched {
                result.add(context, "At least one of the items must match")
                if let best { result.merge(best) }
            }
        }
        result.score += 1
    }

    func validateObject(_ node: SchemaNode, _ members: [String: SchemaJSON], _ context: String,
                        _ result: inout SchemaResult, depth: Int) {
        let next = depth + 1
        if let low = node.minProperties, members.count < low {
            result.add(context, "Must have at least \(low) properties")
        }
        if let high = node.maxProperties, members.count > high {
            result.add(context, "Must have at most \(high) properties")
        }
        for name in node.required {
            if members[name] != nil {
                result.score += 1
            } else {
                result.add(context, "\(name) is required")
            }
        }
        let keys = members.keys.sorted()
        for key in keys {
            guard let value = members[key] else { continue }
            let described = node.properties.contains { $0.name == key }
            var patterned = false
            for entry in node.patternProperties where entry.matcher.matches(key) {
                patterned = true
                result.merge(subValidate(entry.node, value, context + "." + key, depth: next))
            }
            if patterned { result.score += 1 }
            if !described && !patterned {
                switch node.additionalProperties {
                case .allowed(false):
                    result.add(context, "Additional property \(key) is not allowed")
                case .schema(let extra):
                    result.merge(subValidate(extra, value, context + "." + key, depth: next))
                default:
                    break
                }
            }
        }
        if let names = node.propertyNames {
            for key in keys {
                let attempt = subValidate(names, .string(key), context, depth: next)
                if !attempt.isValid {
                    result.add(context, "Property name of \"\(key)\" does not match")
                    result.merge(attempt)
                }
            }
        }
        result.score += 1
    }

    func validateString(_ node: SchemaNode, _ text: String, _ context: String, _ result: inout SchemaResult) {
        if node.minLength != nil || node.maxLength != nil {
            let length = text.unicodeScalars.count
            if let low = node.minLength, length < low {
                result.add(context, "String length must be greater than or equal to \(low)")
            }
            if let high = node.maxLength, length > high {
                result.add(context, "String length must be less than or equal to \(high)")
            }
        }
        if let pattern = node.pattern, !pattern.matcher.matches(text) {
            result.add(context, "Does not match pattern '\(pattern.source)'")
        }
        if let format = node.format, !SchemaFormat.check(format, text) {
            result.add(context, "Does not match format '\(format)'")
        }
        result.score += 1
    }

    func validateNumber(_ node: SchemaNode, _ value: SchemaDecimal, _ context: String, _ result: inout SchemaResult) {
        if let divisor = node.multipleOf, !value.isMultiple(of: divisor) {
            result.add(context, "Must be a multiple of \(divisor.formatted(style: .general))")
        }
        if let high = node.maximum, SchemaDecimal.compare(value, high) > 0 {
            result.add(context, "Must be less than or equal to \(high.formatted(style: .general))")
        }
        if let high = node.exclusiveMaximum, SchemaDecimal.compare(value, high) >= 0 {
            result.add(context, "Must be less than \(high.formatted(style: .general))")
        }
        if let low = node.minimum, SchemaDecimal.compare(value, low) < 0 {
            result.add(context, "Must be greater than or equal to \(low.formatted(style: .general))")
        }
        if let low = node.exclusiveMinimum, SchemaDecimal.compare(value, low) <= 0 {
            result.add(context, "Must be greater than \(low.formatted(style: .general))")
        }
        // A known format never accepts a number; an unknown one accepts anything.
        if let format = node.format, SchemaFormat.isKnown(format) {
            result.add(context, "Does not match format '\(format)'")
        }
        result.score += 1
    }
}
