import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import OCI
import Testing

/// `layerSelector`: the layer of a media type, `copy`'d as is (a Helm chart's `.tgz`, what a
/// HelmRelease's `chartRef` reads) or `extract`ed; a media type the artifact lacks fails naming it.
@Suite struct OCIRepositoryLayerSelectorTests {
    @Test func aChartLayerIsCopiedAsIsAndAMissingMediaTypeFails() async throws {
        let registry = try await RegistryFixture.shared()
        let path = registry.uniquePath("layers")
        let chart = try await registry.pushChart(path: path, chart: "app", version: "1.2.3")
        try await OCIRepositoryTestEnv.with("oci-layers") { env in
            let url = "oci://\(registry.host)/\(chart.repository)"
            try await env.repository("chart", url: url, ["insecure": true, "ref": ["tag": "1.2.3"],
                                                         "layerSelector": ["mediaType": .string(OCIMediaType.helmChartContent), "operation": "copy"]])
            let ready = await env.wait("chart", what: "Ready") { $0["status"] == "True" }
            let artifact = ready?[path: "status", "artifact"]
            #expect(artifact?["revision"]?.stringValue == "1.2.3@\(chart.manifestDigest)")
            #expect(artifact?["digest"]?.stringValue == chart.chartDigest)
            #expect(try await OCIRepositoryTestEnv.download(artifact) == chart.archive)
            #expect(ready?[path: "status", "observedLayerSelector", "operation"] == "copy")
            #expect(ready?[path: "status", "observedLayerSelector", "mediaType"]?.stringValue == OCIMediaType.helmChartContent)

            // Extracted instead: the chart's files.
            try await env.repository("chart", url: url, ["insecure": true, "ref": ["tag": "1.2.3"],
                                                         "layerSelector": ["mediaType": .string(OCIMediaType.helmChartContent), "operation": "extract"]])
            let extracted = await env.wait("chart", what: "Ready extracted") { $0["status"] == "True" }
            #expect(try await OCIRepositoryTestEnv.files(of: extracted?[path: "status", "artifact"]).keys.contains("app/Chart.yaml"))

            try await env.repository("wrong", url: url, ["insecure": true, "ref": ["tag": "1.2.3"],
                                                         "layerSelector": ["mediaType": "application/vnd.example.missing"]])
            let failed = await env.wait("wrong", what: "failed") { $0["status"] == "False" }
            let fetch = OCIRepositoryTestEnv.condition(failed, "FetchFailed")
            #expect(fetch?["reason"] == "OCIArtifactLayerOperationFailed")
            #expect(fetch?["message"] == "failed to find layer with media type 'application/vnd.example.missing' in artifact")
        }
    }
}
