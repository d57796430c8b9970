import FerryTesting
import Foundation
import ImageController
import KubernetesClient
import Manifests
import Testing

/// ImageRepositories against a real registry: what a scan stores and reports, Flux's default
/// exclusion of signature tags, credentials through the bearer-token flow, and new tags found
/// by the next scan.
@Suite struct ImageRepositoryTests {
    static let kind = ImageKinds.imageRepository

    @Test func aScanCountsTheTagsAndLeavesOutSignaturesAndExcludedTags() async throws {
        let registry = try await RegistryFixture.shared()
        let path = registry.uniquePath("scan") + "/app"
        for tag in ["1.0.0", "1.1.0", "2.0.0", "sha256-1a2b3c.sig"] { try await registry.pushImage(repository: path, tag: tag) }
        try await ImageTestEnv.with("image-scan") { env in
            try await env.repository("app", image: "\(registry.host)/\(path)")
            let scanned = await env.wait(Self.kind, "app", what: "scanned") { $0.readyStatus == "True" }
            let result = scanned?[path: "status", "lastScanResult"]
            // The default exclusion list drops the cosign signature tag.
            #expect(result?["tagCount"] == 3)
            #expect(result?["latestTags"] == ["2.0.0", "1.1.0", "1.0.0"])
            #expect(scanned?[path: "status", "canonicalImageName"]?.stringValue == "\(registry.host)/\(path)")
            #expect(scanned?[path: "status", "observedExclusionList"] == [#"^.*\.sig$"#])
            let revision = try #require(result?["revision"]?.stringValue)
            #expect(scanned?.readyMessage == "successful scan: found 3 tags with checksum \(revision)")

            // An exclusion list of one's own replaces the default: the signature is a tag again.
            try await env.repository("app", image: "\(registry.host)/\(path)", extra: ["exclusionList": [#"^1\."#]])
            let rescanned = await env.wait(Self.kind, "app", what: "rescanned with the new exclusion list") {
                $0[path: "status", "observedExclusionList"] == [#"^1\."#]
            }
            #expect(rescanned?[path: "status", "lastScanResult", "latestTags"] == ["sha256-1a2b3c.sig", "2.0.0"])
            #expect(rescanned?.readyStatus == "True")
        }
    }

    @Test func aRegistryThatWantsCredentialsFailsTheScanUntilASecretGivesThem() async throws {
        let registry = try await RegistryFixture.shared(.tokenAuth)
        let path = registry.uniquePath("auth") + "/app"
        try await registry.pushImage(repository: path, tag: "0.1.0")
        try await ImageTestEnv.with("image-auth") { env in
            try await env.repository("private", image: "\(registry.host)/\(path)")
            let refused = await env.wait(Self.kind, "private", what: "refused") { $0.readyStatus == "False" }
            #expect(refused?.readyReason == "AuthenticationFailed")
            #expect(refused?.readyMessage?.hasPrefix("scan failed: ") == true)
            #expect(refused?[path: "status", "lastScanResult"] == nil)

            // A Secret with the wrong password is refused by the token server the same way, and the
            // password is never shown.
            let wrong = #"{"auths":{"\#(registry.host)":{"username":"\#(registry.username)","password":"not-the-password"}}}"#
            try await env.dockerConfigSecret("wrong", config: wrong)
            try await env.repository("private", image: "\(registry.host)/\(path)", extra: ["secretRef": ["name": "wrong"]])
            // (`wait` only accepts a Ready condition of the new generation.)
            let stillRefused = await env.wait(Self.kind, "private", what: "refused with the wrong password") { $0.readyStatus == "False" }
            #expect(stillRefused?.readyReason == "AuthenticationFailed")
            #expect(stillRefused?.readyMessage?.contains("not-the-password") == false)
            #expect(stillRefused?.readyMessage?.contains("no credentials were given") == false)

            try await env.dockerConfigSecret("creds", config: registry.dockerConfigJSON)
            try await env.repository("private", image: "\(registry.host)/\(path)", extra: ["secretRef": ["name": "creds"]])
            let scanned = await env.wait(Self.kind, "private", what: "scanned with credentials") { $0.readyStatus == "True" }
            #expect(scanned?[path: "status", "lastScanResult", "tagCount"] == 1)
        }
    }

    @Test func aMissingSecretIsAnAuthenticationFailure() async throws {
        let registry = try await RegistryFixture.shared()
        try await ImageTestEnv.with("image-nosecret") { env in
            try await env.repository("app", image: "\(registry.host)/nothing/here", extra: ["secretRef": ["name": "absent"]])
            let failed = await env.wait(Self.kind, "app", what: "failed") { $0.readyStatus == "False" }
            #expect(failed?.readyReason == "AuthenticationFailed")
            #expect(failed?.readyMessage?.contains("absent") == true)
        }
    }

    @Test func anImageWithATagStallsWithImageURLInvalid() async throws {
        try await ImageTestEnv.with("image-badurl") { env in
            try await env.repository("app", image: "ghcr.io/org/app:1.0")
            let stalled = await env.wait(Self.kind, "app", what: "stalled") { $0.readyStatus == "False" }
            #expect(stalled?.readyReason == "ImageURLInvalid")
            #expect(stalled?.readyMessage == "image 'ghcr.io/org/app:1.0' should not include a tag; remove ':1.0'")
        }
    }

    @Test func aTagPushedLaterIsFoundByTheNextScan() async throws {
        let registry = try await RegistryFixture.shared()
        let path = registry.uniquePath("later") + "/app"
        try await registry.pushImage(repository: path, tag: "1.0.0")
        try await ImageTestEnv.with("image-later") { env in
            try await env.repository("app", image: "\(registry.host)/\(path)", interval: "2s")
            let first = await env.wait(Self.kind, "app", what: "scanned") { $0.readyStatus == "True" }
            #expect(first?[path: "status", "lastScanResult", "tagCount"] == 1)
            let firstRevision = first?[path: "status", "lastScanResult", "revision"]

            try await registry.pushImage(repository: path, tag: "1.1.0")
            let second = await env.wait(Self.kind, "app", what: "found the new tag") {
                $0[path: "status", "lastScanResult", "tagCount"] == 2
            }
            #expect(second?[path: "status", "lastScanResult", "latestTags"] == ["1.1.0", "1.0.0"])
            #expect(second?[path: "status", "lastScanResult", "revision"] != firstRevision)
        }
    }
}
