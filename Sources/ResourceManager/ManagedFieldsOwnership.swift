import Manifests

/// Who owns a field of a live object, read from its `metadata.managedFields` (server-side
/// apply's `FieldsV1` sets): the question behind Flux's ignore rules — does a manager other
/// than Flux own this path with an Apply operation (an HPA, a VPA, external-dns)?
///
/// A `FieldsV1` set is a tree: `f:<name>` for a member, `k:{"name":"web"}` for an element of a
/// keyed list, `v:<json>` for an element of a set list, `i:<n>` for a list position, and `.`
/// for the node itself. A pointer's array index is resolved against the live object (element
/// `n` of the live list, then the `k:`/`v:`/`i:` entry naming it).
enum ManagedFieldsOwnership {
    /// The managers owning `pointer` (or part of it, or an atomic ancestor of it) in `live`
    /// through an Apply operation on the main resource (not a subresource such as `status`).
    static func applyOwners(of pointer: JSONPointer, in live: JSONValue) -> Set<String> {
        var owners: Set<String> = []
        for entry in live[path: "metadata", "managedFields"]?.arrayValue ?? [] {
            guard entry["operation"]?.stringValue == FieldManager.Operation.apply.rawValue,
                  (entry["subresource"]?.stringValue ?? "").isEmpty,
                  let manager = entry["manager"]?.stringValue,
                  let fields = entry["fieldsV1"] else { continue }
            if owns(fields, pointer.tokens[...], value: live) { owners.insert(manager) }
        }
        return owners
    }

    /// Walks the field set along the pointer, keeping the live value at the same place to
    /// resolve list indexes.
    static func owns(_ node: JSONValue, _ tokens: ArraySlice<String>, value: JSONValue?) -> Bool {
        guard let token = tokens.first else { return true }  // the path itself, or something under it
        guard let children = node.objectValue else { return false }
        // A leaf (`{}` or only `.`) above the end of the path: an atomic value owned whole.
        if children.keys.allSatisfy({ $0 == "." }) { return true }
        let rest = tokens.dropFirst()
        if let child = children["f:\(token)"], value?.objectValue != nil || value == nil {
            return owns(child, rest, value: value?[token])
        }
        guard let list = value?.arrayValue, let i = JSONPointer.index(token, count: list.count) else { return false }
        let element = list[i]
        for (key, child) in children {
            if key == "i:\(i)" { return owns(child, rest, value: element) }
            if key.hasPrefix("v:"), let v = try? JSONValue(json: String(key.dropFirst(2))),
               Drift.semanticallyEqual(v, element) {
                return owns(child, rest, value: element)
            }
            if key.hasPrefix("k:"), let k = try? JSONValue(json: String(key.dropFirst(2))), let fields = k.objectValue,
               !fields.isEmpty, fields.allSatisfy({ Drift.semanticallyEqual($0.value, element[$0.key]) }) {
                return owns(child, rest, value: element)
            }
        }
        return false
    }
}
