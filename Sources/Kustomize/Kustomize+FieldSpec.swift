import Manifests

/// Where a transformer writes: a gvk selector and a slash-separated path (kustomize's `FieldSpec`).
struct FieldSpec: Hashable, Sendable {
    var gvk: GVK
    var path: String
    var create: Bool

    init(gvk: GVK = GVK(group: "", version: "", kind: ""), path: String, create: Bool = false) {
        self.gvk = gvk; self.path = path; self.create = create
    }

    init(_ v: JSONValue) {
        gvk = GVK(group: v["group"]?.stringValue ?? "", version: v["version"]?.stringValue ?? "",
                  kind: v["kind"]?.stringValue ?? "")
        path = v["path"]?.stringValue ?? ""
        create = v["create"]?.boolValue ?? false
    }

    /// Path segments; `\/` escapes a slash inside a key and a trailing `[]` only marks a list.
    var segments: [String] { FieldSpec.split(path) }

    static func split(_ path: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var escape = false
        for c in path {
            if escape { cur.append(c); escape = false; continue }
            if c == "\\" { escape = true; continue }
            if c == "/" { out.append(cur); cur = ""; continue }
            cur.append(c)
        }
        out.append(cur)
        return out.filter { !$0.isEmpty }
    }

    func matches(_ r: Resource) -> Bool { r.gvk.isSelected(by: gvk) }
}

enum FieldWalk {
    /// Visits the node(s) at `path` in `value`, descending through lists element by element.
    /// Missing (or null) maps along the way are created when `create` is set, and a missing
    /// leaf is created as `leaf`; otherwise a missing path is silently skipped.
    static func visit(_ value: inout JSONValue, _ path: ArraySlice<String>, create: Bool, leaf: JSONValue,
                      _ body: (inout JSONValue) throws -> Void) rethrows {
        guard let rawKey = path.first else { try body(&value); return }
        if case .array(var items) = value {
            for i in items.indices { try visit(&items[i], path, create: create, leaf: leaf, body) }
            value = .array(items)
            return
        }
        guard case .object(var o) = value else { return }
        let rest = path.dropFirst()
        // `name[]` marks a list: it is traversed but never created.
        let isList = rawKey.hasSuffix("[]")
        let key = isList ? String(rawKey.dropLast(2)) : rawKey
        var child: JSONValue
        if let existing = o[key], existing != .null {
            child = existing
        } else {
            guard create, !isList else { return }
            child = rest.isEmpty ? leaf : .object([:])
        }
        value = .null
        try visit(&child, rest, create: create, leaf: leaf, body)
        o[key] = child
        value = .object(o)
    }

    /// Reads every value at `path` (lists traversed).
    static func values(_ value: JSONValue, _ path: ArraySlice<String>) -> [JSONValue] {
        guard var key = path.first else { return [value] }
        if case .array(let items) = value { return items.flatMap { values($0, path) } }
        if key.hasSuffix("[]") { key.removeLast(2) }
        guard let child = value[key] else { return [] }
        return values(child, path.dropFirst())
    }
}

/// The field specs every builtin transformer uses, extendable by `configurations` and `crds`.
struct TransformerConfig: Sendable {
    struct NameReference: Sendable, Hashable {
        var gvk: GVK
        var specs: [FieldSpec]
    }
    var namePrefix: [FieldSpec] = []
    var nameSuffix: [FieldSpec] = []
    var namespace: [FieldSpec] = []
    var commonLabels: [FieldSpec] = []
    /// Extra places for the `labels` field's pairs (configurations' `labels:`), used whatever
    /// `includeSelectors`/`includeTemplates` say.
    var labels: [FieldSpec] = []
    var templateLabels: [FieldSpec] = []
    var commonAnnotations: [FieldSpec] = []
    var images: [FieldSpec] = []
    var replicas: [FieldSpec] = []
    var varReference: [FieldSpec] = []
    var nameReference: [NameReference] = []

    /// kustomize's `FsSlice.MergeAll`: an incoming spec is dropped when one already present
    /// has the same path and a gvk the incoming one selects ("effectively equal"). So a
    /// custom `Foo`-only `metadata/name` spec merged *before* the defaults displaces the
    /// default all-kinds spec, while merged after it merely adds to it.
    static func appendUnique(_ a: inout [FieldSpec], _ b: [FieldSpec]) {
        for s in b where !a.contains(where: { $0.path == s.path && $0.gvk.isSelected(by: s.gvk) }) { a.append(s) }
    }

