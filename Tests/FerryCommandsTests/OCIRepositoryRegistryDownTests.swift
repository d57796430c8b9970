import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// A registry that goes away: Ready=False with the error, the last good artifact kept in the
/// status and still served; back to Ready when the registry is back (here: another URL).
@Suite struct OCIRepositoryRegistryDownTests {
    @Test func theLastGoodArtifactIsKeptWhileTheRegistryIsDown() async throws {
        let registry = try await RegistryFixture.start(.anonymous)
        let repository = "down/manifests"
        let pushed = try await FluxArtifact.push(registry, repository: repository, tag: "v1", files: ["app.yaml": "app\n"])
        try await OCIRepositoryTestEnv.with("oci-down") { env in
            try await env.repository("app", url: "oci://\(registry.host)/\(repository)", ["insecure": true, "ref": ["tag": "v1"]])
            let ready = await env.wait("app", what: "Ready") { $0["status"] == "True" }
            let artifact = ready?[path: "status", "artifact"]
            #expect(artifact?["revision"]?.stringValue == "v1@\(pushed.digest)")

            try await registry.stop()
            let down = try await env.reconcile("app")
            let readyCondition = OCIRepositoryTestEnv.condition(down)
            #expect(readyCondition?["status"] == "False")
            #expect(readyCondition?["reason"] == "OCIArtifactPullFailed")
            #expect(readyCondition?["message"]?.stringValue?.contains("failed to determine artifact digest: \(registry.host)") == true,
                    "\(readyCondition?.jsonString() ?? "")")
            #expect(readyCondition?["message"]?.stringValue?.contains("connection refused") == true)
            #expect(down?[path: "status", "artifact"] == artifact)
            #expect(try await OCIRepositoryTestEnv.files(of: artifact) == ["app.yaml": "app\n"])
        }
    }
}
