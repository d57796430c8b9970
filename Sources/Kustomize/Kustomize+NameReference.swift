import Manifests

/// kustomize's name-reference transformer (`api/filters/nameref`): after prefixes, suffixes
/// and hashes changed names, every field that refers to another object by name is updated.
enum NameReferences {
    static func fix(_ resources: inout [Resource], config: TransformerConfig) throws {
        let snapshot = resources
        for ref in config.nameReference {
            let candidates = snapshot.filter { r in r.history.contains { $0.gvk.isSelected(by: ref.gvk) } }
            guard !candidates.isEmpty else { continue }
            // Index by previous name: each reference only looks at objects once called that.
            var byName: [String: [Resource]] = [:]
            for c in candidates {
                for name in Set(c.history.map(\.name)) { byName[name, default: []].append(c) }
            }
            for i in resources.indices {
                let referrer = snapshot[i]
                for spec in ref.specs where referrer.gvk.isSelected(by: spec.gvk) {
                    var obj = resources[i].object
                    try FieldWalk.visit(&obj, spec.segments[...], create: false, leaf: .null) { node in
                        node = try update(node, referrer: referrer, target: ref.gvk, candidates: byName, spec: spec)
                    }
                    resources[i].object = obj
                }
            }
        }
    }

    static func update(_ node: JSONValue, referrer: Resource, target: GVK, candidates: [String: [Resource]],
                       spec: FieldSpec) throws -> JSONValue {
        switch node {
        case .string(let old):
            guard let r = try select(old, referrer: referrer, target: target, candidates: candidates[old] ?? [], spec: spec, namespace: nil)
            else { return node }
            return .string(r.name)
        case .array(let items):
            return .array(try items.map { try update($0, referrer: referrer, target: target, candidates: candidates, spec: spec) })
        case .object(var o):
            guard let old = o["name"]?.stringValue else { return node }
            // `subjects` entries name their kind; only matching ones refer to the target.
            if let kind = o["kind"]?.stringValue, kind != target.kind { return node }
            let ns = o["namespace"]?.stringValue
            guard let r = try select(old, referrer: referrer, target: target, candidates: candidates[old] ?? [], spec: spec, namespace: ns, isMap: true)
            else { return node }
            o["name"] = .string(r.name)
            if !r.namespace.isEmpty, ns != nil || spec.path.hasSuffix("subjects") == false && o["namespace"] != nil {
                o["namespace"] = .string(r.namespace)
            } else if !r.namespace.isEmpty, spec.path.hasSuffix("subjects") {
                o["namespace"] = .string(r.namespace)
            }
            return .object(o)
        default:
            return node
        }
    }

    /// kustomize's `SameEndingSubSlice`.
    static func sameEnding(_ a: [String], _ b: [String]) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        if short.isEmpty { return long.isEmpty }
        return Array(long.suffix(short.count)) == short
    }

    static func select(_ oldName: String, referrer: Resource, target: GVK, candidates: [Resource], spec: FieldSpec,
                       namespace: String?, isMap: Bool = false) throws -> Resource? {
        var c = candidates
        if let namespace {
            let ns = namespace.isEmpty ? "default" : namespace
            let byOrig = c.filter { $0.originalID.effectiveNamespace == ns }
            c = byOrig.isEmpty ? c.filter { $0.id.effectiveNamespace == ns } : byOrig
        }
        c = c.filter { r in r.history.contains { $0.name == oldName } }
        c = c.filter { r in r.history.contains { $0.gvk.isSelected(by: target) } }
        if spec.path.hasSuffix("roleRef/name"), let roleRef = referrer.object["roleRef"],
           let kind = roleRef["kind"]?.stringValue, let group = roleRef["apiGroup"]?.stringValue {
            let sel = GVK(group: group, version: "", kind: kind)
            c = c.filter { r in r.history.contains { $0.gvk.isSelected(by: sel) } }
        }
        if !referrer.gvk.isClusterScoped {
            c = c.filter { r in
                r.gvk.isClusterScoped || r.kind == "ServiceAccount"
                    || r.id.effectiveNamespace == referrer.id.effectiveNamespace
            }
        }
        if c.count == 1 { return c[0] }
        c = c.filter { sameEnding($0.prefixes, referrer.prefixes) && sameEnding($0.suffixes, referrer.suffixes) }
        if c.count == 1 { return c[0] }
        if c.isEmpty { return nil }
        if c.allSatisfy({ $0.name == c[0].name && (!isMap || $0.namespace == c[0].namespace) }) { return c[0] }
        throw KustomizeError.conflict(file: "", field: spec.path,
                                      reason: "found multiple possible referrals: \(c.map { $0.id.description }.joined(separator: ", "))")
    }
}
