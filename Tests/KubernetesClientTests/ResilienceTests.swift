import FerryTesting
import Foundation
import Manifests
import Testing
@testable import KubernetesClient

/// Timeouts, throttling and TLS settings against real API servers.
@Suite struct ResilienceTests {
    @Test func perRequestTimeoutIsATransportTimeout() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        defer { Task { try await client.shutdown() } }
        // A watch answers nothing for a while: a 300 ms deadline must cut it.
        let error = try await #require(throws: TransportError.self) {
            _ = try await client.send(.GET, "/api/v1/namespaces/default/configmaps", query: [("watch", "true")], timeout: .milliseconds(300))
        }
        #expect(error.isTimeout)
        #expect(error.description.hasSuffix(": timed out"))
    }

    @Test func insecureSkipTLSVerifyConnectsWithoutTheCA() async throws {
        let plane = try await LocalControlPlane.shared()
        var config = try ClientConfig(kubeConfig: KubeConfig.load(path: plane.adminTokenKubeconfig))
        config.caPEM = nil
        config.insecureSkipTLSVerify = true
        let client = try KubernetesClient(config: config)
        defer { Task { try await client.shutdown() } }
        #expect(try await client.serverVersion().gitVersion.hasPrefix("v1.20"))
    }

    @Test func throttledRequestsAreRetriedAfterTheServersRetryAfter() async throws {
        // An API server that admits one request at a time answers the rest 429 with Retry-After
        // (system:masters is exempt from that limit, so this runs as ferry-user with `view`).
        let plane = try await LocalControlPlane.start(name: "throttle", apiserverArgs: ["--max-requests-inflight=1", "--max-mutating-requests-inflight=1"])
        let admin = try plane.adminClient()
        _ = try await admin.create(["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": ["name": "user-view"],
                                    "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"],
                                    "subjects": [["apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "ferry-user"]]])
        try await admin.shutdown()
        var config = try ClientConfig(kubeConfig: KubeConfig.load(path: plane.userTokenKubeconfig))
        config.qps = 0
        let client = try KubernetesClient(config: config)
        defer { Task { try await client.shutdown(); try await plane.stop() } }
        // The binding takes effect once the authorizer's cache has it: on a loaded machine (a whole
        // CI run beside this fresh control plane) that took longer than 30 s once.
        #expect(await eventually(timeout: .seconds(120), every: .milliseconds(500)) {
            (try? await client.list(GroupVersionKind(group: "", version: "v1", kind: "ConfigMap"), namespace: "default")) != nil
        })
        let gvk = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<60 { group.addTask { _ = try await client.list(gvk, namespace: "default") } }
            try await group.waitForAll()
        }
        // Every request succeeded, and some only after the server said "too many requests".
        #expect(client.statistics.throttledRetries > 0)
    }

    @Test func inClusterConfigWithARealServiceAccountToken() async throws {
        let plane = try await LocalControlPlane.shared()
        let admin = try plane.adminClient()
        defer { Task { try await admin.shutdown() } }
        let ns = try await plane.makeNamespace("incluster", client: admin)
        _ = try await admin.create(["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "controller", "namespace": .string(ns)]])
        // The token controller writes the service account's token Secret.
        var token: String?
        #expect(try await eventually {
            let secrets = try await admin.listAll(GroupVersionKind(group: "", version: "v1", kind: "Secret"), namespace: ns).items
            let encoded = secrets.first { $0.annotations["kubernetes.io/service-account.name"] == "controller" }?[path: "data", "token"]?.stringValue
            token = encoded.flatMap { Data(base64Encoded: $0) }.flatMap { String(data: $0, encoding: .utf8) }
            return token != nil
        })
        // Lay the pod's service-account mount out as the kubelet would.
        let root = NSTemporaryDirectory() + "sa-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try #require(token).write(toFile: root + "/token", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: plane.caCertificate, toPath: root + "/ca.crt")
        try ns.write(toFile: root + "/namespace", atomically: true, encoding: .utf8)
        let port = String(plane.server.split(separator: ":").last ?? "")
        let config = try ClientConfig.inCluster(environment: ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": port], root: root)
        #expect(config.namespace == ns)
        let client = try KubernetesClient(config: config)
        defer { Task { try await client.shutdown() } }
        let denied = try await #require(throws: APIError.self) {
            try await client.list(GroupVersionKind(group: "", version: "v1", kind: "Secret"))
        }
        #expect(denied.message.contains("User \"system:serviceaccount:\(ns):controller\""), "\(denied.message)")
    }
}
