import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `spec.kubeConfig.secretRef`: the release — its Helm storage, its objects — lives on a second,
/// separate control plane; the controller's own cluster holds only the HelmRelease, its
/// HelmChart and the kubeconfig Secret. Deleting the HelmRelease uninstalls it there.
@Suite struct HelmReleaseRemoteClusterTests {
    static let chart: [String: String] = [
        "templates/main.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-main\ndata:\n  where: remote\n",
    ]

    @Test func releasesUpgradesAndUninstallsOnAnotherCluster() async throws {
        let remote = try await LocalControlPlane.start(name: "hr-remote")
        do {
            try await HelmReleaseTestEnv.with("hr-remote") { env in
                try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
                let remoteClient = try remote.adminClient()
                defer { Task { try? await remoteClient.shutdown() } }
                let remoteNS = "remote-apps"
                _ = try await remoteClient.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(remoteNS)]])

                // The Secret is missing at first: the release waits, nothing is made anywhere.
                // storageNamespace defaults to the HelmRelease's namespace, which the remote cluster lacks.
                try await env.apply(env.release(spec: ["targetNamespace": .string(remoteNS), "storageNamespace": .string(remoteNS),
                                                       "kubeConfig": ["secretRef": ["name": "remote-kubeconfig"]]]))
                let waiting = await env.wait("web", "Ready", "False", reason: ConditionReason.reconciliationFailed)
                #expect(HelmReleaseTestEnv.condition(waiting, "Ready")?["message"]?.stringValue
                        == "failed to get kubeconfig secret '\(env.namespace)/remote-kubeconfig': not found")

                _ = try await env.client.create(["apiVersion": "v1", "kind": "Secret",
                                                 "metadata": ["name": "remote-kubeconfig", "namespace": .string(env.namespace)],
                                                 "data": ["value": .string(Data(try remote.inlineAdminKubeconfig().utf8).base64EncodedString())]])
                try await env.requestReconcile()
                await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
                // With a targetNamespace, the release is named `<targetNamespace>-<name>` (Flux's rule).
                let made = try await remoteClient.get(HelmReleaseTestEnv.configMap, name: "remote-apps-web-main", namespace: remoteNS)
                #expect(made[path: "data", "where"] == "remote")
                #expect(made[path: "metadata", "labels", "helm.toolkit.fluxcd.io/name"] == "web")
                let remoteRecords = try await remoteClient.list(HelmReleaseTestEnv.secret, namespace: remoteNS,
                                                                options: ListOptions(labelSelector: "owner=helm,name=remote-apps-web"))
                #expect(remoteRecords.items.map { $0[path: "metadata", "labels", "status"]?.stringValue } == ["deployed"],
                        "the Helm storage is on the remote cluster")
                #expect((try? await env.client.get(HelmReleaseTestEnv.configMap, name: "remote-apps-web-main", namespace: remoteNS)) == nil)

                try await env.client.delete(HelmReleaseTestEnv.helmRelease, name: "web", namespace: env.namespace)
                let gone = await eventually(timeout: .seconds(60)) {
                    let object = try? await remoteClient.get(HelmReleaseTestEnv.configMap, name: "remote-apps-web-main", namespace: remoteNS)
                    let release = await env.get(HelmReleaseTestEnv.helmRelease, "web")
                    return object == nil && release == nil
                }
                #expect(gone, "uninstalled on the remote cluster, then the HelmRelease went\n\(env.controllers.log.suffix(2000))")
            }
        } catch {
            try? await remote.stop()
            throw error
        }
        try await remote.stop()
    }
}
