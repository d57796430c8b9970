import FerryTesting
import Foundation
import KubernetesClient
import Manifests

/// Flux objects as the CLI tests write them, and what a controller would report about them —
/// written through the status subresource, as no controller runs in these tests.
enum FerryObjects {
    static let gitRepository = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "GitRepository")
    static let kustomization = GroupVersionKind(group: "kustomize.toolkit.fluxcd.io", version: "v1", kind: "Kustomization")
    static let revision = "main@sha1:0123abcd"
    static let time = "2026-01-01T00:00:00Z"

    static func createGitRepository(_ client: KubernetesClient, _ name: String, _ ns: String) async throws {
        _ = try await client.create(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                                     "metadata": ["name": .string(name), "namespace": .string(ns)],
                                     "spec": ["interval": "1m", "url": "https://example.com/repo.git", "ref": ["branch": "main"]]])
    }

    static func createKustomization(_ client: KubernetesClient, _ name: String, _ ns: String, source: String = "repo",
                                    extra: JSONObject = [:]) async throws {
        var spec: JSONObject = ["interval": "10m", "path": "./deploy", "prune": true, "sourceRef": ["kind": "GitRepository", "name": .string(source)]]
        for (key, value) in extra { spec[key] = value }
        _ = try await client.create(["apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                                     "metadata": ["name": .string(name), "namespace": .string(ns)], "spec": .object(spec)])
    }

    static func ready(_ status: String, _ message: String) -> JSONValue {
        ["type": "Ready", "status": .string(status), "reason": status == "True" ? "Succeeded" : "Failed", "message": .string(message),
         "lastTransitionTime": .string(time)]
    }

    /// Writes `status` (merged over the observed generation) onto the live object.
    @discardableResult
    static func report(_ client: KubernetesClient, _ gvk: GroupVersionKind, _ name: String, _ ns: String, _ status: JSONObject) async throws -> JSONValue {
        var live = try await client.get(gvk, name: name, namespace: ns)
        var full: JSONObject = ["observedGeneration": .int(live.generation ?? 1)]
        for (key, value) in status { full[key] = value }
        live["status"] = .object(full)
        return try await client.updateStatus(live)
    }

    /// What a Kustomization controller reports after applying `inventory` (`<ns>_<name>_<group>_<kind>` ids).
    static func applied(_ inventory: [String], revision: String = revision) -> JSONObject {
        ["lastAppliedRevision": .string(revision), "conditions": [ready("True", "Applied revision: \(revision)")],
         "inventory": ["entries": .array(inventory.map { ["id": .string($0), "v": "v1"] })]]
    }

    /// What a source controller reports after storing an artifact.
    static func fetched(revision: String = revision) -> JSONObject {
        ["artifact": ["revision": .string(revision), "digest": "sha256:00", "path": "p", "url": "u", "lastUpdateTime": .string(time)],
         "conditions": [ready("True", "stored artifact for revision '\(revision)'")]]
    }

    /// Plays the controller for one reconcile request: waits for `reconcile.fluxcd.io/requestedAt`
    /// to appear (the CLI, run alongside, writes it), then reports `status` as handling it.
    /// Throws when no request comes within a minute (generous: the CLI may start slowly on a
    /// loaded machine).
    static func answerReconcileRequest(_ client: KubernetesClient, _ gvk: GroupVersionKind, _ name: String, _ ns: String,
                                       status: JSONObject) async throws {
        var requested: String?
        let asked = await eventually(timeout: .seconds(60)) {
            let live = try? await client.get(gvk, name: name, namespace: ns)
            requested = live?[path: "metadata", "annotations", "reconcile.fluxcd.io/requestedAt"]?.stringValue
            return requested != nil
        }
        guard asked, let requested else { throw NoReconcileRequest(kind: gvk.kind, name: name) }
        var answer = status
        answer["lastHandledReconcileAt"] = .string(requested)
        try await report(client, gvk, name, ns, answer)
    }

    struct NoReconcileRequest: Error, CustomStringConvertible {
        var kind: String
        var name: String
        var description: String { "no reconcile.fluxcd.io/requestedAt appeared on \(kind) \(name)" }
    }
}
