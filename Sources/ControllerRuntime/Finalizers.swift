import FerryAPI
import KubernetesClient
import Manifests

/// Adding and removing one finalizer without clobbering anyone else's.
///
/// A merge patch of `metadata.finalizers` replaces the whole list, so two writers racing would
/// drop each other's entries. Instead each write is a JSON patch that first `test`s the
/// resourceVersion it was computed from: if someone wrote in between, the server rejects it and
/// we re-read and recompute.
public enum Finalizers {
    /// Flux's finalizer.
    public static let flux = "finalizers.fluxcd.io"

    public static func has(_ finalizer: String, in object: JSONValue) -> Bool {
        list(of: object).contains(finalizer)
    }

    public static func list(of object: JSONValue) -> [String] {
        (object[path: "metadata", "finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// The JSON patch that changes the finalizers of `object` (at its resourceVersion) to `new`.
    public static func patch(for object: JSONValue, setting new: [String]) -> JSONValue {
        var ops: [JSONValue] = []
        if let rv = object.resourceVersion {
            ops.append(["op": "test", "path": "/metadata/resourceVersion", "value": .string(rv)])
        }
        let value = JSONValue.array(new.map { .string($0) })
        ops.append(["op": object[path: "metadata", "finalizers"] == nil ? "add" : "replace",
                    "path": "/metadata/finalizers", "value": value])
        return .array(ops)
    }
}

extension KubernetesClient {
    /// Ensures `finalizer` is on the object; returns the object as now stored.
    @discardableResult
    public func addFinalizer(_ finalizer: String, to object: JSONValue) async throws -> JSONValue {
        // A copy that has it is trusted (only its owner removes a finalizer): no extra read per reconcile.
        try await editFinalizers(object, confirmNoChange: false) { list in
            if list.contains(finalizer) { return nil }
            return list + [finalizer]
        }
    }

    /// Ensures `finalizer` is off the object; returns the object as now stored, or `nil` if the
    /// server deleted it once its last finalizer went.
    @discardableResult
    public func removeFinalizer(_ finalizer: String, from object: JSONValue) async throws -> JSONValue? {
        do {
            // A copy without it may be stale (someone just added it): confirm on a fresh read.
            return try await editFinalizers(object, confirmNoChange: true) { list in
                list.contains(finalizer) ? list.filter { $0 != finalizer } : nil
            }
        } catch let error as APIError where error.isNotFound {
            return nil
        }
    }

    /// Applies `change` (nil: nothing to do) to the current list, retrying on concurrent edits.
    private func editFinalizers(_ object: JSONValue, confirmNoChange: Bool, attempts: Int = 8,
                                _ change: ([String]) -> [String]?) async throws -> JSONValue {
        guard let gvk = object.groupVersionKind, let name = object.metadataName else {
            throw ReconcileError.stalled(reason: ConditionReason.failed, "cannot edit finalizers of an object without kind or name")
        }
        var current = object
        var fresh = !confirmNoChange
        for attempt in 1...attempts {
            guard let wanted = change(Finalizers.list(of: current)) else {
                if fresh { return current }
                current = try await get(gvk, name: name, namespace: object.metadataNamespace)
                fresh = true
                continue
            }
            do {
                return try await patch(gvk, name: name, namespace: object.metadataNamespace, type: .json,
                                       patch: Finalizers.patch(for: current, setting: wanted))
            } catch let error as APIError where (error.isConflict || error.isInvalid) && attempt < attempts {
                // A failed `test` op (422) means someone wrote in between: re-read and recompute.
                // A 422 at an unchanged resourceVersion is a real rejection (say, an invalid
                // finalizer name) and is thrown.
                let latest = try await get(gvk, name: name, namespace: object.metadataNamespace)
                if error.isInvalid, latest.resourceVersion == current.resourceVersion { throw error }
                current = latest
                fresh = true
            }
        }
        return current  // unreachable: the last attempt either returns or throws
    }
}
