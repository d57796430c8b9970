import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// A HelmRelease whose chart comes from an OCI HelmRepository: a real registry
/// (`scripts/registry-server`) holding a chart pushed with Helm's media types, installed and
/// upgraded by `ferry controllers run` on the local control plane.
@Suite struct HelmReleaseOCITests {
    @Test func installsAndUpgradesAChartFromARegistry() async throws {
        let registry = try await RegistryFixture.shared()
        let path = registry.uniquePath("release")
        try await registry.pushChart(path: path, chart: "app", version: "1.0.0", message: "from-the-registry")
        try await HelmReleaseTestEnv.with("hr-oci") { env in
            try await env.apply(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
                                 "metadata": ["name": "registry", "namespace": .string(env.namespace)],
                                 "spec": ["type": "oci", "url": .string("oci://\(registry.host)/\(path)"), "insecure": true,
                                          "interval": "10m"]])
            try await env.apply(env.release(spec: [
                "chart": ["spec": ["chart": "app", "version": "1.x", "interval": "10m",
                                   "sourceRef": ["kind": "HelmRepository", "name": "registry"]]],
            ]))
            let installed = await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            #expect(installed?[path: "status", "history"]?.arrayValue?.first?["chartVersion"] == "1.0.0")
            let configMap = await env.get(HelmReleaseTestEnv.configMap, "web-app")
            #expect(configMap?[path: "data", "message"] == "from-the-registry")
            #expect(try await env.recordStatuses() == [1: "deployed"])

            // A new version in range pushed to the registry: the chart follows on its next
            // reconcile, and the release is upgraded to it.
            try await registry.pushChart(path: path, chart: "app", version: "1.1.0", message: "upgraded")
            let chartName = "\(env.namespace)-web"
            let token = UUID().uuidString
            _ = try await env.client.patch(GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "HelmChart"),
                                           name: chartName, namespace: env.namespace, type: .merge,
                                           patch: ["metadata": ["annotations": ["reconcile.fluxcd.io/requestedAt": .string(token)]]])
            let upgraded = await env.wait("web", "Ready", "True", reason: HelmReleaseReason.upgradeSucceeded)
            #expect(upgraded?[path: "status", "history"]?.arrayValue?.first?["chartVersion"] == "1.1.0")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-app")?[path: "data", "message"] == "upgraded")
            #expect(try await env.recordStatuses() == [1: "superseded", 2: "deployed"])
        }
    }
}
