import Foundation
import KubernetesClient
import Manifests

/// `ferry suspend|resume …` for any Flux kind.
enum Suspension {
    /// Sets `spec.suspend` with a merge patch and says so as flux does.
    @discardableResult
    static func set(_ suspend: Bool, kube: KubernetesClient, kind: FluxKind, name: String, namespace: String) async throws -> JSONValue {
        Say.action("\(suspend ? "suspending" : "resuming") \(kind.noun) \(name) in \(namespace) namespace")
        let patched: JSONValue
        do {
            patched = try await kube.patch(kind.gvk, name: name, namespace: namespace, type: .merge,
                                           patch: ["spec": ["suspend": suspend ? true : nil]])
        } catch let error as APIError where error.isNotFound {
            throw CLIMessage("\(kind.gvk.kind) \(namespace)/\(name) not found")
        }
        Say.success("\(kind.shortNoun) \(suspend ? "suspended" : "resumed")")
        return patched
    }

    /// The named object, or with `--all` every object of the kind in the namespace, each set
    /// in name order; returns the patched objects (for resume to wait on).
    @discardableResult
    static func set(_ suspend: Bool, kube: KubernetesClient, kind: FluxKind, selection: NameOrAllOptions, namespace: String) async throws -> [JSONValue] {
        guard selection.all else {
            return [try await set(suspend, kube: kube, kind: kind, name: selection.name ?? "", namespace: namespace)]
        }
        let names = try await kube.listAll(kind.gvk, namespace: namespace).items.compactMap(\.metadataName).sorted()
        guard !names.isEmpty else { throw CLIMessage("no \(kind.gvk.kind) objects found in \(namespace) namespace") }
        var patched: [JSONValue] = []
        for name in names { patched.append(try await set(suspend, kube: kube, kind: kind, name: name, namespace: namespace)) }
        return patched
    }
}
