import Manifests

/// Strategic merge patch as kustomize applies it (kyaml `merge2` walking the Kubernetes schema
/// from the resource's kind, `PatchSchema`): maps merge recursively, `null` deletes, lists
/// whose schema says `merge` merge by their merge keys, every other list is replaced. Only the `$patch`
/// directive (delete/replace) is understood; kyaml copies other `$…` keys such as
/// `$setElementOrder/…` or `$retainKeys` into the result like ordinary fields.
enum StrategicMerge {
    /// The merged object, or `nil` when the patch deletes it (`$patch: delete`).
    /// A field whose original and patch values are of different node kinds (kyaml's
    /// "wrong node kind" error), with the field's path.
    struct KindMismatch: Error { var path: [String]; var expected: String; var got: String }

    static func merge(_ base: JSONValue, _ patch: JSONValue, schema: PatchSchema = .builtin) throws -> JSONValue? {
        guard case .object(let b) = base, case .object(let p) = patch else { return clean(patch) }
        return try Merger(schema: schema).mergeMap(b, p, path: [], type: nil).map(JSONValue.object)
    }

    static func nodeKind(_ v: JSONValue) -> String {
        switch v {
        case .object: return "MappingNode"
        case .array: return "SequenceNode"
        default: return "ScalarNode"
        }
    }

    /// A strategic merge of one object, walking `schema` alongside the values.
    struct Merger {
        var schema: PatchSchema

    /// `type` is the schema's type for this map; without one, the map's own `apiVersion`/`kind`
    /// (the original's first, then the patch's) may name a root, as in kyaml's `GetSchema`.
    func mergeMap(_ base: JSONObject, _ patch: JSONObject, path: [String], type: PatchSchema.FieldType?) throws -> JSONObject? {
        switch patch["$patch"]?.stringValue {
        case "delete": return nil
        case "replace": return clean(.object(patch))?.objectValue ?? [:]
        default: break
        }
        let type = type ?? schema.root(of: .object(base)) ?? schema.root(of: .object(patch))
        var result = base
        for (k, pv) in patch {
            if k == "$patch" { continue }
            if pv == .null { result.removeValue(forKey: k); continue }
            let childPath = path + [k]
            let field = type.flatMap { schema.field(k, of: $0) }
            if let bv = result[k], bv != .null {
                switch (bv, pv) {
                case (.object(let bo), .object(let po)):
                    if let m = try mergeMap(bo, po, path: childPath, type: field?.type) { result[k] = .object(m) } else { result.removeValue(forKey: k) }
                case (.array(let ba), .array(let pa)):
                    result[k] = .array(try mergeList(ba, pa, path: childPath, field: field))
                default:
                    if case .object(let po) = pv, po["$patch"]?.stringValue == "delete" { result.removeValue(forKey: k); continue }
                    let (bk, pk) = (StrategicMerge.nodeKind(bv), StrategicMerge.nodeKind(pv))
                    if bk != pk { throw KindMismatch(path: childPath, expected: bk, got: pk) }
                    if let c = added(pv, field: field) { result[k] = c }
                }
            } else {
                if case .object(let po) = pv, po["$patch"]?.stringValue == "delete" { continue }
                if let c = added(pv, field: field) { result[k] = c }
            }
        }
        return result
    }

