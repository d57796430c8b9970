import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ref.semver` (with `semverFilter`): the highest tag in range among the registry's tags, the
/// revision naming that tag; a higher tag pushed later is picked up; an empty range fails.
@Suite struct OCIRepositorySemverTests {
    @Test func theHighestTagInRangeIsFollowed() async throws {
        let registry = try await RegistryFixture.shared()
        let repository = registry.uniquePath("semver") + "/manifests"
        for tag in ["1.0.0", "1.2.0", "2.0.0", "1.3.0-rc.1", "latest"] {
            try await FluxArtifact.push(registry, repository: repository, tag: tag, files: ["version": tag])
        }
        let picked = try await FluxArtifact.push(registry, repository: repository, tag: "v1.2.5", files: ["version": "v1.2.5"])
        try await OCIRepositoryTestEnv.with("oci-semver") { env in
            try await env.repository("app", url: "oci://\(registry.host)/\(repository)",
                                     ["insecure": true, "ref": ["semver": ">=1.0.0 <2.0.0", "tag": "latest"]])
            let ready = await env.wait("app", what: "Ready") { $0["status"] == "True" }
            #expect(ready?[path: "status", "artifact", "revision"]?.stringValue == "v1.2.5@\(picked.digest)")
            #expect(try await OCIRepositoryTestEnv.files(of: ready?[path: "status", "artifact"]) == ["version": "v1.2.5"])

            let newer = try await FluxArtifact.push(registry, repository: repository, tag: "1.4.0", files: ["version": "1.4.0"])
            try await env.reconcile("app")
            let moved = await env.wait("app", what: "at 1.4.0") { $0["status"] == "True" && $0["message"]?.stringValue?.contains(newer.digest) == true }
            #expect(moved?[path: "status", "artifact", "revision"]?.stringValue == "1.4.0@\(newer.digest)")

            // semverFilter narrows the tags first: only `v`-prefixed ones.
            try await env.repository("app", url: "oci://\(registry.host)/\(repository)",
                                     ["insecure": true, "ref": ["semver": ">=1.0.0 <2.0.0", "semverFilter": "^v"]])
            let filtered = await env.wait("app", what: "Ready with the filter") { $0["status"] == "True" }
            #expect(filtered?[path: "status", "artifact", "revision"]?.stringValue == "v1.2.5@\(picked.digest)")

            // Nothing in range: FetchFailed naming the range, the artifact kept.
            try await env.repository("app", url: "oci://\(registry.host)/\(repository)", ["insecure": true, "ref": ["semver": ">=5.0.0"]])
            let failed = await env.wait("app", what: "failed") { $0["status"] == "False" }
            let fetch = OCIRepositoryTestEnv.condition(failed, "FetchFailed")
            #expect(fetch?["reason"] == "OCIArtifactPullFailed")
            #expect(fetch?["message"]?.stringValue?.hasSuffix("no match found for semver: >=5.0.0") == true)
            #expect(failed?[path: "status", "artifact", "revision"]?.stringValue == "v1.2.5@\(picked.digest)")
        }
    }
}
