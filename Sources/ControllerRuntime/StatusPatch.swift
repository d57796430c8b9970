import FerryAPI
import KubernetesClient
import Manifests

/// Writing `status` once per reconcile.
public enum StatusPatch {
    /// The RFC 7386 merge patch that turns `old` into `new`: changed keys carry their new value,
    /// removed keys `null`, arrays are replaced whole. Empty object when nothing changed.
    public static func mergePatch(from old: JSONValue?, to new: JSONValue) -> JSONValue {
        guard let newObject = new.objectValue, let oldObject = old?.objectValue else { return new }
        var patch = JSONObject()
        for (key, value) in newObject {
            guard let before = oldObject[key] else {
                patch[key] = value
                continue
            }
            if before == value { continue }
            if value.objectValue != nil, before.objectValue != nil {
                let nested = mergePatch(from: before, to: value)
                if nested.objectValue?.isEmpty == false { patch[key] = nested }
            } else {
                patch[key] = value
            }
        }
        for key in oldObject.keys where newObject[key] == nil { patch[key] = .null }
        return .object(patch)
    }

    /// `status.lastHandledReconcileAt` as Flux records it: the `requestedAt` annotation the
    /// reconcile saw, so `flux reconcile` knows its request was handled.
    public static func lastHandledReconcileAt(_ object: JSONValue) -> String? {
        object.annotations[EnqueuePolicy.requestedAtAnnotation]
    }
}

extension KubernetesClient {
    /// Patches `object`'s status subresource to `status` with one merge patch holding only the
    /// differences from the status the object carries (removed fields become `null`); does
    /// nothing when there is no difference, so an idle reconcile writes nothing and wakes no
    /// watcher. Returns the object as the server answered, or `object` when nothing was sent.
    @discardableResult
    public func patchStatus(of object: JSONValue, to status: JSONValue) async throws -> JSONValue {
        guard let gvk = object.groupVersionKind, let name = object.metadataName else {
            throw ReconcileError.stalled(reason: ConditionReason.failed, "cannot patch the status of an object without kind or name")
        }
        let diff = StatusPatch.mergePatch(from: object["status"] ?? [:], to: status)
        if diff.objectValue?.isEmpty == true { return object }
        return try await patch(gvk, name: name, namespace: object.metadataNamespace, type: .merge,
                               patch: ["status": diff], subresource: "status")
    }

    /// The alternative Flux uses: server-side apply of the whole `status` under `fieldManager`
    /// (`gotk-kustomize-controller`), forcing ownership. Fields this manager set before and
    /// leaves out now are removed; fields other managers own are kept.
    @discardableResult
    public func applyStatus(of object: JSONValue, to status: JSONValue, fieldManager: String) async throws -> JSONValue {
        guard let apiVersion = object.apiVersion, let kind = object.kind, let name = object.metadataName else {
            throw ReconcileError.stalled(reason: ConditionReason.failed, "cannot apply the status of an object without kind or name")
        }
        var metadata: JSONValue = ["name": .string(name)]
        if let ns = object.metadataNamespace { metadata["namespace"] = .string(ns) }
        return try await apply(["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": metadata, "status": status],
                               fieldManager: fieldManager, force: true, subresource: "status")
    }
}
