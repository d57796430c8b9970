import ChildProcess
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import OCI
import Testing

/// An OCIRepository following a tag: the artifact is the layer's files, its revision Flux's
/// `<tag>@sha256:<digest>`, its metadata the manifest's annotations; a poll that finds the tag
/// where it was never downloads the artifact again; a moved tag is picked up.
@Suite struct OCIRepositoryTagTests {
    @Test func aTagIsFollowedAndAnUnchangedTagIsNeverDownloadedAgain() async throws {
        let registry = try await RegistryFixture.shared()
        let repository = registry.uniquePath("tag") + "/manifests"
        let first = try await FluxArtifact.push(registry, repository: repository, tag: "latest",
                                                files: ["deploy/config.yaml": "kind: ConfigMap\n", "README.md": "hello\n"])
        try await OCIRepositoryTestEnv.with("oci-tag") { env in
            // No ref: Flux's default, the tag `latest`.
            try await env.repository("app", url: "oci://\(registry.host)/\(repository)", ["insecure": true])
            let ready = await env.wait("app", what: "Ready") { $0["status"] == "True" }
            let revision = "latest@\(first.digest)"
            #expect(OCIRepositoryTestEnv.condition(ready)?["reason"] == "Succeeded")
            #expect(OCIRepositoryTestEnv.condition(ready)?["message"]?.stringValue == "stored artifact for digest '\(revision)'")
            let artifact = ready?[path: "status", "artifact"]
            #expect(artifact?["revision"]?.stringValue == revision)
            #expect(artifact?[path: "metadata", "org.opencontainers.image.revision"] == "main@sha1:0123456789abcdef0123456789abcdef01234567")
            #expect(artifact?[path: "metadata", "org.opencontainers.image.source"] == "https://git.example/app.git")
            #expect(ready?[path: "status", "url"]?.stringValue?.hasSuffix("/ocirepository/\(env.namespace)/app/latest.tar.gz") == true)
            #expect(ready?[path: "status", "observedLayerSelector", "operation"] == "extract")
            #expect(try await OCIRepositoryTestEnv.files(of: artifact) == ["deploy/config.yaml": "kind: ConfigMap\n", "README.md": "hello\n"])

            // Take the layer out of the registry: a poll that downloaded anything but the tag's
            // digest would now fail. It stays Ready with the same artifact, stored when it was.
            let deleted = try await ChildProcess.run("/usr/bin/curl", ["-fsS", "-X", "DELETE",
                                                                         "\(registry.url)/v2/\(repository)/blobs/\(OCIClient.digest(first.layer))"])
            #expect(deleted.status == 0, "\(deleted.stderrText)")
            let polled = try await env.reconcile("app")
            #expect(OCIRepositoryTestEnv.condition(polled)?["status"] == "True", "\(polled?[path: "status"]?.jsonString() ?? "")")
            #expect(polled?[path: "status", "artifact"] == artifact)

            // The tag moves: the next poll stores the new artifact.
            let second = try await FluxArtifact.push(registry, repository: repository, tag: "latest", files: ["deploy/config.yaml": "v2\n"],
                                                     revision: "main@sha1:fedcba9876543210fedcba9876543210fedcba98")
            try await env.reconcile("app")
            let moved = await env.wait("app", what: "at the new digest") { $0["status"] == "True" && $0["message"]?.stringValue?.contains(second.digest) == true }
            #expect(moved?[path: "status", "artifact", "revision"]?.stringValue == "latest@\(second.digest)")
            #expect(moved?[path: "status", "artifact", "metadata", "org.opencontainers.image.revision"] == "main@sha1:fedcba9876543210fedcba9876543210fedcba98")
            #expect(try await OCIRepositoryTestEnv.files(of: moved?[path: "status", "artifact"]) == ["deploy/config.yaml": "v2\n"])
        }
    }

    @Test func aTagThatDoesNotExistFailsNamingIt() async throws {
        let registry = try await RegistryFixture.shared()
        let repository = registry.uniquePath("missing") + "/manifests"
        try await FluxArtifact.push(registry, repository: repository, tag: "v1", files: ["a.yaml": "a\n"])
        try await OCIRepositoryTestEnv.with("oci-tag-missing") { env in
            try await env.repository("app", url: "oci://\(registry.host)/\(repository)", ["insecure": true, "ref": ["tag": "v2"]])
            let failed = await env.wait("app", what: "failed") { $0["status"] == "False" }
            let fetch = OCIRepositoryTestEnv.condition(failed, "FetchFailed")
            #expect(fetch?["reason"] == "OCIArtifactPullFailed")
            #expect(fetch?["message"]?.stringValue?.contains("failed to determine artifact digest") == true)
            #expect(fetch?["message"]?.stringValue?.contains("\(repository):v2: not found") == true)
            #expect(failed?[path: "status", "artifact"] == nil)
        }
    }
}
