import FerryTesting
import Foundation
import ImageController
import KubernetesClient
import Manifests
import Testing

/// An ImageRepository's scans through the HTTP proxy of `spec.proxySecretRef` (Flux's proxy
/// Secret: `address`, `username`, `password`): the registry and its token server are both
/// reached through it — the proxy's own log says so — and a Secret without `address` fails with
/// AuthenticationFailed naming the key.
@Suite struct ImageRepositoryProxyTests {
    static let kind = ImageKinds.imageRepository

    @Test func scansGoThroughTheProxyToTheRegistryAndItsTokenServer() async throws {
        let registry = try await RegistryFixture.shared(.tokenAuth)
        let path = registry.uniquePath("proxy") + "/app"
        for tag in ["1.0.0", "1.2.0"] { try await registry.pushImage(repository: path, tag: tag) }
        let tokenHost = try #require(URLComponents(string: registry.tokenURL).flatMap { c in c.host.map { "\($0):\(c.port ?? 80)" } })
        let proxy = try await ProxyFixture.start(username: "scanner", password: "proxy-scan-pw")
        do {
            try await ImageTestEnv.with("image-proxy") { env in
                try await env.dockerConfigSecret("registry", config: registry.dockerConfigJSON)
                try await env.apply(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "proxy", "namespace": .string(env.namespace)],
                                     "stringData": ["address": .string(proxy.address), "username": "scanner", "password": "proxy-scan-pw"]])
                try await env.repository("app", image: "\(registry.host)/\(path)",
                                         extra: ["secretRef": ["name": "registry"], "proxySecretRef": ["name": "proxy"]])
                let scanned = await env.wait(Self.kind, "app", what: "scanned") { $0.readyStatus == "True" }
                #expect(scanned?[path: "status", "lastScanResult", "latestTags"] == ["1.2.0", "1.0.0"])
                let log = proxy.requestLog
                #expect(log.contains("200 CONNECT \(registry.host) HTTP/1.1"), "\(log)")
                #expect(log.contains("200 CONNECT \(tokenHost) HTTP/1.1"), "\(log)")

                // No address: the scan cannot be configured, and says which key is missing.
                try await env.apply(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "no-address", "namespace": .string(env.namespace)],
                                     "stringData": ["username": "scanner", "password": "proxy-scan-pw"]])
                try await env.repository("broken", image: "\(registry.host)/\(path)",
                                         extra: ["secretRef": ["name": "registry"], "proxySecretRef": ["name": "no-address"]])
                let refused = await env.wait(Self.kind, "broken", what: "refused") { $0.readyStatus == "False" }
                #expect(refused?.readyReason == "AuthenticationFailed")
                #expect(refused?.readyMessage?.contains("failed to get proxy address: invalid proxy secret '\(env.namespace)/no-address': "
                                                        + "key 'address' is missing") == true, "\(refused?.readyMessage ?? "")")
                #expect(refused?[path: "status"]?.jsonString().contains("proxy-scan-pw") == false)
            }
        } catch {
            try? await proxy.stop()
            throw error
        }
        try await proxy.stop()
    }
}
