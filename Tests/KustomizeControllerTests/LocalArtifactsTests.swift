import ControllerRuntime
import FerryTesting
import Foundation
import HelmController
import KustomizeController
import Testing

/// The source controllers' storage read in-process: a Kustomization or HelmRelease in the same
/// process as its source gets the artifact from disk — no HTTP request, and no need for the
/// advertised name (a Service name) to resolve — and anything the storage cannot vouch for is
/// downloaded as before.
@Suite struct LocalArtifactsTests {
    static let relative = "gitrepository/ns/app/abc.tar.gz"

    /// A storage root holding `bytes` at ``relative``, advertised as the server's address.
    static func storage(_ scratch: ScratchDirectory, server: ArtifactServer, bytes: [UInt8]) throws -> LocalArtifacts {
        try FileManager.default.createDirectory(atPath: scratch.path + "/storage/gitrepository/ns/app", withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: scratch.path + "/storage/" + relative))
        return LocalArtifacts(advertisedAddress: String(server.url("").dropFirst("http://".count)), root: scratch.path + "/storage/")
    }

    static func archive(_ text: String) -> [UInt8] {
        var archive = TestArchive()
        archive.file("cm.yaml", text)
        return archive.gzipped
    }

    @Test func anArtifactOfThisProcessIsReadFromStorageWithoutARequest() async throws {
        let server = try await ArtifactServer.start()
        let scratch = ScratchDirectory()
        let bytes = Self.archive("kind: ConfigMap\n")
        var fetcher = ArtifactFetcher(retries: 0)
        fetcher.local = try Self.storage(scratch, server: server, bytes: bytes)
        try await fetcher.fetch(url: server.url("/" + Self.relative), digest: ArtifactFetcherTests.digest(bytes), into: scratch.path + "/out")
        #expect(scratch.read("out/cm.yaml") == "kind: ConfigMap\n")
        #expect(server.requests("/" + Self.relative) == 0)

        // A HelmRelease's chart the same way.
        var charts = ChartArtifactFetcher()
        charts.local = fetcher.local
        let chart = try await charts.fetch(url: server.url("/" + Self.relative), digest: ArtifactFetcherTests.digest(bytes))
        #expect(chart == bytes)
        #expect(server.requests("/" + Self.relative) == 0)
        try await server.stop()
    }

    @Test func aStoredFileThatDoesNotMatchTheDigestIsDownloadedInstead() async throws {
        let server = try await ArtifactServer.start()
        let scratch = ScratchDirectory()
        let served = Self.archive("from: server\n")
        server.serve("/" + Self.relative, served)
        var fetcher = ArtifactFetcher(retries: 0)
        fetcher.local = try Self.storage(scratch, server: server, bytes: Self.archive("from: a stale or damaged file\n"))
        try await fetcher.fetch(url: server.url("/" + Self.relative), digest: ArtifactFetcherTests.digest(served), into: scratch.path + "/out")
        #expect(scratch.read("out/cm.yaml") == "from: server\n")
        #expect(server.requests("/" + Self.relative) == 1)

        var charts = ChartArtifactFetcher()
        charts.local = fetcher.local
        #expect(try await charts.fetch(url: server.url("/" + Self.relative), digest: ArtifactFetcherTests.digest(served)) == served)
        #expect(server.requests("/" + Self.relative) == 2)
        try await server.stop()
    }

    @Test func anotherAddressAMissingFileOrAnEscapingPathIsDownloaded() async throws {
        let server = try await ArtifactServer.start()
        let scratch = ScratchDirectory()
        let bytes = Self.archive("kind: ConfigMap\n")
        let local = try Self.storage(scratch, server: server, bytes: bytes)
        var fetcher = ArtifactFetcher(retries: 0)
        fetcher.local = local

        // Another shard's address: its storage is not this one, whatever the path.
        let other = LocalArtifacts(advertisedAddress: "source-controller.shard1.svc.cluster.local.", root: local.root)
        #expect(other.path(forURL: server.url("/" + Self.relative)) == nil)
        #expect(local.path(forURL: server.url("/" + Self.relative)) == local.root + "/" + Self.relative)

        // Not in storage (garbage-collected): the server's answer, here a 404.
        let gone = server.url("/gitrepository/ns/app/gone.tar.gz")
        await #expect(throws: ArtifactFetchError.self) { try await fetcher.fetch(url: gone, digest: nil, into: scratch.path + "/out") }
        #expect(server.requests("/gitrepository/ns/app/gone.tar.gz") == 1)

        // Paths that leave the root, or that the server would decode differently, are never read.
        try scratch.write("secret.tar.gz", "outside the storage root")
        for path in ["/../secret.tar.gz", "/gitrepository/../../secret.tar.gz", "/./gitrepository/ns/app/abc.tar.gz",
                     "//gitrepository/ns/app/abc.tar.gz", "/gitrepository/ns/app/abc.tar.gz?x=1", "/gitrepository/ns/app/%61bc.tar.gz", "/"] {
            #expect(local.path(forURL: server.url(path)) == nil, "\(path)")
        }
        #expect(local.bytes(forURL: server.url("/gitrepository/ns/app"), maxSize: nil) == nil, "a directory is not an artifact")
        #expect(local.bytes(forURL: server.url("/" + Self.relative), maxSize: bytes.count - 1) == nil, "larger than the caller accepts")
        try await server.stop()
    }
}
