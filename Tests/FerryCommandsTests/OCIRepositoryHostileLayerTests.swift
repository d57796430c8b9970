import Archive
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// A hostile layer pushed under a tag the OCIRepository follows — an entry climbing out of the
/// artifact, a decompression bomb — is refused with a condition naming it, nothing is written
/// outside the working directory, and the last good artifact stays.
@Suite struct OCIRepositoryHostileLayerTests {
    @Test func aPathTraversalAndABombAreRefusedAndTheLastGoodArtifactKept() async throws {
        let registry = try await RegistryFixture.shared()
        let repository = registry.uniquePath("hostile") + "/manifests"
        let good = try await FluxArtifact.push(registry, repository: repository, tag: "v1", files: ["app.yaml": "good\n"])
        try await OCIRepositoryTestEnv.with("oci-hostile") { env in
            try await env.repository("app", url: "oci://\(registry.host)/\(repository)", ["insecure": true, "ref": ["tag": "v1"]])
            let ready = await env.wait("app", what: "Ready") { $0["status"] == "True" }
            let artifact = ready?[path: "status", "artifact"]
            #expect(artifact?["revision"]?.stringValue == "v1@\(good.digest)")

            let escape = "ferry-oci-escape-" + UUID().uuidString
            let traversal = try FluxArtifact.gzip(Tar.file(path: "app.yaml", contents: Array("ok\n".utf8))
                                                  + Tar.file(path: "../../../../../../../../tmp/\(escape)", contents: Array("owned\n".utf8))
                                                  + Tar.trailer)
            try await FluxArtifact.push(registry, repository: repository, tag: "v1", layer: traversal)
            let refused = try await env.reconcile("app")
            let fetch = OCIRepositoryTestEnv.condition(refused, "FetchFailed")
            #expect(fetch?["reason"] == "OCIArtifactLayerOperationFailed")
            #expect(fetch?["message"]?.stringValue?.hasPrefix("failed to extract layer contents from artifact: illegal path '../../") == true,
                    "\(fetch?.jsonString() ?? "")")
            #expect(OCIRepositoryTestEnv.condition(refused)?["status"] == "False")
            #expect(!FileManager.default.fileExists(atPath: "/tmp/\(escape)"))
            #expect(refused?[path: "status", "artifact"] == artifact)

            // 200 MiB of zeros in about 200 KiB: stopped at the 100 MiB extraction limit.
            var tar = Tar.header(path: "zeros", type: .file, mode: 0o644, size: 200 << 20)
            tar += [UInt8](repeating: 0, count: 200 << 20)
            let bomb = try FluxArtifact.gzip(tar + Tar.trailer)
            tar = []
            try await FluxArtifact.push(registry, repository: repository, tag: "v1", layer: bomb)
            let stopped = try await env.reconcile("app")
            let bombed = OCIRepositoryTestEnv.condition(stopped, "FetchFailed")
            #expect(bombed?["reason"] == "OCIArtifactLayerOperationFailed")
            #expect(bombed?["message"]?.stringValue == "failed to extract layer contents from artifact: layer exceeds the maximum extracted size of 104857600 bytes")
            #expect(stopped?[path: "status", "artifact"] == artifact)
            #expect(try await OCIRepositoryTestEnv.files(of: artifact) == ["app.yaml": "good\n"])
        }
    }
}
