import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `spec.kubeConfig.secretRef`: the objects go to a second, separate control plane; the
/// controller's own cluster only holds the Kustomization.
@Suite struct KustomizationRemoteClusterTests {
    @Test func appliesAndPrunesOnAnotherCluster() async throws {
        let remote = try await LocalControlPlane.start(name: "ks-remote")
        do {
            try await KustomizationEnv.with("ks-remote") { env in
                let remoteNS = "remote-apps"
                let commit = try await env.push([
                    "remote/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(remoteNS)\n",
                    "remote/a.yaml": configMapYAML("a", namespace: remoteNS),
                    "remote/b.yaml": configMapYAML("b", namespace: remoteNS),
                ])
                try await env.createSource()
                _ = try await env.client.create(["apiVersion": "v1", "kind": "Secret",
                                                 "metadata": ["name": "remote-kubeconfig", "namespace": .string(env.namespace)],
                                                 "data": ["value": .string(Data(try remote.inlineAdminKubeconfig().utf8).base64EncodedString())]])
                try await env.applyKustomization("remote", ["path": "./remote", "kubeConfig": ["secretRef": ["name": "remote-kubeconfig"]]])
                try await env.waitReady("remote", revision: commit)

                let remoteClient = try remote.adminClient()
                defer { Task { try? await remoteClient.shutdown() } }
                let a = try await remoteClient.get(KustomizationEnv.configMap, name: "a", namespace: remoteNS)
                #expect(a[path: "metadata", "labels", "kustomize.toolkit.fluxcd.io/name"]?.stringValue == "remote")
                #expect((try? await env.client.get(KustomizationEnv.configMap, name: "a", namespace: remoteNS)) == nil,
                        "nothing lands on the controller's own cluster")

                let second = try await env.push([:], delete: ["remote/b.yaml"])
                try await env.waitReady("remote", revision: second)
                #expect(await eventually { (try? await remoteClient.get(KustomizationEnv.configMap, name: "b", namespace: remoteNS)) == nil })
            }
        } catch {
            try? await remote.stop()
            throw error
        }
        try await remote.stop()
    }
}
