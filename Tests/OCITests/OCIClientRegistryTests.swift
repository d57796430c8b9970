import FerryTesting
import Foundation
import OCI
import Testing

/// The client against a real registry (`scripts/registry-server`: docker-registry 2.8).
@Suite(.serialized)
struct OCIClientRegistryTests {
    @Test func pushedChartPullsBackWithHelmsMediaTypes() async throws {
        let registry = try await RegistryFixture.shared()
        let pushed = try await registry.pushChart(path: registry.uniquePath("roundtrip"), chart: "app", version: "1.2.3+build.4")
        #expect(pushed.tag == "1.2.3_build.4")
        let client = registry.client()
        let pulled = try await client.manifest(repository: pushed.repository, reference: pushed.tag)
        #expect(pulled.digest == pushed.manifestDigest)
        #expect(pulled.manifest.config.mediaType == OCIMediaType.helmConfig)
        let layer = try #require(pulled.manifest.layers.first)
        #expect(layer.mediaType == OCIMediaType.helmChartContent)
        let bytes = try await client.blob(repository: pushed.repository, descriptor: layer, maxSize: 1 << 20)
        #expect(bytes == pushed.archive)
        // By digest too: the manifest's bytes must hash to the reference.
        let byDigest = try await client.manifest(repository: pushed.repository, reference: pushed.manifestDigest)
        #expect(byDigest.bytes == pulled.bytes)
    }

