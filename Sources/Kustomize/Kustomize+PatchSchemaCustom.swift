import Manifests

extension PatchSchema {
    /// The schema in use with `openapi: {path: …}`: the document's kinds alone, over the
    /// builtin definitions with the document's laid over them by name.
    ///
    /// That is what `kubectl kustomize` does (kyaml keeps the builtin definitions for `$ref`s
    /// but indexes only the custom document's kinds): a builtin kind the document does not
    /// define is unknown for the whole build, so a Deployment's containers are replaced, not
    /// merged; a custom kind may `$ref` `io.k8s.api.core.v1.PodTemplateSpec` without defining
    /// it and merges its containers by name; a document that redefines
    /// `io.k8s.api.core.v1.PodSpec` with only `containers` makes `volumes` atomic.
    /// Every `x-kubernetes-group-version-kind` entry registers a kind. (`crds:` files do not
    /// reach this schema: kustomize reads them only for transformer configuration, and
    /// `kubectl kustomize` replaces a custom resource's lists whatever merge keys they declare.)
    static func custom(_ doc: JSONValue) -> PatchSchema {
        var s = PatchSchema(definitions: PatchSchema.builtin.definitions)
        s.add(doc)
        return s
    }

    mutating func add(_ doc: JSONValue) {
        for (name, def) in doc["definitions"]?.objectValue ?? [:] {
            for g in def["x-kubernetes-group-version-kind"]?.arrayValue ?? [] {
                kinds[GVK(group: g["group"]?.stringValue ?? "", version: g["version"]?.stringValue ?? "",
                          kind: g["kind"]?.stringValue ?? "")] = name
            }
            addDefinition(name, def)
        }
    }

    /// Compiles one schema object into `definitions[name]`; inline object properties become
    /// definitions of their own, named `parent/field`.
    private mutating func addDefinition(_ name: String, _ schema: JSONValue) {
        var d = Definition()
        for (field, prop) in schema["properties"]?.objectValue ?? [:] {
            var f = Field(type: type(of: prop, inlineName: name + "/" + field))
            if let st = prop["x-kubernetes-patch-strategy"]?.stringValue, f.type != .opaque {
                f.strategy = st.split(separator: ",").map(String.init)
                if let keys = prop["x-kubernetes-list-map-keys"]?.arrayValue {
                    f.keys = keys.compactMap(\.stringValue)
                } else if let key = prop["x-kubernetes-patch-merge-key"]?.stringValue {
                    f.keys = [key]
                }
            }
            d.fields[field] = f
        }
        if let ap = schema["additionalProperties"], case .object = ap {
            d.additional = type(of: ap, inlineName: name + "/*")
        }
        definitions[name] = d
    }

    private mutating func type(of schema: JSONValue, inlineName: String) -> FieldType {
        let prefix = "#/definitions/"
        if let ref = schema["$ref"]?.stringValue {
            return ref.hasPrefix(prefix) ? .object(String(ref.dropFirst(prefix.count))) : .opaque
        }
        if schema["type"]?.stringValue == "array", let items = schema["items"] {
            return .list(type(of: items, inlineName: inlineName + "[]"))
        }
        if schema["properties"]?.objectValue != nil {
            addDefinition(inlineName, schema)
            return .object(inlineName)
        }
        if let ap = schema["additionalProperties"], case .object = ap {
            return .map(type(of: ap, inlineName: inlineName + "/*"))
        }
        return .opaque
    }
}
