import Manifests

/// The simple builtin transformers: namespace, name prefix/suffix, labels, annotations,
/// images and replicas. Each is a pure function over the resource list.
enum Transformers {
    static func setNamespace(_ ns: String, specs: [FieldSpec], unsetOnly: Bool = false, in resources: inout [Resource]) {
        for i in resources.indices {
            var r = resources[i]
            r.rememberID()
            if !r.gvk.isClusterScoped {
                let current = r.namespace
                if !(unsetOnly && !current.isEmpty) {
                    FieldWalk.visit(&r.object, ["metadata", "namespace"], create: true, leaf: .string("")) { $0 = .string(ns) }
                }
            }
            let isRB = r.kind == "RoleBinding" || r.kind == "ClusterRoleBinding"
            if isRB, case .array(var subjects) = r.object["subjects"] ?? .null {
                for j in subjects.indices where subjects[j]["name"]?.stringValue == "default" {
                    if unsetOnly, !(subjects[j]["namespace"]?.stringValue ?? "").isEmpty { continue }
                    subjects[j]["namespace"] = .string(ns)
                }
                r.object["subjects"] = .array(subjects)
            }
            for spec in specs where spec.path != "metadata/namespace" && spec.matches(r) {
                if isRB && spec.path == "subjects" { continue }
                FieldWalk.visit(&r.object, spec.segments[...], create: spec.create, leaf: .string("")) { v in
                    if unsetOnly, let s = v.stringValue, !s.isEmpty { return }
                    if v.objectValue == nil && v.arrayValue == nil { v = .string(ns) }
                }
            }
            resources[i] = r
        }
    }

    static let prefixSkipKinds: Set<String> = ["CustomResourceDefinition", "Namespace"]

    static func addPrefixSuffix(prefix: String, suffix: String, specs: [FieldSpec], in resources: inout [Resource]) {
        for i in resources.indices {
            var r = resources[i]
            if prefixSkipKinds.contains(r.kind) || (r.kind == "APIService" && r.gvk.group == "apiregistration.k8s.io") {
                continue
            }
            var touched = false
            for spec in specs where spec.matches(r) {
                if spec.path == "metadata/name" {
                    if !touched && (!prefix.isEmpty || !suffix.isEmpty) { r.rememberID() }
                    touched = true
                }
                FieldWalk.visit(&r.object, spec.segments[...], create: spec.create, leaf: .string("")) { v in
                    if let s = v.stringValue { v = .string(prefix + s + suffix) }
                }
            }
            if touched {
                // kustomize records both, even the empty one; name references compare the
                // lists by their common ending.
                r.prefixes.append(prefix)
                r.suffixes.append(suffix)
            }
            resources[i] = r
        }
    }

    /// Sets `pairs` in the map at every matching field spec (labels and annotations alike).
    static func addMapEntries(_ pairs: [(String, String)], specs: [FieldSpec], in resources: inout [Resource]) {
        guard !pairs.isEmpty else { return }
        for i in resources.indices {
            var r = resources[i]
            for spec in specs where spec.matches(r) {
                FieldWalk.visit(&r.object, spec.segments[...], create: spec.create, leaf: .object([:])) { v in
                    guard case .object(var o) = v else { return }
                    for (k, val) in pairs { o[k] = .string(val) }
                    v = .object(o)
                }
            }
            resources[i] = r
        }
    }

    // MARK: images

    /// Splits an image reference into its name and the tag/digest suffix (`:tag`,
    /// `@sha256:…`, `:tag@sha256:…`), like kustomize's `image.Split`: a registry host's
    /// port (`localhost:5000/app`) is not a tag.
    static func splitImage(_ image: String) -> (name: String, tag: String) {
        var searchStart = image.startIndex
        if let slash = image.firstIndex(of: "/"), slash > image.startIndex { searchStart = slash }
        let rest = image[searchStart...]
        if let colon = rest.firstIndex(of: ":") ?? rest.firstIndex(of: "@") {
            return (String(image[..<colon]), String(image[colon...]))
        }
        return (image, "")
    }

    static func updateImage(_ value: String, _ spec: JSONValue) -> String? {
        let (name, tag) = splitImage(value)
        guard let want = spec["name"]?.stringValue, want == name else { return nil }
        var newName = name, newTag = tag
        if let n = spec["newName"]?.stringValue, !n.isEmpty { newName = n }
        let t = spec["newTag"].map(Kustomization.scalarString) ?? ""
        let d = spec["digest"]?.stringValue ?? ""
        if !t.isEmpty && !d.isEmpty { newTag = ":" + t + "@" + d }
        else if !t.isEmpty { newTag = ":" + t }
        else if !d.isEmpty { newTag = "@" + d }
        return newName + newTag
    }

    static func setImages(_ images: [JSONValue], specs: [FieldSpec], in resources: inout [Resource]) {
        guard !images.isEmpty else { return }
        for i in resources.indices {
            var r = resources[i]
            r.object = updateContainers(r.object, images)
            for spec in specs where spec.matches(r) {
                let segs = spec.segments
                // The default specs are covered by the container walk above.
                if segs.contains(where: { $0.hasPrefix("containers") || $0.hasPrefix("initContainers") }) { continue }
                FieldWalk.visit(&r.object, segs[...], create: false, leaf: .null) { v in
                    guard let s = v.stringValue else { return }
                    for img in images { if let u = updateImage(s, img) { v = .string(u); break } }
                }
            }
            resources[i] = r
        }
    }

    /// kustomize's legacy image filter: every `containers`/`initContainers` list anywhere.
    static func updateContainers(_ v: JSONValue, _ images: [JSONValue]) -> JSONValue {
        switch v {
        case .object(var o):
            for (k, child) in o {
                if (k == "containers" || k == "initContainers"), case .array(var items) = child {
                    for j in items.indices {
                        if let img = items[j]["image"]?.stringValue {
                            for spec in images { if let u = updateImage(img, spec) { items[j]["image"] = .string(u); break } }
                        }
                    }
                    o[k] = .array(items)
                } else {
                    o[k] = updateContainers(child, images)
                }
            }
            return .object(o)
        case .array(let a): return .array(a.map { updateContainers($0, images) })
        default: return v
        }
    }

    // MARK: replicas

    static func setReplicas(_ replicas: [JSONValue], specs: [FieldSpec], in resources: inout [Resource]) {
        for rep in replicas {
            guard let name = rep["name"]?.stringValue else { continue }
            let count = rep["count"] ?? .int(0)
            for i in resources.indices {
                var r = resources[i]
                guard r.anyIDs.contains(where: { $0.name == name }) else { continue }
                for spec in specs where spec.matches(r) {
                    FieldWalk.visit(&r.object, spec.segments[...], create: spec.create, leaf: .null) { $0 = count }
                }
                resources[i] = r
            }
        }
    }
}
