import FerryAPI

/// `spec.filterTags` as Flux applies it (`internal/policy/filter.go`): tags matching `pattern`
/// take part; with `extract`, each is compared by the template's expansion and the original tag
/// of the winning value is the result. Two tags with the same expansion: the later one counts.
public struct ImageTagFilterRule: Sendable {
    public let regex: GoRegex
    public let extract: String

    /// The filter of `spec.filterTags`; the error (Flux's words) stalls the policy with InvalidPolicy.
    public init(_ filter: ImageTagFilter) throws(ImagePolicyRule.Failure) {
        let pattern = filter.pattern ?? ""
        do { regex = try GoRegex(pattern) } catch {
            throw ImagePolicyRule.Failure("failed to filter tags: invalid regular expression pattern '\(pattern)': \(error)")
        }
        extract = filter.extract ?? ""
    }

    /// The values to compare, in tag order, each with the tag it came from.
    public func apply(_ tags: [String]) -> [(value: String, tag: String)] {
        var order: [String] = []
        var original: [String: String] = [:]
        for tag in tags {
            let value: String
            if extract.isEmpty {
                guard regex.matches(tag) else { continue }
                value = tag
            } else {
                guard let expanded = regex.expand(extract, matching: tag) else { continue }
                value = expanded
            }
            if original[value] == nil { order.append(value) }
            original[value] = tag
        }
        return order.map { ($0, original[$0] ?? $0) }
    }
}

extension ImagePolicyRule {
    /// The tag `rule` picks from `tags` after `filter` (Flux's `applyPolicy`): the error is the
    /// Ready=False message when nothing can be picked.
    public static func latest(of tags: [String], rule: ImagePolicyRule, filter: ImageTagFilterRule?) throws(Failure) -> String {
        guard let filter else { return try rule.latest(tags) }
        let candidates = filter.apply(tags)
        let value = try rule.latest(candidates.map(\.value))
        return candidates.first { $0.value == value }?.tag ?? value
    }
}
