import ControllerRuntime
import Foundation
import Testing
@testable import SourceController

/// The artifact routes on the runtime's HTTP server (as `ferry controllers run` serves them),
/// on a free loopback port, fetched with curl.
@Suite struct ArtifactServerTests {
    @Test func servesStoredArtifactsAndNothingElse() async throws {
        let fx = try GitFixture()
        let storage = ArtifactStorage(root: fx.root + "/storage", advertisedAddress: "127.0.0.1")
        let path = "gitrepository/default/app/abc.tar.gz"
        try await fx.write(fx.root + "/tree/a.yaml", "a\n")
        let tmp = try storage.temporaryPath(for: path)
        let archived = try Archiver.archive(directory: fx.root + "/tree", to: tmp, matcher: IgnoreMatcher(patterns: []))
        try storage.commit(temporaryPath: tmp, to: path)
        try await fx.write(fx.root + "/storage/../secret.txt", "secret\n")

        let server = HTTPServer(host: "127.0.0.1", port: 0, routes: storage.routes)
        let running = Task { try await server.run() }
        defer { running.cancel() }
        let port = try await server.boundPort()
        let base = "http://127.0.0.1:\(port)"

        func fetch(_ urlPath: String, head: Bool = false) async throws -> (status: String, file: String) {
            let out = fx.root + "/download"
            try? FileManager.default.removeItem(atPath: out)
            let code = try await fx.run("curl", ["-s", "--path-as-is", "-o", out, "-w", "%{http_code}"] + (head ? ["-I"] : []) + [base + urlPath])
            return (code, out)
        }
        let ok = try await fetch("/" + path)
        #expect(ok.status == "200")
        #expect(try Archiver.digest(ofFile: ok.file) == archived.digest)
        #expect(try await fetch("/" + path, head: true).status == "200")
        for bad in ["/../secret.txt", "/gitrepository/../../secret.txt", "/gitrepository/default/app", "/nope.tar.gz"] {
            #expect(try await fetch(bad).status == "404", "\(bad)")
        }
        // Served again on a fresh connection after errors: the server keeps running.
        #expect(try await fetch("/" + path).status == "200")
    }
}
