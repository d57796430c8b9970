import Manifests

/// Which objects a rule is about: Flux's `ignore[].target` (kustomize's selector shape).
/// `group`, `version`, `kind`, `name` and `namespace` are regular expressions (RE2 syntax,
/// matched against the whole value); `labelSelector` and `annotationSelector` are Kubernetes
/// label selectors. An empty or nil field matches everything.
public struct ObjectSelector: Hashable, Sendable {
    public var group: String?
    public var version: String?
    public var kind: String?
    public var name: String?
    public var namespace: String?
    public var labelSelector: String?
    public var annotationSelector: String?

    public init(group: String? = nil, version: String? = nil, kind: String? = nil, name: String? = nil,
                namespace: String? = nil, labelSelector: String? = nil, annotationSelector: String? = nil) {
        self.group = group
        self.version = version
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.annotationSelector = annotationSelector
    }
}

/// One of Flux 2.9's drift-ignore rules (Kustomization `spec.ignore[]`, `fluxcd/pkg/ssa`
/// ignore rules): fields the applier leaves to whoever else manages them. Without `target`
/// the rule applies to every object.
public struct DriftIgnoreRule: Hashable, Sendable {
    /// RFC 6901 JSON pointers, `/spec/replicas`.
    public var paths: [String]
    public var target: ObjectSelector?

    public init(paths: [String], target: ObjectSelector? = nil) {
        self.paths = paths
        self.target = target
    }
}

/// Why a rule cannot be used, naming the rule and the field: `spec.ignore[1].paths[0]: invalid
/// JSON pointer 'spec/replicas': must start with '/'`.
public struct IgnoreRuleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where the rule list sits in its owner's spec (`spec.ignore`).
    public var field: String
    public var ruleIndex: Int
    /// Inside the rule: `paths[0]`, `target.kind`, `target.labelSelector`.
    public var member: String
    public var reason: String

    public var description: String { "\(field)[\(ruleIndex)].\(member): \(reason)" }
}

/// The rules, checked and compiled once per reconcile (Flux compiles them before the apply):
/// every pointer parsed, every regular expression compiled (linear-time matching, so a
/// tenant's pattern cannot stall the controller), every selector parsed.
public struct CompiledIgnoreRules: Sendable {
    struct Rule: Sendable {
        var pointers: [JSONPointer]
        var group, version, kind, name, namespace: RE2Pattern?
        var labels, annotations: LabelSelector?
    }

    let rules: [Rule]

    /// No rules: the applier behaves exactly as without this feature.
    public static let none = CompiledIgnoreRules(rules: [])

    init(rules: [Rule]) { self.rules = rules }

    /// Throws the first problem found, naming the rule index and the offending member;
    /// `field` is the spec field the rules came from, used in that message.
    public init(_ rules: [DriftIgnoreRule], field: String = "spec.ignore") throws(IgnoreRuleError) {
        var compiled: [Rule] = []
        for (index, rule) in rules.enumerated() {
            func fail(_ member: String, _ reason: String) -> IgnoreRuleError {
                IgnoreRuleError(field: field, ruleIndex: index, member: member, reason: reason)
            }
            guard !rule.paths.isEmpty else { throw fail("paths", "at least one JSON pointer is required") }
            var pointers: [JSONPointer] = []
            for (i, path) in rule.paths.enumerated() {
                do { pointers.append(try JSONPointer(path)) } catch { throw fail("paths[\(i)]", error.description) }
            }
            func regex(_ member: String, _ pattern: String?) throws(IgnoreRuleError) -> RE2Pattern? {
                guard let pattern, !pattern.isEmpty else { return nil }
                do { return try RE2Pattern(pattern) } catch { throw fail("target.\(member)", error.description) }
            }
            func selector(_ member: String, _ text: String?) throws(IgnoreRuleError) -> LabelSelector? {
                guard let text, !text.isEmpty else { return nil }
                do { return try LabelSelector(text) } catch { throw fail("target.\(member)", error.description) }
            }
            let t = rule.target
            compiled.append(Rule(
                pointers: pointers,
                group: try regex("group", t?.group), version: try regex("version", t?.version),
                kind: try regex("kind", t?.kind), name: try regex("name", t?.name),
                namespace: try regex("namespace", t?.namespace),
                labels: try selector("labelSelector", t?.labelSelector),
                annotations: try selector("annotationSelector", t?.annotationSelector)))
        }
        self.rules = compiled
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// The pointers of every rule whose target matches `object` (its apiVersion, kind, name,
    /// namespace, labels and annotations), without duplicates, in rule order.
    public func pointers(for object: JSONValue) -> [JSONPointer] {
        guard !rules.isEmpty else { return [] }
        let gvk = object.groupVersionKind
        let strings = { (section: String) -> [String: String] in
            var out: [String: String] = [:]
            for (k, v) in object[path: "metadata", section]?.objectValue ?? [:] { if let s = v.stringValue { out[k] = s } }
            return out
        }
        let labels = strings("labels"), annotations = strings("annotations")
        var seen: Set<JSONPointer> = []
        var out: [JSONPointer] = []
        for rule in rules {
            func ok(_ re: RE2Pattern?, _ text: String?) -> Bool { re?.matches(text ?? "") ?? true }
            func ok(_ sel: LabelSelector?, _ set: [String: String]) -> Bool { sel?.matches(set) ?? true }
            let hit = ok(rule.group, gvk?.group) && ok(rule.version, gvk?.version) && ok(rule.kind, gvk?.kind)
                && ok(rule.name, object.metadataName) && ok(rule.namespace, object.metadataNamespace)
                && ok(rule.labels, labels) && ok(rule.annotations, annotations)
            guard hit else { continue }
            for pointer in rule.pointers where seen.insert(pointer).inserted { out.append(pointer) }
        }
        return out
    }
}
