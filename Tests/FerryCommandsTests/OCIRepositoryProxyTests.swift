import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `spec.proxySecretRef` as Flux reads it: a Secret with `address` (required), `username` and
/// `password`; every registry request goes through that HTTP proxy (`scripts/proxy-server`,
/// whose log is the proof: a registry on loopback is not exempt). A proxy that refuses the
/// credentials or cannot be reached fails the reconcile with a message naming the proxy, never
/// its password, and the last artifact stays.
@Suite struct OCIRepositoryProxyTests {
    static func message(_ object: JSONValue?) -> String { OCIRepositoryTestEnv.condition(object)?["message"]?.stringValue ?? "" }

    @Test func requestsGoThroughTheProxyOfTheSecretWithItsCredentials() async throws {
        let registry = try await RegistryFixture.shared(.anonymous)
        let repository = registry.uniquePath("proxy") + "/manifests"
        let pushed = try await FluxArtifact.push(registry, repository: repository, tag: "v1", files: ["app.yaml": "proxied\n"])
        let proxy = try await ProxyFixture.start(username: "squid", password: "proxy-secret-pw")
        try await Self.stopping(proxy) { try await OCIRepositoryTestEnv.with("oci-proxy") { env in
            let url = "oci://\(registry.host)/\(repository)"
            try await env.secret("proxy", ["address": proxy.address, "username": "squid", "password": "proxy-secret-pw"])
            try await env.repository("app", url: url, ["insecure": true, "ref": ["tag": "v1"], "proxySecretRef": ["name": "proxy"]])
            let ready = await env.wait("app", what: "Ready") { $0["status"] == "True" }
            #expect(ready?[path: "status", "artifact", "revision"]?.stringValue == "v1@\(pushed.digest)")
            #expect(try await OCIRepositoryTestEnv.files(of: ready?[path: "status", "artifact"]) == ["app.yaml": "proxied\n"])
            // AsyncHTTPClient tunnels plain-HTTP targets too: CONNECT to the registry, accepted.
            #expect(proxy.requestLog.contains("200 CONNECT \(registry.host) HTTP/1.1"), "\(proxy.requestLog)")

            // A wrong password: the proxy answers 407; Ready=False says so, without the password.
            try await env.secret("wrong", ["address": proxy.address, "username": "squid", "password": "not-the-proxy-pw"])
            try await env.repository("wrong", url: url, ["insecure": true, "ref": ["tag": "v1"], "proxySecretRef": ["name": "wrong"]])
            let refused = await env.wait("wrong", what: "refused") { $0["status"] == "False" }
            #expect(Self.message(refused).contains("proxy 127.0.0.1:\(proxy.port) refused the credentials (407 Proxy Authentication Required)"),
                    "\(refused?[path: "status"]?.jsonString() ?? "")")
            #expect(refused?[path: "status"]?.jsonString().contains("not-the-proxy-pw") == false)
            #expect(refused?[path: "status", "artifact"] == nil)
            #expect(proxy.requestLog.contains("407 CONNECT \(registry.host) HTTP/1.1"))
        } }
    }

    @Test func anHTTPSRegistryIsReachedThroughATunnelWithItsPrivateCA() async throws {
        let registry = try await RegistryFixture.shared(.tlsBasicAuth)
        let repository = registry.uniquePath("proxy-tls") + "/manifests"
        let pushed = try await FluxArtifact.push(registry, repository: repository, tag: "v1", files: ["app.yaml": "tunnelled\n"])
        let ca = try String(contentsOfFile: registry.caFile, encoding: .utf8)
        let proxy = try await ProxyFixture.start()
        try await Self.stopping(proxy) { try await OCIRepositoryTestEnv.with("oci-proxy-tls") { env in
            try await env.secret("registry", type: "kubernetes.io/dockerconfigjson", [".dockerconfigjson": registry.dockerConfigJSON])
            try await env.secret("ca", ["ca.crt": ca])
            try await env.secret("proxy", ["address": proxy.address])
            try await env.repository("app", url: "oci://\(registry.host)/\(repository)",
                                     ["ref": ["tag": "v1"], "secretRef": ["name": "registry"], "certSecretRef": ["name": "ca"],
                                      "proxySecretRef": ["name": "proxy"]])
            let ready = await env.wait("app", what: "Ready") { $0["status"] == "True" }
            #expect(ready?[path: "status", "artifact", "revision"]?.stringValue == "v1@\(pushed.digest)")
            #expect(proxy.requestLog.contains("200 CONNECT \(registry.host) HTTP/1.1"), "\(proxy.requestLog)")
        } }
    }

    @Test func aProxySecretWithoutAddressFailsAuthenticationNamingTheKey() async throws {
        let registry = try await RegistryFixture.shared(.anonymous)
        try await OCIRepositoryTestEnv.with("oci-proxy-secret") { env in
            try await env.secret("proxy", ["username": "squid", "password": "proxy-secret-pw"])
            try await env.repository("app", url: "oci://\(registry.host)/\(registry.uniquePath("proxy"))",
                                     ["insecure": true, "proxySecretRef": ["name": "proxy"]])
            let refused = await env.wait("app", what: "refused") { $0["status"] == "False" }
            let ready = OCIRepositoryTestEnv.condition(refused)
            #expect(ready?["reason"] == "AuthenticationFailed", "\(refused?[path: "status"]?.jsonString() ?? "")")
            #expect(Self.message(refused).contains("failed to get proxy address: invalid proxy secret '\(env.namespace)/proxy': key 'address' is missing"))
            #expect(refused?[path: "status"]?.jsonString().contains("proxy-secret-pw") == false)

            try await env.repository("missing", url: "oci://\(registry.host)/\(registry.uniquePath("proxy"))",
                                     ["insecure": true, "proxySecretRef": ["name": "absent"]])
            let missing = await env.wait("missing", what: "refused") { $0["status"] == "False" }
            #expect(OCIRepositoryTestEnv.condition(missing)?["reason"] == "AuthenticationFailed")
            #expect(Self.message(missing).contains("failed to get proxy address: failed to get secret '\(env.namespace)/absent'"),
                    "\(missing?[path: "status"]?.jsonString() ?? "")")
        }
    }

    @Test func anUnreachableProxyFailsTheReconcileAndKeepsTheLastArtifact() async throws {
        let registry = try await RegistryFixture.shared(.anonymous)
        let repository = registry.uniquePath("proxy-down") + "/manifests"
        let pushed = try await FluxArtifact.push(registry, repository: repository, tag: "v1", files: ["app.yaml": "kept\n"])
        let proxy = try await ProxyFixture.start()
        try await Self.stopping(proxy) { try await OCIRepositoryTestEnv.with("oci-proxy-down") { env in
            try await env.secret("proxy", ["address": proxy.address])
            try await env.repository("app", url: "oci://\(registry.host)/\(repository)",
                                     ["insecure": true, "ref": ["tag": "v1"], "proxySecretRef": ["name": "proxy"]])
            let ready = await env.wait("app", what: "Ready") { $0["status"] == "True" }
            let artifact = ready?[path: "status", "artifact"]
            #expect(artifact?["revision"]?.stringValue == "v1@\(pushed.digest)")
            #expect(proxy.requestLog.contains("200 CONNECT \(registry.host) HTTP/1.1"), "\(proxy.requestLog)")

            try await proxy.stop()
            let down = try await env.reconcile("app")
            let condition = OCIRepositoryTestEnv.condition(down)
            #expect(condition?["status"] == "False")
            #expect(condition?["reason"] == "OCIArtifactPullFailed", "\(down?[path: "status"]?.jsonString() ?? "")")
            #expect(Self.message(down).contains("(through proxy 127.0.0.1:\(proxy.port))"), "\(Self.message(down))")
            #expect(down?[path: "status", "artifact"] == artifact)
            #expect(try await OCIRepositoryTestEnv.files(of: artifact) == ["app.yaml": "kept\n"])
        } }
    }

    /// Runs `body`, then stops `proxy` (stopping twice is harmless), also when `body` throws.
    static func stopping(_ proxy: ProxyFixture, _ body: () async throws -> Void) async throws {
        do { try await body() } catch {
            try? await proxy.stop()
            throw error
        }
        try await proxy.stop()
    }
}
