import Manifests

/// `replacements`: copy one field of a source resource into fields of target resources.
enum Replacements {
    static func apply(_ list: [JSONValue], loader: Loader, kfile: String, to resources: inout [Resource]) throws {
        var all: [JSONValue] = []
        for entry in list {
            if let path = entry["path"]?.stringValue {
                let text = try loader.read(path, kfile: kfile, field: "replacements")
                for doc in try KYAML.documents(text, source: loader.absolute(path)) {
                    if case .array(let items) = doc { all += items } else if doc != .null { all.append(doc) }
                }
            } else {
                all.append(entry)
            }
        }
        for r in all { try applyOne(r, kfile: kfile, to: &resources) }
    }

    static func applyOne(_ rep: JSONValue, kfile: String, to resources: inout [Resource]) throws {
        guard let source = rep["source"] else {
            throw KustomizeError.invalidField(file: kfile, field: "replacements", reason: "replacement needs a source")
        }
        let sources = try Patches.select(source, in: resources, kfile: kfile, field: "replacements")
        guard sources.count == 1 else {
            throw KustomizeError.invalidField(file: kfile, field: "replacements",
                                              reason: sources.isEmpty ? "nothing selected by replacement source" : "multiple matches for replacement source selector")
        }
        let fieldPath = source["fieldPath"]?.stringValue ?? "metadata.name"
        let found = FieldPath.get(resources[sources[0]].object, FieldPath.parse(fieldPath)[...])
        // A value cut out of a string by `delimiter` becomes a fresh plain scalar, so where
        // it creates a field it is typed like YAML (`5432` is a number).
        var splitSource = false
        guard var value = found.first else {
            throw KustomizeError.invalidField(file: kfile, field: "replacements",
                                              reason: "fieldPath `\(fieldPath)` is missing for replacement source \(resources[sources[0]].id)")
        }
        if let opts = source["options"], let delim = opts["delimiter"]?.stringValue, !delim.isEmpty {
            let parts = Kustomization.scalarString(value).components(separatedBy: delim)
            let idx = opts["index"]?.intValue ?? 0
            guard parts.indices.contains(idx) else {
                throw KustomizeError.invalidField(file: kfile, field: "replacements", reason: "options.index \(idx) is out of bounds")
            }
            value = .string(parts[idx])
            splitSource = true
        }
        for target in rep["targets"]?.arrayValue ?? [] {
            guard let select = target["select"] else {
                throw KustomizeError.invalidField(file: kfile, field: "replacements", reason: "target needs select")
            }
            var chosen = try Patches.select(select, in: resources, kfile: kfile, field: "replacements", anyID: true)
            for reject in target["reject"]?.arrayValue ?? [] {
                let rejected = Set(try Patches.select(reject, in: resources, kfile: kfile, field: "replacements", anyID: true))
                chosen.removeAll { rejected.contains($0) }
            }
            let opts = target["options"] ?? .null
            let create = opts["create"]?.boolValue ?? false
            for i in chosen {
                for fp in target["fieldPaths"]?.arrayValue ?? [] {
                    guard let path = fp.stringValue else { continue }
                    var obj = resources[i].object
                    let n = try FieldPath.set(&obj, FieldPath.parse(path)[...], create: create) { old in
                        if old == nil, splitSource, case .string(let s) = value { return KYAML.resolvePlainV3(s) }
                        return try replaced(old, with: value, options: opts, kfile: kfile)
                    }
                    if n == 0 && !create {
                        throw KustomizeError.invalidField(file: kfile, field: "replacements",
                                                          reason: "unable to find field \"\(path)\" in replacement target \(resources[i].id)")
                    }
                    let old = resources[i].id
                    resources[i].object = obj
                    if resources[i].id != old { resources[i].history.append(old) }
                }
            }
        }
    }

    static func replaced(_ old: JSONValue?, with value: JSONValue, options: JSONValue, kfile: String) throws -> JSONValue {
        guard let delim = options["delimiter"]?.stringValue, !delim.isEmpty else {
            // kyaml replaces only the scalar's text, so an existing string field stays a string.
            if case .string = old ?? .null, value.objectValue == nil, value.arrayValue == nil {
                return .string(Kustomization.scalarString(value))
            }
            return value
        }
        var parts = (old.map(Kustomization.scalarString) ?? "").components(separatedBy: delim)
        let idx = options["index"]?.intValue ?? 0
        let s = Kustomization.scalarString(value)
        if idx < 0 { parts.insert(s, at: 0) }
        else if idx >= parts.count { parts.append(s) }
        else { parts[idx] = s }
        return .string(parts.joined(separator: delim))
    }
}