    mutating func merge(_ o: TransformerConfig) throws {
        TransformerConfig.appendUnique(&namePrefix, o.namePrefix)
        TransformerConfig.appendUnique(&nameSuffix, o.nameSuffix)
        TransformerConfig.appendUnique(&namespace, o.namespace)
        TransformerConfig.appendUnique(&commonLabels, o.commonLabels)
        TransformerConfig.appendUnique(&labels, o.labels)
        TransformerConfig.appendUnique(&templateLabels, o.templateLabels)
        TransformerConfig.appendUnique(&commonAnnotations, o.commonAnnotations)
        TransformerConfig.appendUnique(&images, o.images)
        TransformerConfig.appendUnique(&replicas, o.replicas)
        TransformerConfig.appendUnique(&varReference, o.varReference)
        for ref in o.nameReference {
            if let i = nameReference.firstIndex(where: { $0.gvk == ref.gvk }) {
                TransformerConfig.appendUnique(&nameReference[i].specs, ref.specs)
            } else {
                nameReference.append(ref)
            }
        }
    }

    static func parse(_ text: String, file: String) throws -> TransformerConfig {
        var c = TransformerConfig()
        guard let doc = try KYAML.documents(text, source: file).first, case .object(let o) = doc else { return c }
        func specs(_ key: String) -> [FieldSpec] { (o[key]?.arrayValue ?? []).map(FieldSpec.init) }
        c.namePrefix = specs("namePrefix")
        c.nameSuffix = specs("nameSuffix")
        c.namespace = specs("namespace")
        c.commonLabels = specs("commonLabels")
        c.labels = specs("labels")
        c.templateLabels = specs("templateLabels")
        c.commonAnnotations = specs("commonAnnotations")
        c.images = specs("images")
        c.replicas = specs("replicas")
        c.varReference = specs("varReference")
        for ref in o["nameReference"]?.arrayValue ?? [] {
            let gvk = GVK(group: ref["group"]?.stringValue ?? "", version: ref["version"]?.stringValue ?? "",
                          kind: ref["kind"]?.stringValue ?? "")
            c.nameReference.append(NameReference(gvk: gvk, specs: (ref["fieldSpecs"]?.arrayValue ?? []).map(FieldSpec.init)))
        }
        return c
    }

    /// `crds`: OpenAPI definitions of custom types (a map of `Go type name → {Schema, …}`).
    /// Properties marked `x-kubernetes-object-ref-kind`/`-api-version` become name references,
    /// `x-kubernetes-annotation` annotation specs and `x-kubernetes-label-selector` label specs,
    /// following `$ref`s the way kustomize's `LoadConfigFromCRDs` does.
    mutating func mergeCRDs(_ text: String, file: String) throws {
        guard let doc = try KYAML.documents(text, source: file).first, case .object(let defs) = doc else { return }
        var added = TransformerConfig()
        func walk(_ typeName: String, kind: String, path: [String], seen: Set<String>) {
            guard !seen.contains(typeName), let props = defs[typeName]?["Schema"]?["properties"]?.objectValue else { return }
            for (prop, p) in props {
                let here = path + [prop]
                let gvk = GVK(group: "", version: "", kind: kind)
                if p["x-kubernetes-annotation"] != nil {
                    added.commonAnnotations.append(FieldSpec(gvk: gvk, path: here.joined(separator: "/"), create: false))
                }
                if p["x-kubernetes-label-selector"] != nil {
                    added.commonLabels.append(FieldSpec(gvk: gvk, path: here.joined(separator: "/"), create: false))
                }
                if let version = p["x-kubernetes-object-ref-api-version"]?.stringValue,
                   let refKind = p["x-kubernetes-object-ref-kind"]?.stringValue {
                    let nameKey = p["x-kubernetes-object-ref-name-key"]?.stringValue ?? "name"
                    let spec = FieldSpec(gvk: gvk, path: (here + [nameKey]).joined(separator: "/"), create: false)
                    added.nameReference.append(NameReference(gvk: GVK(group: "", version: version, kind: refKind), specs: [spec]))
                }
                if let ref = p["$ref"]?.stringValue {
                    walk(ref, kind: kind, path: here, seen: seen.union([typeName]))
                }
            }
        }
        for (name, def) in defs where def["Schema"]?["properties"]?["kind"] != nil {
            let kind = String(name.split(separator: ".").last ?? "")
            walk(name, kind: kind, path: [], seen: [])
        }
        try merge(added)
    }
}
