import Foundation
import Manifests

/// `patches`, `patchesStrategicMerge`, `patchesJson6902` and their plugin forms: choosing
/// targets and dispatching to strategic merge or JSON 6902.
enum Patches {
    static func applyPatchEntry(_ p: JSONValue, loader: Loader, kfile: String, field: String, schema: PatchSchema,
                                to resources: inout [Resource]) throws {
        var text: String
        var source = kfile
        if let path = p["path"]?.stringValue, !path.isEmpty {
            text = try loader.read(path, kfile: kfile, field: field)
            source = loader.absolute(path)
        } else if let inline = p["patch"]?.stringValue {
            text = inline
        } else if let ops = p["jsonOp"]?.stringValue {
            text = ops
        } else {
            throw KustomizeError.invalidField(file: kfile, field: field, reason: "a patch needs 'path' or 'patch'")
        }
        if p["path"]?.stringValue != nil, p["patch"]?.stringValue != nil {
            throw KustomizeError.invalidField(file: kfile, field: field, reason: "a patch may not have both 'path' and 'patch'")
        }
        let target = p["target"]
        // A `patches` document is read as a patch, not loaded as a resource: `null` among its
        // annotations deletes the annotation (kustomize re-sets annotations as strings only
        // on resources and `patchesStrategicMerge` documents).
        let docs = try KYAML.documents(text, source: source, annotationNulls: true).filter { $0 != .null }
        let isJSON6902 = field == "patchesJson6902" || docs.first?.arrayValue != nil
        if isJSON6902 {
            guard let target, target != .null else {
                throw KustomizeError.invalidField(file: kfile, field: field, reason: "unable to apply a JSON 6902 patch without a target")
            }
            let ops = docs.first?.arrayValue ?? []
            let selected = try select(target, in: resources, kfile: kfile, field: field)
            for i in selected {
                do {
                    let old = resources[i].id
                    resources[i].object = try JSONPatch.apply(ops, to: resources[i].object)
                    if resources[i].id != old { resources[i].history.append(old) }
                } catch let e as JSONPatch.Failure {
                    throw KustomizeError.invalidField(file: kfile, field: field, reason: e.reason)
                }
            }
            return
        }
        try applySMPDocs(docs, target: target, source: source, kfile: kfile, field: field,
                         options: p["options"] ?? .null, schema: schema, to: &resources)
    }

    static func applySMPText(_ text: String, target: JSONValue?, source: String, kfile: String, field: String,
                             schema: PatchSchema, to resources: inout [Resource]) throws {
        // kustomize loads `patchesStrategicMerge` documents as resources, which re-sets their
        // labels and annotations as string maps: there `null` is the text "null", not a deletion.
        let docs = try KYAML.documents(text, source: source).filter { $0 != .null }.map(stringLabels)
        try applySMPDocs(docs, target: target, source: source, kfile: kfile, field: field, options: .null,
                         schema: schema, to: &resources)
    }

    /// `metadata.labels` with every scalar as its string (`5` → "5", `null` → "null").
    static func stringLabels(_ doc: JSONValue) -> JSONValue {
        guard case .object(var labels) = doc[path: "metadata", "labels"] ?? .null else { return doc }
        for (k, v) in labels {
            switch v {
            case .string, .object, .array: continue
            case .null: labels[k] = .string("null")
            default: labels[k] = .string(Kustomization.scalarString(v))
            }
        }
        var doc = doc
        doc[path: "metadata", "labels"] = .object(labels)
        return doc
    }

