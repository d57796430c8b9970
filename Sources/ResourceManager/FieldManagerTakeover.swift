import Manifests

/// A `metadata.managedFields` manager whose fields Flux takes over before applying.
public struct FieldManager: Hashable, Sendable {
    public enum Operation: String, Sendable { case apply = "Apply", update = "Update" }

    /// Matched as a prefix of the entry's manager, as Flux does: `kubectl` also catches
    /// `kubectl-client-side-apply`, `kubectl-edit`, `kubectl-patch`, ….
    public var name: String
    public var operation: Operation

    public init(name: String, operation: Operation) {
        self.name = name
        self.operation = operation
    }
}

/// Flux's "field-manager takeover": the JSON patch that makes a kubectl edit revertible.
///
/// Server-side apply only removes fields its own manager owns. A field someone set with
/// `kubectl edit` or `kubectl apply` belongs to that manager, so re-applying the Git version
/// would not undo it. Before applying, kustomize-controller therefore rewrites managedFields:
/// the entries of the managers below become one `Apply` entry of its own manager, whose field
/// set is the union of theirs (`PatchReplaceFieldsManagers`); and it strips the annotations and
/// labels of kubectl and of Flux v1 (`ApplyCleanupOptions` in kustomize-controller `apply()`).
public enum FieldManagerTakeover {
    /// kustomize-controller's field manager, which Ferry uses too so that a cluster can move
    /// between Flux and Ferry without field-ownership conflicts.
    public static let defaultOwner = "kustomize-controller"

    /// `kubectl` Apply and Update, `before-first-apply` Update, and the owner's own Update
    /// entries from before server-side apply; then Apply and Update for each name in
    /// `overrideManagers` (`--override-manager`).
    public static func managers(owner: String = defaultOwner, overrideManagers: [String] = []) -> [FieldManager] {
        var list: [FieldManager] = [
            FieldManager(name: "kubectl", operation: .apply),
            FieldManager(name: "kubectl", operation: .update),
            FieldManager(name: "before-first-apply", operation: .update),
            FieldManager(name: owner, operation: .update),
        ]
        for name in overrideManagers {
            list.append(FieldManager(name: name, operation: .apply))
            list.append(FieldManager(name: name, operation: .update))
        }
        return list
    }

    /// `kubectl.kubernetes.io/last-applied-configuration` and Flux v1's checksum annotations.
    public static let annotations = [
        "kubectl.kubernetes.io/last-applied-configuration",
        "kustomize.toolkit.fluxcd.io/checksum",
        "fluxcd.io/sync-checksum",
    ]
    /// Flux v1's garbage-collection mark.
    public static let labels = ["fluxcd.io/sync-gc-mark"]

    /// The RFC 6902 patch to send (content type `application/json-patch+json`) before applying
    /// `desired` over `live`, or `nil` when there is nothing to clean up. Objects marked
    /// `ssa: Merge` on either side are left alone, since keeping other managers' fields is
    /// what Merge asks for.
    public static func patch(
        live: JSONValue, desired: JSONValue? = nil,
        owner: String = defaultOwner, managers: [FieldManager]? = nil
    ) -> JSONValue? {
        if FluxAnnotation.matches(live, FluxAnnotation.ssa, "Merge")
            || desired.map({ FluxAnnotation.matches($0, FluxAnnotation.ssa, "Merge") }) == true
        {
            return nil
        }
        var ops: [JSONValue] = []
        for (section, keys) in [("annotations", annotations), ("labels", labels)] {
            for key in keys where live[path: "metadata", section, key] != nil {
                ops.append(["op": "remove", "path": .string("/metadata/\(section)/\(pointerEscape(key))")])
            }
        }
        if let entries = replacedManagedFields(live: live, owner: owner, managers: managers ?? self.managers(owner: owner)) {
            ops.append(["op": "replace", "path": "/metadata/managedFields", "value": .array(entries)])
        }
        return ops.isEmpty ? nil : .array(ops)
    }

    /// The new managedFields list, or `nil` when no entry matches. The owner's existing Apply
    /// entry (or else the first matching entry, renamed) absorbs the field sets of every other
    /// matching entry and moves to the end of the list; entries for subresources are kept.
    static func replacedManagedFields(live: JSONValue, owner: String, managers: [FieldManager]) -> [JSONValue]? {
        let entries = live[path: "metadata", "managedFields"]?.arrayValue ?? []
        var merged: JSONValue? = entries.last {
            $0["manager"]?.stringValue == owner && $0["operation"]?.stringValue == FieldManager.Operation.apply.rawValue
        }
        let previous = merged
        var kept: [JSONValue] = []
        var edited = false
        for entry in entries {
            if let previous, entry == previous { continue }
            let manager = entry["manager"]?.stringValue ?? ""
            let operation = entry["operation"]?.stringValue ?? ""
            let subresource = entry["subresource"]?.stringValue ?? ""
            let matches = subresource.isEmpty && managers.contains {
                manager.hasPrefix($0.name) && operation == $0.operation.rawValue
            }
            guard matches else {
                kept.append(entry)
                continue
            }
            edited = true
            if var target = merged {
                target["fieldsV1"] = union(target["fieldsV1"], entry["fieldsV1"])
                merged = target
            } else {
                var renamed = entry
                renamed["manager"] = .string(owner)
                renamed["operation"] = .string(FieldManager.Operation.apply.rawValue)
                merged = renamed
            }
        }
        guard edited, let merged else { return nil }
        return kept + [merged]
    }

    /// Union of two `FieldsV1` tries (`{"f:spec":{"f:replicas":{}}}`): a deep merge of
    /// objects. Keys keep first-seen order; the API server normalises the order on write.
    static func union(_ a: JSONValue?, _ b: JSONValue?) -> JSONValue? {
        guard let a else { return b }
        guard let b else { return a }
        guard var left = a.objectValue, let right = b.objectValue else { return a }
        for (key, value) in right { left[key] = union(left[key], value) }
        return .object(left)
    }

    /// RFC 6901 escaping of one path segment.
    static func pointerEscape(_ key: String) -> String {
        key.replacingAll("~", with: "~0").replacingAll("/", with: "~1")
    }
}

extension KustomizationOwner {
    /// `SetOwnerLabels`: stamps `kustomize.toolkit.fluxcd.io/name` and `/namespace` on every
    /// object, replacing values already there. Garbage collection deletes only objects still
    /// carrying these labels, so the stamp is what makes an object prunable.
    public func stamp(_ objects: [JSONValue]) -> [JSONValue] {
        objects.map { object in
            var object = object
            for (key, value) in labels { object[path: "metadata", "labels", key] = .string(value) }
            return object
        }
    }
}
