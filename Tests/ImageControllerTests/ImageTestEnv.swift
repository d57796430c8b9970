import FerryTesting
import Foundation
import ImageController
import KubernetesClient
import Manifests
import Testing

/// ImageRepositories and ImagePolicies end to end: the local control plane, `ferry controllers
/// run` watching one namespace, and a real registry (`RegistryFixture`).
struct ImageTestEnv {
    var client: KubernetesClient
    var namespace: String
    var controllers: FerryControllers

    static let secret = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    static func with(_ name: String, _ body: (ImageTestEnv) async throws -> Void) async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        let env: ImageTestEnv
        do {
            try await plane.installFerryCRDs(client: client)
            let ns = try await plane.makeNamespace(name, client: client)
            env = ImageTestEnv(client: client, namespace: ns, controllers: try await FerryControllers.start(plane: plane, namespace: ns))
        } catch {
            try? await client.shutdown()
            throw error
        }
        do { try await body(env) } catch {
            await env.controllers.stop()
            try? await client.shutdown()
            throw error
        }
        await env.controllers.stop()
        try? await client.shutdown()
    }

    func apply(_ object: JSONValue) async throws {
        _ = try await client.apply(object, fieldManager: "test", force: true)
    }

    func get(_ gvk: GroupVersionKind, _ name: String) async -> JSONValue? {
        try? await client.get(gvk, name: name, namespace: namespace)
    }

    static func ready(_ object: JSONValue?) -> JSONValue? {
        object?[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "Ready" }
    }

    /// ImageRepository `name` scanning `image` (plain HTTP: the test registries have no TLS).
    func repository(_ name: String, image: String, interval: String = "10m", extra: JSONObject = [:]) async throws {
        var spec: JSONObject = ["image": .string(image), "interval": .string(interval), "insecure": true, "timeout": "20s"]
        for (key, value) in extra { spec[key] = value }
        try await apply(["apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageRepository",
                         "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": .object(spec)])
    }

    /// ImagePolicy `name` on ImageRepository `repository` with `policy` (`{"semver": {"range": …}}`).
    func policy(_ name: String, repository: String, policy: JSONValue, extra: JSONObject = [:]) async throws {
        var spec: JSONObject = ["imageRepositoryRef": ["name": .string(repository)], "policy": policy]
        for (key, value) in extra { spec[key] = value }
        try await apply(["apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImagePolicy",
                         "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": .object(spec)])
    }

    /// A `kubernetes.io/dockerconfigjson` Secret with `config`.
    func dockerConfigSecret(_ name: String, config: String) async throws {
        try await apply(["apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/dockerconfigjson",
                         "metadata": ["name": .string(name), "namespace": .string(namespace)],
                         "stringData": [".dockerconfigjson": .string(config)]])
    }

    /// Waits until `name`'s Ready condition, at the current generation, satisfies `check` on the
    /// whole object; returns the object as last read.
    @discardableResult
    func wait(_ gvk: GroupVersionKind, _ name: String, timeout: Duration = .seconds(60), what: String,
              sourceLocation: SourceLocation = #_sourceLocation, _ check: (JSONValue) -> Bool) async -> JSONValue? {
        var last: JSONValue?
        let ok = await eventually(timeout: timeout, every: .milliseconds(200)) {
            last = await get(gvk, name)
            guard let object = last, let ready = Self.ready(object),
                  ready["observedGeneration"] == object[path: "metadata", "generation"] else { return false }
            return check(object)
        }
        #expect(ok, "\(name) never \(what): \(last?[path: "status"]?.jsonString() ?? "")\n\(controllers.log.suffix(2500))",
                sourceLocation: sourceLocation)
        return last
    }
}

extension JSONValue {
    var readyStatus: String? { ImageTestEnv.ready(self)?["status"]?.stringValue }
    var readyReason: String? { ImageTestEnv.ready(self)?["reason"]?.stringValue }
    var readyMessage: String? { ImageTestEnv.ready(self)?["message"]?.stringValue }
}
