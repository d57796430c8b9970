import ChildProcess
import ControllerRuntime
import Foundation
import Testing
@testable import SourceController

/// The artifact server serves artifacts and nothing else, tried against the real HTTP server:
/// no directory listings, no traversal (plain or percent-encoded), no symlinks, no temporary or
/// other files that happen to lie in storage.
@Suite struct ArtifactServerTraversalTests {
    @Test func onlyArtifactsAreServed() async throws {
        let fx = try GitFixture()
        let storage = ArtifactStorage(root: fx.root + "/storage", advertisedAddress: "127.0.0.1")
        let path = "gitrepository/default/app/abc.tar.gz"
        try await fx.write(fx.root + "/tree/a.yaml", "a\n")
        let tmp = try storage.temporaryPath(for: path)
        _ = try Archiver.archive(directory: fx.root + "/tree", to: tmp, matcher: IgnoreMatcher(patterns: []))
        try storage.commit(temporaryPath: tmp, to: path)
        let app = fx.root + "/storage/gitrepository/default/app"
        try await fx.write(fx.root + "/secret.tar.gz", "secret\n")
        try await fx.write(app + "/credentials", "password\n")
        try await fx.write(app + "/.tmp-1234", "half\n")
        try FileManager.default.createSymbolicLink(atPath: app + "/leak.tar.gz", withDestinationPath: fx.root + "/secret.tar.gz")
        try FileManager.default.createSymbolicLink(atPath: app + "/alias.tar.gz", withDestinationPath: "abc.tar.gz")
        try FileManager.default.createSymbolicLink(atPath: fx.root + "/storage/gitrepository/default/linked", withDestinationPath: app)
        #expect(mkfifo(app + "/fifo.tar.gz", 0o600) == 0)

        let server = HTTPServer(host: "127.0.0.1", port: 0, routes: storage.routes)
        let running = Task { try await server.run() }
        defer { running.cancel() }
        let base = "http://127.0.0.1:\(try await server.boundPort())"

        // Async: a blocking wait here would hold one of the few threads the server itself runs on.
        func status(_ urlPath: String) async throws -> String {
            try await ChildProcess.run("curl", ["-s", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "30",
                                                base + urlPath]).stdoutText
        }
        #expect(try await status("/" + path) == "200")
        for bad in [
            "/", "/gitrepository/", "/gitrepository/default/app/", "/gitrepository/default/app",
            "/gitrepository/default/app/../../../../secret.tar.gz", "/gitrepository/default/app/%2e%2e/%2e%2e/%2e%2e/%2e%2e/secret.tar.gz",
            "/gitrepository/default/app%2fabc.tar.gz", "/gitrepository/default/app/credentials", "/gitrepository/default/app/.tmp-1234",
            "/gitrepository/default/app/leak.tar.gz", "/gitrepository/default/app/alias.tar.gz", "/gitrepository/default/linked/abc.tar.gz",
            "/gitrepository/default/app/fifo.tar.gz", "//gitrepository/default/app/abc.tar.gz", "/gitrepository//default/app/abc.tar.gz",
            "/gitrepository/default/app/abc.tar.gz/", "/x/gitrepository/default/app/abc.tar.gz",
        ] {
            #expect(try await status(bad) == "404", "\(bad)")
        }
        #expect(try await status("/" + path + "?x=1") == "200")
    }

    @Test func storageIsPrivateToTheController() async throws {
        let fx = try GitFixture()
        let storage = ArtifactStorage(root: fx.root + "/storage", advertisedAddress: "127.0.0.1")
        let path = "gitrepository/default/app/abc.tar.gz"
        try await fx.write(fx.root + "/tree/a.yaml", "a\n")
        let tmp = try storage.temporaryPath(for: path)
        _ = try Archiver.archive(directory: fx.root + "/tree", to: tmp, matcher: IgnoreMatcher(patterns: []))
        try storage.commit(temporaryPath: tmp, to: path)
        func mode(_ p: String) throws -> Int { try FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as? Int ?? -1 }
        #expect(try mode(storage.localPath(path)) == 0o600)
        for dir in ["gitrepository", "gitrepository/default", "gitrepository/default/app"] {
            #expect(try mode(storage.localPath(dir)) == 0o700, "\(dir)")
        }
    }
}