    static func applySMPDocs(_ docs: [JSONValue], target: JSONValue?, source: String, kfile: String, field: String,
                             options: JSONValue, schema: PatchSchema, to resources: inout [Resource]) throws {
        for patch in docs {
            if let arr = patch.arrayValue {
                _ = arr
                throw KustomizeError.invalidField(file: kfile, field: field, reason: "\(source): a JSON 6902 patch needs a target")
            }
            var indices: [Int]
            if let target, target != .null {
                indices = try select(target, in: resources, kfile: kfile, field: field)
            } else {
                let pr = Resource(object: patch)
                indices = resources.indices.filter { i in
                    resources[i].anyIDs.contains { id in
                        id.gvk.kind == pr.kind && (pr.apiVersion.isEmpty || id.gvk.group == pr.gvk.group)
                            && id.name == pr.name
                            && (id.effectiveNamespace == pr.id.effectiveNamespace || pr.namespace.isEmpty && id.namespace.isEmpty)
                    }
                }
                if indices.isEmpty {
                    throw KustomizeError.patchTargetMissing(file: kfile, field: field,
                                                            reason: "no resource matches strategic merge patch \"\(pr.id)\" in \(source)")
                }
                if indices.count > 1 {
                    throw KustomizeError.patchTargetMissing(file: kfile, field: field,
                                                            reason: "multiple resources match strategic merge patch \"\(pr.id)\"")
                }
            }
            var deleted: [Int] = []
            for i in indices {
                var p = patch
                let r = resources[i]
                if target != nil && target != .null {
                    // The patch's own identity is ignored when a target selects what to patch.
                    if options["allowNameChange"]?.boolValue != true {
                        p[path: "metadata", "name"] = r.object[path: "metadata", "name"]
                    }
                    if let ns = r.object[path: "metadata", "namespace"] { p[path: "metadata", "namespace"] = ns }
                    if options["allowKindChange"]?.boolValue != true {
                        p["kind"] = r.object["kind"]; p["apiVersion"] = r.object["apiVersion"]
                    }
                } else {
                    p["kind"] = r.object["kind"]; p["apiVersion"] = r.object["apiVersion"]
                    p[path: "metadata", "name"] = r.object[path: "metadata", "name"]
                    if let ns = r.object[path: "metadata", "namespace"] { p[path: "metadata", "namespace"] = ns }
                    else { p[path: "metadata", "namespace"] = nil }
                }
                if p.objectValue?.isEmpty == false, var meta = p["metadata"]?.objectValue, meta.isEmpty { meta = [:]; p["metadata"] = .object(meta) }
                let result: JSONValue?
                do {
                    result = try StrategicMerge.merge(r.object, p, schema: schema)
                } catch let e as StrategicMerge.KindMismatch {
                    throw KustomizeError.invalidField(file: kfile, field: field,
                                                      reason: "wrong node kind at \(e.path.joined(separator: ".")) of \(r.id): expected \(e.expected) but got \(e.got)")
                }
                guard let merged = result else { deleted.append(i); continue }
                let old = r.id
                resources[i].object = merged
                if resources[i].id != old { resources[i].history.append(old) }
            }
            for i in deleted.reversed() { resources.remove(at: i) }
        }
    }

    /// Resources selected by a patch/replacement target (regexes on names, label selectors).
    static func select(_ target: JSONValue, in resources: [Resource], kfile: String, field: String,
                       anyID: Bool = false) throws -> [Int] {
        // RE2 semantics in linear time (kustomize compiles these with Go's regexp); see RE2Pattern.
        func regex(_ key: String) throws -> RE2Pattern? {
            guard let s = target[key].map(Kustomization.scalarString), !s.isEmpty else { return nil }
            do {
                return try RE2Pattern(s)
            } catch {
                throw KustomizeError.invalidField(file: kfile, field: "\(field).target.\(key)", reason: error.description)
            }
        }
        func matches(_ re: RE2Pattern?, _ s: String) -> Bool {
            re?.matches(s) ?? true
        }
        let group = try regex("group"), version = try regex("version"), kind = try regex("kind")
        let name = try regex("name"), namespace = try regex("namespace")
        // kustomize reads both with apimachinery's `labels.Parse`, so both refuse what it refuses.
        func selector(_ key: String) throws -> LabelSelector? {
            guard let s = target[key]?.stringValue else { return nil }
            do {
                return try LabelSelector(s)
            } catch {
                throw KustomizeError.invalidField(file: kfile, field: "\(field).target.\(key)", reason: error.description)
            }
        }
        func strings(_ object: JSONObject) -> [String: String] {
            Dictionary(uniqueKeysWithValues: object.map { ($0.key, Kustomization.scalarString($0.value)) })
        }
        let labelSel = try selector("labelSelector"), annSel = try selector("annotationSelector")
        return resources.indices.filter { i in
            let r = resources[i]
            let org = r.originalID, cur = r.id
            // Like kustomize's `Select`: original or current name/namespace may match.
            guard matches(namespace, org.effectiveNamespace) || matches(namespace, cur.effectiveNamespace)
                    || matches(namespace, org.namespace) || matches(namespace, cur.namespace) else { return false }
            guard matches(name, org.name) || matches(name, cur.name)
                    || (anyID && r.history.contains { matches(name, $0.name) }) else { return false }
            guard matches(group, r.gvk.group), matches(version, r.gvk.version), matches(kind, r.gvk.kind) else { return false }
            if let labelSel, !labelSel.matches(strings(r.labels)) { return false }
            if let annSel, !annSel.matches(strings(r.annotations)) { return false }
            return true
        }
    }
}
