import Archive
import Crypto
import ControllerRuntime
import FerryTesting
import Foundation
import KustomizeController
import Testing

/// Fetching an artifact over HTTP: retries, digest, sizes and a safe extraction — what a
/// Kustomization's `ArtifactFailed` message says when any of it goes wrong.
@Suite struct ArtifactFetcherTests {
    static func digest(_ bytes: [UInt8]) -> String {
        "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Quick retries, so the failing cases take milliseconds.
    static func fetcher(retries: Int = 2, maxSize: Int64 = 50 << 20, maxUntarSize: Int64 = 100 << 20) -> ArtifactFetcher {
        var f = ArtifactFetcher(retries: retries, maxSize: maxSize, maxUntarSize: maxUntarSize)
        f.retryWaitMin = .milliseconds(10)
        f.retryWaitMax = .milliseconds(40)
        return f
    }

    static func fetchError(_ fetcher: ArtifactFetcher, _ url: String, digest: String? = nil, into dir: String) async -> ArtifactFetchError? {
        do {
            try await fetcher.fetch(url: url, digest: digest, into: dir)
            return nil
        } catch {
            return error
        }
    }

    @Test func goodArtifactIsVerifiedAndExtractedWithNormalisedModesAndInnerSymlinks() async throws {
        var archive = TestArchive()
        archive.directory("apps")
        archive.file("apps/deploy.yaml", "kind: Deployment\n", mode: 0o664)
        archive.file("./scripts/run.sh", "#!/bin/sh\n", mode: 0o775)
        archive.file("apps/nested/deep/cm.yaml", "kind: ConfigMap\n", mode: 0o600)
        archive.symlink("apps/current", to: "nested/deep")
        archive.symlink("latest.yaml", to: "apps/./nested/../deploy.yaml")
        let bytes = archive.gzipped
        let server = try await ArtifactServer.start()
        server.serve("/gitrepository/ns/app/abc.tar.gz", bytes)
        let scratch = ScratchDirectory()
        let dir = scratch.path + "/work/artifact"

        try await Self.fetcher().fetch(url: server.url("/gitrepository/ns/app/abc.tar.gz"), digest: Self.digest(bytes), into: dir)

        #expect(scratch.read("work/artifact/apps/deploy.yaml") == "kind: Deployment\n")
        #expect(scratch.read("work/artifact/apps/current/cm.yaml") == "kind: ConfigMap\n")
        #expect(scratch.read("work/artifact/latest.yaml") == "kind: Deployment\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/apps/current") == "nested/deep")
        func mode(_ p: String) throws -> Int { try (FileManager.default.attributesOfItem(atPath: dir + "/" + p)[.posixPermissions] as? Int) ?? -1 }
        #expect(try mode("apps/deploy.yaml") == 0o644)
        #expect(try mode("apps/nested/deep/cm.yaml") == 0o644)
        #expect(try mode("scripts/run.sh") == 0o755)
        try await server.stop()
    }

    @Test func archiveWrittenByGNUTarWithLongNamesExtracts() async throws {
        let scratch = ScratchDirectory()
        let long = String(repeating: "l", count: 120) + "/" + String(repeating: "m", count: 110) + ".yaml"
        try scratch.write("src/" + long, "long: true\n")
        try FileManager.default.createSymbolicLink(atPath: scratch.path + "/src/link.yaml", withDestinationPath: long)
        try await LocalControlPlane.run("/usr/bin/tar", ["-C", scratch.path + "/src", "-czf", scratch.path + "/a.tar.gz", "."])
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/a.tar.gz")))
        let server = try await ArtifactServer.start()
        server.serve("/a.tar.gz", bytes)
        try await Self.fetcher().fetch(url: server.url("/a.tar.gz"), digest: Self.digest(bytes), into: scratch.path + "/out")
        #expect(scratch.read("out/" + long) == "long: true\n")
        #expect(scratch.read("out/link.yaml") == "long: true\n")
        try await server.stop()
    }

    @Test func wrongDigestFailsBeforeAnythingIsWritten() async throws {
        var archive = TestArchive()
        archive.file("a.yaml", "a: 1\n")
        let server = try await ArtifactServer.start()
        server.serve("/a.tar.gz", archive.gzipped)
        let scratch = ScratchDirectory()
        let wrong = "sha256:" + String(repeating: "0", count: 64)
        let error = await Self.fetchError(Self.fetcher(), server.url("/a.tar.gz"), digest: wrong, into: scratch.path + "/out")
        #expect(error?.description == "failed to verify artifact: computed digest doesn't match '\(wrong)'")
        #expect(error?.kind == .verify)
        #expect(!scratch.exists("out"))
        let malformed = await Self.fetchError(Self.fetcher(), server.url("/a.tar.gz"), digest: "sha256-abc", into: scratch.path + "/out")
        #expect(malformed?.description == "failed to verify artifact: invalid digest 'sha256-abc'")
        try await server.stop()
    }

    @Test func missingArtifactIsReportedAtOnceWithItsStatus() async throws {
        let server = try await ArtifactServer.start()
        let scratch = ScratchDirectory()
        let url = server.url("/gitrepository/ns/app/gone.tar.gz")
        let error = await Self.fetchError(Self.fetcher(retries: 3), url, into: scratch.path + "/out")
        #expect(error?.description == "failed to download artifact from \(url), status: 404 Not Found")
        #expect(error?.kind == .notFound)
        #expect(server.requests("/gitrepository/ns/app/gone.tar.gz") == 1)
        try await server.stop()
    }

    @Test func serverErrorsAreRetriedUntilTheArtifactComes() async throws {
        var archive = TestArchive()
        archive.file("a.yaml", "a: 1\n")
        let bytes = archive.gzipped
        let server = try await ArtifactServer.start()
        server.answer("/a.tar.gz", with: [
            .text("busy", status: .serviceUnavailable), .text("oops", status: .badGateway),
            HTTPResponse(body: .bytes(bytes)),
        ])
        let scratch = ScratchDirectory()
        try await Self.fetcher(retries: 2).fetch(url: server.url("/a.tar.gz"), digest: Self.digest(bytes), into: scratch.path + "/out")
        #expect(scratch.read("out/a.yaml") == "a: 1\n")
        #expect(server.requests("/a.tar.gz") == 3)

        server.answer("/broken.tar.gz", with: [.text("oops", status: .internalServerError)])
        let error = await Self.fetchError(Self.fetcher(retries: 2), server.url("/broken.tar.gz"), into: scratch.path + "/x")
        #expect(error?.description == "failed to download artifact from \(server.url("/broken.tar.gz")), status: 500 Internal Server Error (after 3 attempts)")
        #expect(server.requests("/broken.tar.gz") == 3)

        server.answer("/forbidden.tar.gz", with: [.text("no", status: .forbidden)])
        let forbidden = await Self.fetchError(Self.fetcher(retries: 2), server.url("/forbidden.tar.gz"), into: scratch.path + "/x")
        #expect(forbidden?.description == "failed to download artifact from \(server.url("/forbidden.tar.gz")), status: 403 Forbidden")
        #expect(server.requests("/forbidden.tar.gz") == 1)
        try await server.stop()
    }

    @Test func unreachableServerFailsAfterTheRetries() async throws {
        // A port that was just free: nothing listens there.
        let server = try await ArtifactServer.start()
        let url = server.url("/a.tar.gz")
        try await server.stop()
        let scratch = ScratchDirectory()
        let error = await Self.fetchError(Self.fetcher(retries: 1), url, into: scratch.path + "/out")
        #expect(error?.kind == .download)
        #expect(error?.description.hasPrefix("failed to download artifact from \(url), error: ") == true)
        #expect(error?.description.hasSuffix("(after 2 attempts)") == true)
        let bad = await Self.fetchError(Self.fetcher(retries: 5), "ftp://example.invalid/a.tar.gz", into: scratch.path + "/out")
        #expect(bad?.kind == .download)
    }

    @Test func oversizedDownloadsAndGzipBombsAreRefused() async throws {
        var big = TestArchive()
        big.file("big.yaml", String(repeating: "x", count: 300_000))
        let server = try await ArtifactServer.start()
        server.serve("/big.tar.gz", big.gzipped)
        let scratch = ScratchDirectory()
        let untar = await Self.fetchError(Self.fetcher(maxUntarSize: 100_000), server.url("/big.tar.gz"), into: scratch.path + "/a")
        #expect(untar?.description.hasPrefix("failed to extract artifact: artifact exceeds the maximum extracted size of 100000 bytes") == true)
        #expect(!scratch.exists("a/big.yaml"))
        let download = await Self.fetchError(Self.fetcher(maxSize: 100), server.url("/big.tar.gz"), into: scratch.path + "/b")
        #expect(download?.description == "failed to download artifact from \(server.url("/big.tar.gz")): artifact is larger than the maximum download size of 100 bytes")
        // 20 MB of zeros compress to a few KB.
        var bomb: [UInt8] = []
        let gzip = try GzipWriter { bomb += $0 }
        try gzip.write([UInt8](repeating: 0, count: 20 << 20))
        try gzip.finish()
        server.serve("/bomb.tar.gz", bomb)
        let exploded = await Self.fetchError(Self.fetcher(maxUntarSize: 1 << 20), server.url("/bomb.tar.gz"), into: scratch.path + "/c")
        #expect(exploded?.description == "failed to extract artifact: artifact exceeds the maximum extracted size of 1048576 bytes")
        try await server.stop()
    }

    static let hostile: [(String, @Sendable (inout TestArchive) -> Void, String)] = [
        ("dotdot", { $0.file("../x", "x") }, "failed to extract artifact: entry '../x' escapes the target directory"),
        ("nested dotdot", { $0.file("a/../../x", "x") }, "failed to extract artifact: entry 'a/../../x' escapes the target directory"),
        ("absolute", { $0.file("/tmp/x", "x") }, "failed to extract artifact: entry '/tmp/x' escapes the target directory"),
        ("escaping symlink", { $0.symlink("apps/evil", to: "../../etc") },
         "failed to extract artifact: symlink 'apps/evil' -> '../../etc' escapes the target directory"),
        ("absolute symlink", { $0.symlink("passwd", to: "/etc/passwd") },
         "failed to extract artifact: symlink 'passwd' -> '/etc/passwd' escapes the target directory"),
        ("symlinks escaping together", { $0.symlink("a", to: "b/.."); $0.symlink("b", to: ".") },
         "failed to extract artifact: symlink 'a' -> 'b/..' escapes the target directory"),
        ("write through a symlink", { $0.symlink("d", to: "."); $0.file("d/x.yaml", "x") },
         "failed to extract artifact: symlink 'd' conflicts with another entry"),
        ("hard link", { $0.file("a", "a"); $0.hardLink("b", to: "a") },
         "failed to extract artifact: entry 'b' has an unsupported type (hard link)"),
    ]

    @Test(arguments: hostile.indices)
    func hostileArchivesAreRefusedAndLeaveNothingOutside(_ index: Int) async throws {
        let (name, build, message) = Self.hostile[index]
        var archive = TestArchive()
        archive.file("ok.yaml", "ok: 1\n")
        build(&archive)
        let server = try await ArtifactServer.start()
        server.serve("/a.tar.gz", archive.gzipped)
        let scratch = ScratchDirectory()
        let error = await Self.fetchError(Self.fetcher(), server.url("/a.tar.gz"), into: scratch.path + "/deep/out")
        #expect(error?.description == message, "\(name)")
        #expect(error?.kind == .extract)
        #expect(!scratch.exists("x") && !scratch.exists("deep/x"), "\(name)")
        // No symlink that leaves the directory survives a failed extraction.
        for link in ["a", "b", "apps/evil", "passwd"] {
            #expect(!scratch.exists("deep/out/" + link) || index == 7, "\(name): \(link)")
        }
        try await server.stop()
    }
}
