import Foundation
import KubernetesClient
import Manifests

/// `ferry reconcile …` for any Flux kind.
enum Reconcile {
    /// Sets `reconcile.fluxcd.io/requestedAt` to now and waits until the controller echoes it
    /// in `status.lastHandledReconcileAt` and reports Ready.
    static func request(_ kube: KubernetesClient, kind: FluxKind, name: String, namespace: String, timeout: String) async throws {
        try await request(kube, kind: kind, object: try await kube.getFound(kind.gvk, name: name, namespace: namespace), timeout: timeout)
    }

    /// `also` names more annotations to set to the same instant (`reconcile.fluxcd.io/forceAt`
    /// and `resetAt` for `ferry reconcile helmrelease --force/--reset`: Flux acts on them only
    /// when they equal `requestedAt`).
    static func request(_ kube: KubernetesClient, kind: FluxKind, object: JSONValue, timeout: String, also: [String] = []) async throws {
        let name = object.metadataName ?? "", namespace = object.metadataNamespace ?? ""
        if object[path: "spec", "suspend"]?.boolValue == true {
            throw CLIMessage("resource is suspended")
        }
        Say.action("annotating \(kind.gvk.kind) \(name) in \(namespace) namespace")
        // RFC 3339 with fractions, as flux writes it: two requests in one second still differ.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let now = formatter.string(from: Date())
        var annotations: JSONObject = ["reconcile.fluxcd.io/requestedAt": .string(now)]
        for annotation in also { annotations[annotation] = .string(now) }
        let patched = try await kube.patch(kind.gvk, name: name, namespace: namespace, type: .merge,
                                           patch: ["metadata": ["annotations": .object(annotations)]])
        Say.success("\(kind.gvk.kind) annotated")
        try await ReconcileWait.untilReady(kube, kind: kind, object: patched, requestedAt: now, timeout: timeout)
    }
}

/// `ferry delete …` for any Flux kind.
enum Deletion {
    /// Asks on a terminal unless `silent` (and refuses without one), then deletes.
    static func run(_ kube: KubernetesClient, kind: FluxKind, name: String, namespace: String, silent: Bool) async throws {
        if !silent {
            guard isatty(0) != 0 else {
                throw CLIMessage("refusing to delete \(kind.gvk.kind) \(namespace)/\(name) without confirmation; pass --silent")
            }
            print("Are you sure you want to delete this \(kind.shortNoun)? [y/N] ", terminator: "")
            Say.flush()
            guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else { throw CLIMessage("aborted") }
        }
        Say.action("deleting \(kind.noun) \(name) in \(namespace) namespace")
        do {
            try await kube.delete(kind.gvk, name: name, namespace: namespace)
        } catch let error as APIError where error.isNotFound {
            throw CLIMessage("\(kind.gvk.kind) \(namespace)/\(name) not found")
        }
        Say.success("\(kind.shortNoun) deleted")
    }
}
