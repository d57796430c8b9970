import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// A tenant's `spec.kubeConfig.secretRef` cannot make the controller run commands or read
/// files on its host, nor skip TLS verification, unless the operator allows it by flag.
@Suite struct KustomizationKubeConfigPolicyTests {
    static func kubeconfig(cluster: String = "server: https://127.0.0.1:1", user: String) -> String {
        KubeConfigFixture.tenant(cluster: cluster, user: user)
    }

    func secret(_ env: KustomizationEnv, _ name: String, _ kubeconfig: String) async throws {
        _ = try await env.client.create(["apiVersion": "v1", "kind": "Secret",
                                         "metadata": ["name": .string(name), "namespace": .string(env.namespace)],
                                         "stringData": ["value": .string(kubeconfig)]])
    }

    @Test func refusedKubeConfigsSayWhatAndWhichFlag() async throws {
        try await KustomizationEnv.with("ks-kcpolicy") { env in
            let marker = NSTemporaryDirectory() + "ferry-exec-marker-" + UUID().uuidString
            try await env.push(["apps/cm.yaml": configMapYAML("cm")])
            try await env.createSource()
            let cases: [(name: String, kubeconfig: String, expected: String)] = [
                ("exec", Self.kubeconfig(user: "exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: [-c, 'touch \(marker)']}"),
                 "uses an exec credential plugin, which is not allowed; start the controller with --insecure-kubeconfig-exec to allow it"),
                ("tokenfile", Self.kubeconfig(user: "tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token"),
                 "user \"tenant\" refers to a file (tokenFile)"),
                ("cafile", Self.kubeconfig(cluster: "server: https://127.0.0.1:1, certificate-authority: /etc/ssl/certs/ca-certificates.crt", user: "token: t"),
                 "cluster \"remote\" refers to a file (certificate-authority)"),
                ("insecure", Self.kubeconfig(cluster: "server: https://127.0.0.1:1, insecure-skip-tls-verify: true", user: "token: t"),
                 "sets insecure-skip-tls-verify, which is not allowed; start the controller with --insecure-kubeconfig-tls to allow it"),
            ]
            for c in cases {
                try await secret(env, "kc-\(c.name)", c.kubeconfig)
                try await env.applyKustomization("remote-\(c.name)", ["path": "./apps", "kubeConfig": ["secretRef": ["name": .string("kc-\(c.name)")]]])
            }
            for c in cases {
                let message = try await env.waitNotReady("remote-\(c.name)", reason: ConditionReason.reconciliationFailed, containing: c.expected)
                #expect(message.hasPrefix("Kustomization \(env.namespace)/remote-\(c.name): kubeconfig in secret '\(env.namespace)/kc-\(c.name)' refused: "),
                        "\(message)")
                let stalled = await env.condition("remote-\(c.name)", "Stalled")
                #expect(stalled?["status"]?.stringValue == "True")
            }
            #expect(!FileManager.default.fileExists(atPath: marker), "the exec plugin never ran")
        }
    }
}