    @Test func referencesResolveByTagAndByDigest() async throws {
        let registry = try await RegistryFixture.shared()
        let pushed = try await registry.pushChart(path: registry.uniquePath("resolve"), chart: "app", version: "2.1.0")
        let client = registry.client()
        #expect(try await client.manifestDigest(repository: pushed.repository, reference: "2.1.0") == pushed.manifestDigest)
        let byTag = try await client.manifest(try OCIReference.parse("oci://\(registry.host)/\(pushed.repository):2.1.0"))
        let byDigest = try await client.manifest(try OCIReference.parse("\(registry.host)/\(pushed.repository)@\(pushed.manifestDigest)"))
        #expect(byTag.digest == pushed.manifestDigest)
        #expect(byDigest.bytes == byTag.bytes)
        // No tag and no digest is `latest`, which was never pushed.
        await #expect {
            _ = try await client.manifest(try OCIReference.parse("\(registry.host)/\(pushed.repository)"))
        } throws: { ($0 as? OCIError)?.kind == .notFound }
        await #expect {
            _ = try await client.manifest(try OCIReference.parse("other.example/\(pushed.repository):2.1.0"))
        } throws: { ($0 as? OCIError)?.kind == .invalidReference }
    }

    @Test func tagsAreListedAcrossPages() async throws {
        let registry = try await RegistryFixture.shared()
        let path = registry.uniquePath("tags")
        for version in ["0.1.0", "0.2.0", "0.10.0", "1.0.0-rc.1", "1.0.0"] {
            try await registry.pushChart(path: path, chart: "app", version: version)
        }
        // Two tags a page: three pages joined through the Link headers.
        let tags = try await registry.client().tags(repository: path + "/app", pageSize: 2)
        #expect(tags.sorted() == ["0.1.0", "0.10.0", "0.2.0", "1.0.0", "1.0.0-rc.1"])
    }

    @Test func blobOverTheCapIsRefusedBeforeDownload() async throws {
        let registry = try await RegistryFixture.shared()
        let pushed = try await registry.pushChart(path: registry.uniquePath("cap"), chart: "app", version: "1.0.0")
        let client = registry.client()
        let layer = try #require(try await client.manifest(repository: pushed.repository, reference: "1.0.0").manifest.layers.first)
        await #expect {
            _ = try await client.blob(repository: pushed.repository, descriptor: layer, maxSize: 100)
        } throws: { ($0 as? OCIError)?.kind == .tooLarge }
        // A descriptor lying about the digest: the bytes are checked, not trusted.
        var lying = layer
        lying.digest = "sha256:" + String(repeating: "0", count: 64)
        await #expect {
            _ = try await client.blob(repository: pushed.repository, descriptor: lying, maxSize: 1 << 20)
        } throws: { [.notFound, .digestMismatch].contains(($0 as? OCIError)?.kind) }
    }

    @Test func aBlobCorruptedInTheRegistrysStorageIsRefused() async throws {
        let registry = try await RegistryFixture.shared()
        let pushed = try await registry.pushChart(path: registry.uniquePath("corrupt"), chart: "app", version: "1.0.0")
        // distribution's filesystem layout: blobs/sha256/<2 hex>/<hex>/data. Same size, other bytes.
        let hex = String(pushed.chartDigest.dropFirst("sha256:".count))
        let file = registry.directory + "/data/docker/registry/v2/blobs/sha256/\(hex.prefix(2))/\(hex)/data"
        var bytes = [UInt8](try #require(FileManager.default.contents(atPath: file)))
        bytes[bytes.count / 2] ^= 0xff
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let client = registry.client()
        let layer = try #require(try await client.manifest(repository: pushed.repository, reference: "1.0.0").manifest.layers.first)
        await #expect {
            _ = try await client.blob(repository: pushed.repository, descriptor: layer, maxSize: 1 << 20)
        } throws: { error in
            guard let error = error as? OCIError else { return false }
            return error.kind == .digestMismatch && error.message.contains(pushed.chartDigest)
        }
    }

    @Test func missingTagAndRepositoryAreNotFound() async throws {
        let registry = try await RegistryFixture.shared()
        let pushed = try await registry.pushChart(path: registry.uniquePath("missing"), chart: "app", version: "1.0.0")
        let client = registry.client()
        await #expect {
            _ = try await client.manifest(repository: pushed.repository, reference: "9.9.9")
        } throws: { ($0 as? OCIError)?.kind == .notFound }
        await #expect {
            _ = try await client.tags(repository: pushed.repository + "-nope")
        } throws: { ($0 as? OCIError)?.kind == .notFound }
    }

    @Test func basicAuthRegistryWantsCredentials() async throws {
        let registry = try await RegistryFixture.shared(.basicAuth)
        let pushed = try await registry.pushChart(path: registry.uniquePath("auth"), chart: "app", version: "1.0.0")
        #expect(try await registry.client().tags(repository: pushed.repository) == ["1.0.0"])
        await #expect {
            _ = try await registry.client(anonymous: true).tags(repository: pushed.repository)
        } throws: { error in
            guard let error = error as? OCIError else { return false }
            return error.kind == .unauthorized && error.message.contains("no credentials")
        }
        var options = OCIClient.Options()
        options.plainHTTP = true
        options.credentials = .basic(username: registry.username, password: "wrong")
        await #expect {
            _ = try await OCIClient(registry: registry.host, options: options).tags(repository: pushed.repository)
        } throws: { error in
            guard let error = error as? OCIError else { return false }
            return error.kind == .unauthorized && error.message.contains("401") && !error.message.contains(registry.password)
        }
    }

    @Test func tokenAuthRegistryIsAnsweredThroughItsTokenServer() async throws {
        let registry = try await RegistryFixture.shared(.tokenAuth)
        // Pushing and pulling take tokens for two scopes (pull,push and pull) from the realm the 401 names.
        let pushed = try await registry.pushChart(path: registry.uniquePath("token"), chart: "app", version: "2.0.0")
        let client = registry.client()
        let pulled = try await client.manifest(repository: pushed.repository, reference: "2.0.0")
        let layer = try #require(pulled.manifest.layers.first)
        #expect(try await client.blob(repository: pushed.repository, descriptor: layer, maxSize: 1 << 20) == pushed.archive)
        #expect(try await client.tags(repository: pushed.repository) == ["2.0.0"])
        // Without credentials the token server refuses; the error names it, not the registry's 401.
        await #expect {
            _ = try await registry.client(anonymous: true).tags(repository: pushed.repository)
        } throws: { error in
            guard let error = error as? OCIError else { return false }
            return error.kind == .unauthorized && error.message.contains("token server") && error.message.contains("no credentials")
        }
    }

    @Test func unreachableRegistryIsATransportError() async throws {
        var options = OCIClient.Options()
        options.plainHTTP = true
        options.timeout = .seconds(5)
        await #expect {
            _ = try await OCIClient(registry: "127.0.0.1:1", options: options).tags(repository: "a/b")
        } throws: { error in
            guard let error = error as? OCIError else { return false }
            return error.kind == .transport && error.message.contains("127.0.0.1:1")
        }
    }
}
