import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ref.digest` pins one artifact: it wins over a tag, the revision is the digest alone
/// (`sha256:…`, as Flux writes it), and moving the tag changes nothing.
@Suite struct OCIRepositoryDigestTests {
    @Test func aDigestPinsTheArtifactWhateverTheTagDoes() async throws {
        let registry = try await RegistryFixture.shared()
        let repository = registry.uniquePath("digest") + "/manifests"
        let pinned = try await FluxArtifact.push(registry, repository: repository, tag: "stable", files: ["app.yaml": "pinned\n"])
        try await OCIRepositoryTestEnv.with("oci-digest") { env in
            try await env.repository("app", url: "oci://\(registry.host)/\(repository)",
                                     ["insecure": true, "ref": ["digest": .string(pinned.digest), "tag": "stable"]])
            let ready = await env.wait("app", what: "Ready") { $0["status"] == "True" }
            #expect(ready?[path: "status", "artifact", "revision"]?.stringValue == pinned.digest)
            #expect(OCIRepositoryTestEnv.condition(ready)?["message"]?.stringValue == "stored artifact for digest '\(pinned.digest)'")
            #expect(try await OCIRepositoryTestEnv.files(of: ready?[path: "status", "artifact"]) == ["app.yaml": "pinned\n"])

            try await FluxArtifact.push(registry, repository: repository, tag: "stable", files: ["app.yaml": "moved\n"])
            let polled = try await env.reconcile("app")
            #expect(polled?[path: "status", "artifact"] == ready?[path: "status", "artifact"])

            // A digest the repository does not have: the pull fails, naming it.
            let missing = "sha256:" + String(repeating: "0", count: 64)
            try await env.repository("app", url: "oci://\(registry.host)/\(repository)", ["insecure": true, "ref": ["digest": .string(missing)]])
            let failed = await env.wait("app", what: "failed") { $0["status"] == "False" }
            let fetch = OCIRepositoryTestEnv.condition(failed, "FetchFailed")
            #expect(fetch?["reason"] == "OCIArtifactPullFailed")
            #expect(fetch?["message"]?.stringValue?.contains("failed to pull artifact from 'oci://\(registry.host)/\(repository)'") == true)
            #expect(fetch?["message"]?.stringValue?.contains(missing) == true)
            #expect(failed?[path: "status", "artifact", "revision"]?.stringValue == pinned.digest)
        }
    }
}
