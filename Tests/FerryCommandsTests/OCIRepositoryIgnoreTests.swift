import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `spec.ignore` on an extracted artifact: Flux's default exclusions without it, the user's
/// patterns instead of them with it; changing it rebuilds the same revision
/// (`status.observedIgnore` records what the artifact was built with).
@Suite struct OCIRepositoryIgnoreTests {
    @Test func ignoreReplacesTheDefaultsAndAChangeRebuildsTheSameRevision() async throws {
        let registry = try await RegistryFixture.shared()
        let repository = registry.uniquePath("ignore") + "/manifests"
        let files = ["deploy/app.yaml": "app\n", "docs/guide.md": "guide\n", "logo.png": "png\n", ".sourceignore": "deploy/skip.yaml\n",
                     "deploy/skip.yaml": "skip\n"]
        let pushed = try await FluxArtifact.push(registry, repository: repository, tag: "v1", files: files)
        try await OCIRepositoryTestEnv.with("oci-ignore") { env in
            try await env.repository("app", url: "oci://\(registry.host)/\(repository)", ["insecure": true, "ref": ["tag": "v1"]])
            let first = await env.wait("app", what: "Ready") { $0["status"] == "True" }
            // The artifact's own .sourceignore applies; with it, Flux's defaults (*.png) do not.
            #expect(try await OCIRepositoryTestEnv.files(of: first?[path: "status", "artifact"]).keys.sorted()
                    == [".sourceignore", "deploy/app.yaml", "docs/guide.md", "logo.png"])
            #expect(first?[path: "status", "observedIgnore"] == nil)

            try await env.repository("app", url: "oci://\(registry.host)/\(repository)",
                                     ["insecure": true, "ref": ["tag": "v1"], "ignore": "docs/\n*.png\n"])
            // Ready at the new generation: the same revision, built again.
            let rebuilt = await env.wait("app", what: "rebuilt with spec.ignore") { $0["status"] == "True" }
            #expect(rebuilt?[path: "status", "observedIgnore"] == "docs/\n*.png\n")
            #expect(rebuilt?[path: "status", "artifact", "revision"]?.stringValue == "v1@\(pushed.digest)")
            #expect(try await OCIRepositoryTestEnv.files(of: rebuilt?[path: "status", "artifact"]).keys.sorted()
                    == [".sourceignore", "deploy/app.yaml"])
        }
    }
}