    /// A list with a `merge` strategy merges by its merge keys (primitive lists: union, patch
    /// values first); any other list is replaced.
    func mergeList(_ base: [JSONValue], _ patch: [JSONValue], path: [String], field: PatchSchema.Field?) throws -> [JSONValue] {
        let clean = StrategicMerge.clean
        if patch.contains(where: { $0["$patch"]?.stringValue == "replace" }) {
            return patch.filter { $0["$patch"]?.stringValue != "replace" }.compactMap(clean)
        }
        guard let field, field.merges else { return patch.compactMap(clean) }
        guard !field.keys.isEmpty else {
            var out = patch.filter { $0 != .null }
            for v in base where !out.contains(v) { out.append(v) }
            return out
        }
        let elementType = field.elementType
        let keys = field.keys
        func present(_ e: JSONValue) -> [String] { keys.filter { e[$0] != nil } }
        // kyaml keys each element by the merge keys it has (`validateKeys`). When some element,
        // original or patch, has more than one (a port with its protocol, a spread constraint
        // with `whenUnsatisfiable`), matched elements are merged in place and new ones go first;
        // otherwise, as apimachinery does, patch elements come first (merged with their
        // original counterpart), then the original elements the patch did not mention.
        let inPlace = keys.count > 1 && (base + patch).contains { present($0).count > 1 }
        var remaining = base
        var front: [JSONValue] = []
        for pe in patch {
            guard case .object(let po) = pe else {
                if !front.contains(pe) { front.append(pe) }
                remaining.removeAll { $0 == pe }
                continue
            }
            let have = present(pe)
            let idx = have.isEmpty ? nil : remaining.firstIndex { e in
                present(e) == have && have.allSatisfy { e[$0] == po[$0] }
            }
            // An entry that names fewer or more keys than its original counterpart (a port
            // without a protocol over one with, or the reverse) cannot be compared: kyaml
            // silently drops it.
            if idx == nil, !have.isEmpty, remaining.contains(where: { e in
                let common = have.filter { e[$0] != nil }
                return !common.isEmpty && present(e) != have && common.allSatisfy { e[$0] == po[$0] }
            }) {
                continue
            }
            if po["$patch"]?.stringValue == "delete" {
                if let idx { remaining.remove(at: idx) }
                continue
            }
            if let idx, case .object(let bo) = remaining[idx] {
                let m = try mergeMap(bo, po, path: path, type: elementType)
                if inPlace, let m {
                    remaining[idx] = .object(m)
                } else {
                    remaining.remove(at: idx)
                    if let m { front.append(.object(m)) }
                }
            } else if let c = added(pe, type: elementType) {
                front.append(c)
            }
        }
        return front + remaining
    }

    /// A value the patch adds where the original has none. kyaml merges it into an empty
    /// node, so it walks it like any patch: a `null` in a map deletes that key (a map left
    /// with nothing stays, as `{}`), and the elements of a merging list are walked the same
    /// way; a list that is replaced is copied as written, `null`s and all.
    func added(_ v: JSONValue, field: PatchSchema.Field?) -> JSONValue? {
        guard case .array(let a) = v else { return added(v, type: field?.type) }
        guard let field, field.merges else { return StrategicMerge.clean(v) }
        return .array(a.compactMap { e -> JSONValue? in
            if case .object(let o) = e, o["$patch"] != nil, o.count == 1 { return nil }
            return e == .null ? nil : added(e, type: field.elementType)
        })
    }

    func added(_ v: JSONValue, type: PatchSchema.FieldType?) -> JSONValue? {
        guard case .object(let o) = v else { return StrategicMerge.clean(v) }
        if o["$patch"]?.stringValue == "delete" { return nil }
        var out = JSONObject()
        for (k, c) in o where k != "$patch" && c != .null {
            if let cc = added(c, field: type.flatMap { schema.field(k, of: $0) }) { out[k] = cc }
        }
        return .object(out)
    }
    }

    static func clean(_ v: JSONValue) -> JSONValue? { cleanValue(v) }

    /// A patch value with its directives removed (what lands in the output).
    static func cleanValue(_ v: JSONValue) -> JSONValue? {
        switch v {
        case .object(let o):
            if o["$patch"]?.stringValue == "delete" { return nil }
            var out = JSONObject()
            for (k, c) in o where k != "$patch" {
                if let cc = clean(c) { out[k] = cc }
            }
            return .object(out)
        case .array(let a):
            return .array(a.compactMap { e -> JSONValue? in
                if case .object(let o) = e, o["$patch"] != nil, o.count == 1 { return nil }
                return clean(e)
            })
        default: return v
        }
    }
}
