import KubernetesClient
import Manifests

/// Helpers for tests that meet Ferry's own CRDs the way a user does, on the real local API
/// server (`kubectl explain`, admission, defaults, printer columns).
extension LocalControlPlane {
    /// Runs `body` on the shared control plane with Ferry's CRDs installed and a fresh namespace
    /// named after `name` (no controllers: a schema test needs no reconcile). The client is shut
    /// down whether `body` returns or throws.
    public static func withFerryCRDs(
        _ name: String, _ body: (LocalControlPlane, KubernetesClient, String) async throws -> Void
    ) async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        do {
            try await plane.installFerryCRDs(client: client)
            let namespace = try await plane.makeNamespace(name, client: client)
            try await body(plane, client, namespace)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
    }
}

/// Walks an OpenAPI v3 schema as a CRD carries it.
public enum CRDSchema {
    /// Dotted paths (`spec.ref.branch`, `spec.include[].repository`, `…{}` for map values) of
    /// properties with no or an empty `description`: what `kubectl explain` would print blank.
    /// The root `metadata` is left out: the API server refuses anything but its type there.
    public static func undescribedProperties(_ schema: JSONValue, at path: String = "") -> [String] {
        var missing: [String] = []
        for (name, property) in schema["properties"]?.objectValue ?? [:] {
            let here = path.isEmpty ? name : path + "." + name
            if property["description"]?.stringValue?.isEmpty ?? true, here != "metadata" { missing.append(here) }
            missing += undescribedProperties(property, at: here)
        }
        if let items = schema["items"] { missing += undescribedProperties(items, at: path + "[]") }
        if let values = schema["additionalProperties"], values.objectValue != nil {
            missing += undescribedProperties(values, at: path + "{}")
        }
        return missing
    }
}
