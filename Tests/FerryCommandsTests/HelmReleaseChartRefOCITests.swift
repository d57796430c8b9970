import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import OCI
import Testing

/// A HelmRelease whose `chartRef` is an OCIRepository copying a chart's layer (Flux's way of
/// installing a chart straight from a registry): installed with the chart's version marked with
/// the manifest digest (helm-controller's), upgraded when the tag moves to a new chart.
@Suite struct HelmReleaseChartRefOCITests {
    static let ociRepository = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "OCIRepository")

    @Test func aReleaseInstallsAndUpgradesFromAnOCIRepository() async throws {
        let registry = try await RegistryFixture.shared()
        let path = registry.uniquePath("chartref")
        let first = try await registry.pushChart(path: path, chart: "app", version: "1.0.0", message: "from-oci")
        try await HelmReleaseTestEnv.with("hr-chartref-oci") { env in
            try await env.apply(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
                                 "metadata": ["name": "app-chart", "namespace": .string(env.namespace)],
                                 "spec": ["url": .string("oci://\(registry.host)/\(first.repository)"), "insecure": true, "interval": "10m",
                                          "ref": ["semver": "1.x"],
                                          "layerSelector": ["mediaType": .string(OCIMediaType.helmChartContent), "operation": "copy"]]])
            try await env.apply(["apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
                                 "metadata": ["name": "web", "namespace": .string(env.namespace)],
                                 "spec": ["interval": "5m", "timeout": "30s",
                                          "chartRef": ["kind": "OCIRepository", "name": "app-chart"]]])
            let installed = await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            let digest12 = String(first.manifestDigest.dropFirst("sha256:".count).prefix(12))
            #expect(installed?[path: "status", "history"]?.arrayValue?.first?["chartVersion"]?.stringValue == "1.0.0+\(digest12)")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-app")?[path: "data", "message"] == "from-oci")

            // A higher version pushed: the OCIRepository moves on its next reconcile, and the
            // release follows through its watch.
            let second = try await registry.pushChart(path: path, chart: "app", version: "1.1.0", message: "upgraded-from-oci")
            let token = UUID().uuidString
            _ = try await env.client.patch(Self.ociRepository, name: "app-chart", namespace: env.namespace, type: .merge,
                                           patch: ["metadata": ["annotations": ["reconcile.fluxcd.io/requestedAt": .string(token)]]])
            let upgraded = await env.wait("web", "Ready", "True", reason: HelmReleaseReason.upgradeSucceeded)
            let next12 = String(second.manifestDigest.dropFirst("sha256:".count).prefix(12))
            #expect(upgraded?[path: "status", "history"]?.arrayValue?.first?["chartVersion"]?.stringValue == "1.1.0+\(next12)")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-app")?[path: "data", "message"] == "upgraded-from-oci")
        }
    }
}
