import FerryTesting
import Foundation
import ImageController
import KubernetesClient
import Manifests
import Testing

/// ImagePolicies against a real registry: the rule's pick in `status.latestRef`, a policy that
/// matches nothing changing nothing, a new scan waking the policy, and digest reflection.
@Suite struct ImagePolicyTests {
    static let repositoryKind = ImageKinds.imageRepository
    static let kind = ImageKinds.imagePolicy

    @Test func semverPicksTheHighestAndAPolicyThatMatchesNothingChangesNothing() async throws {
        let registry = try await RegistryFixture.shared()
        let path = registry.uniquePath("semver") + "/app"
        for tag in ["1.0.0", "1.2.0", "1.10.0", "2.0.0-rc.1", "latest"] { try await registry.pushImage(repository: path, tag: tag) }
        let image = "\(registry.host)/\(path)"
        try await ImageTestEnv.with("policy-semver") { env in
            try await env.repository("app", image: image)
            try await env.policy("app", repository: "app", policy: ["semver": ["range": ">=1.0.0"]])
            let picked = await env.wait(Self.kind, "app", what: "picked a tag") { $0.readyStatus == "True" }
            // 1.10.0 over 1.2.0 (versions, not text); the prerelease is out of a range without one.
            #expect(picked?[path: "status", "latestRef", "name"]?.stringValue == image)
            #expect(picked?[path: "status", "latestRef", "tag"] == "1.10.0")
            #expect(picked?[path: "status", "latestRef", "digest"] == nil)
            #expect(picked?.readyMessage == "Latest image tag for \(image) resolved to 1.10.0")

            try await env.policy("app", repository: "app", policy: ["semver": ["range": ">=5.0.0"]])
            let unmatched = await env.wait(Self.kind, "app", what: "failed to match") { $0.readyStatus == "False" }
            #expect(unmatched?.readyReason == "Failure")
            #expect(unmatched?.readyMessage == "unable to determine latest version from provided list")
            #expect(unmatched?[path: "status", "latestRef", "tag"] == "1.10.0")

            // A range naming a prerelease picks it.
            try await env.policy("app", repository: "app", policy: ["semver": ["range": ">=1.0.0-0"]])
            let prerelease = await env.wait(Self.kind, "app", what: "picked the prerelease") { $0.readyStatus == "True" }
            #expect(prerelease?[path: "status", "latestRef", "tag"] == "2.0.0-rc.1")
            #expect(prerelease?[path: "status", "observedPreviousRef", "tag"] == "1.10.0")
            #expect(prerelease?.readyMessage == "Latest image tag for \(image) resolved to 2.0.0-rc.1 (previously \(image):1.10.0)")
        }
    }

    @Test func aNewScanWakesThePolicy() async throws {
        let registry = try await RegistryFixture.shared()
        let path = registry.uniquePath("wake") + "/app"
        for tag in ["build-7", "build-12"] { try await registry.pushImage(repository: path, tag: tag) }
        try await ImageTestEnv.with("policy-wake") { env in
            try await env.repository("app", image: "\(registry.host)/\(path)", interval: "2s")
            try await env.policy("app", repository: "app", policy: ["numerical": ["order": "asc"]],
                                 extra: ["filterTags": ["pattern": "^build-(?P<n>[0-9]+)$", "extract": "$n"]])
            let first = await env.wait(Self.kind, "app", what: "picked build-12") {
                $0[path: "status", "latestRef", "tag"] == "build-12"
            }
            #expect(first?.readyStatus == "True")

            try await registry.pushImage(repository: path, tag: "build-100")
            let second = await env.wait(Self.kind, "app", what: "picked build-100 after the next scan") {
                $0[path: "status", "latestRef", "tag"] == "build-100"
            }
            #expect(second?[path: "status", "observedPreviousRef", "tag"] == "build-12")
        }
    }

    @Test func aPolicyWaitsForItsRepository() async throws {
        let registry = try await RegistryFixture.shared()
        let path = registry.uniquePath("wait") + "/app"
        try await registry.pushImage(repository: path, tag: "3.1.4")
        try await ImageTestEnv.with("policy-wait") { env in
            try await env.policy("app", repository: "later", policy: ["alphabetical": ["order": "asc"]])
            let waiting = await env.wait(Self.kind, "app", what: "waiting") { $0.readyStatus == "False" }
            #expect(waiting?.readyReason == "DependencyNotReady")
            #expect(waiting?[path: "status", "latestRef"] == nil)

            try await env.repository("later", image: "\(registry.host)/\(path)")
            let picked = await env.wait(Self.kind, "app", what: "picked once the repository was scanned") { $0.readyStatus == "True" }
            #expect(picked?[path: "status", "latestRef", "tag"] == "3.1.4")
        }
    }

    @Test func digestReflectionAlwaysFollowsATagThatMoves() async throws {
        let registry = try await RegistryFixture.shared()
        let path = registry.uniquePath("digest") + "/app"
        let first = try await registry.pushImage(repository: path, tag: "1.0.0", content: "one")
        try await ImageTestEnv.with("policy-digest") { env in
            try await env.repository("app", image: "\(registry.host)/\(path)")
            try await env.policy("app", repository: "app", policy: ["semver": ["range": "1.x"]],
                                 extra: ["digestReflectionPolicy": "Always", "interval": "2s"])
            let reflected = await env.wait(Self.kind, "app", what: "reflected the digest") {
                $0[path: "status", "latestRef", "digest"]?.stringValue == first.manifestDigest
            }
            #expect(reflected?.readyMessage?.hasSuffix("resolved to 1.0.0 with digest \(first.manifestDigest)") == true)

            // The same tag pushed again with other content: the next refresh sees the new digest
            // without a new scan.
            let second = try await registry.pushImage(repository: path, tag: "1.0.0", content: "two")
            #expect(second.manifestDigest != first.manifestDigest)
            let moved = await env.wait(Self.kind, "app", what: "followed the moved tag") {
                $0[path: "status", "latestRef", "digest"]?.stringValue == second.manifestDigest
            }
            #expect(moved?[path: "status", "observedPreviousRef", "digest"]?.stringValue == first.manifestDigest)
        }
    }

    @Test func digestReflectionAlwaysWithoutAnIntervalStalls() async throws {
        try await ImageTestEnv.with("policy-nointerval") { env in
            try await env.policy("app", repository: "app", policy: ["semver": ["range": "*"]], extra: ["digestReflectionPolicy": "Always"])
            let stalled = await env.wait(Self.kind, "app", what: "stalled") { $0.readyStatus == "False" }
            #expect(stalled?.readyReason == "IntervalNotConfigured")
            #expect(stalled?.readyMessage == "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'")
        }
    }
}
