import ChildProcess
import FerryAPI
import FerryTesting
import Foundation
import Testing
@testable import SourceController

/// Credentials go to the repository's server only (scheme, host and port), as Flux scopes them:
/// a submodule on another server gets neither the basic-auth answers of the askpass helper nor
/// the bearer header. The other server is a tiny HTTP server on loopback that answers 401 to
/// everything and records every Authorization header it is sent.
@Suite struct GitCredentialScopeTests {
    /// A server on `localhost:PORT` that records `Authorization` headers (one line per request).
    final class Recorder: Sendable {
        let process: ChildProcess.Running
        let port: Int
        let log: String

        init(directory: String) async throws {
            log = directory + "/requests.log"
            let portFile = directory + "/port"
            let script = """
                import http.server, sys
                class H(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        with open(sys.argv[1], "a") as f:
                            f.write(self.path + " " + str(self.headers.get("Authorization")) + "\\n")
                        self.send_response(401)
                        self.send_header("WWW-Authenticate", 'Basic realm="other"')
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                    do_POST = do_GET
                    def log_message(self, *args): pass
                s = http.server.HTTPServer(("127.0.0.1", 0), H)
                open(sys.argv[2] + ".tmp", "w").write(str(s.server_address[1]))
                import os; os.rename(sys.argv[2] + ".tmp", sys.argv[2])
                s.serve_forever()
                """
            try script.write(toFile: directory + "/recorder.py", atomically: true, encoding: .utf8)
            process = try ChildProcess.start("python3", [directory + "/recorder.py", log, portFile], logFile: directory + "/recorder.out")
            // Wait for the port file the server writes (renamed into place) once it listens.
            let readPort = { (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) } }
            _ = await eventually(timeout: .seconds(60)) { readPort() != nil }
            guard let port = readPort() else { process.signal(SIGKILL); throw GitFixture.Failure(description: "recorder did not start: \(process.output)") }
            self.port = port
        }

        var requests: [String] {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        func stop() {
            process.signal(SIGKILL)
            _ = process.waitBlocking()
        }
    }

    /// A pushed repository with one commit.
    func child(on server: GitServer) async throws -> GitRepoFixture {
        let child = try await GitRepoFixture.create("scope-child", on: server)
        try await child.commit(files: ["child.yaml": "c: 1\n"], message: "child")
        try await child.push()
        return child
    }

    /// A parent repository whose submodule `sub` is `child`'s commit, fetched from `submoduleURL`.
    func parent(on server: GitServer, child: GitRepoFixture, submoduleURL: String) async throws -> GitRepoFixture {
        let parent = try await GitRepoFixture.create("scope-parent", on: server)
        try await parent.commit(files: ["app.yaml": "p: 1\n"], message: "parent")
        try await parent.addSubmodule(child, at: "sub")
        try await parent.commit(files: [".gitmodules": "[submodule \"sub\"]\n\tpath = sub\n\turl = \(submoduleURL)\n"], message: "move sub")
        try await parent.push()
        return parent
    }

    func reconcile(_ url: String, secret: [String: String], in fx: GitFixture) async -> GitRepositoryReconciler.Result {
        let reconciler = GitRepositoryReconciler(
            storage: ArtifactStorage(root: fx.root + "/storage", advertisedAddress: "localhost:9090"),
            driver: GitDriver(temporaryDirectory: fx.root), secrets: InMemorySecrets(["default/creds": secret]),
            includes: InMemoryArtifacts(artifacts: [:]), workDirectory: fx.root)
        let spec = GitRepositorySpec(url: url, secretRef: LocalObjectReference(name: "creds"), ref: GitRepositoryRef(branch: "main"),
                                     recurseSubmodules: true)
        return await reconciler.reconcile(GitRepository(metadata: ObjectMetadata(name: "scoped", namespace: "default", generation: 1), spec: spec))
    }

    @Test(arguments: [GitServer.Endpoint.httpAuth, .httpToken])
    func aSubmoduleOnAnotherServerGetsNoCredentials(endpoint: GitServer.Endpoint) async throws {
        let server = try await GitServer.shared()
        let fx = try GitFixture()
        let recorder = try await Recorder(directory: fx.root)
        defer { recorder.stop() }
        let parent = try await parent(on: server, child: try await child(on: server),
                                      submoduleURL: "http://localhost:\(recorder.port)/child.git")
        let result = await reconcile(parent.url(endpoint), secret: try server.fluxSecretData(endpoint), in: fx)

        // The parent was listed and fetched with the credentials; only the submodule failed.
        guard case .failed(let error) = result.outcome else { Issue.record("\(result.outcome)"); return }
        #expect(error.message.contains("submodule update"), "\(error.message)")
        #expect(!recorder.requests.isEmpty, "git never asked the other server")
        for request in recorder.requests { #expect(request.hasSuffix(" None"), "credentials sent to another server: \(request)") }
        for secret in [server.basicPassword, server.bearerToken] { #expect(!error.message.contains(secret)) }
    }

    @Test(arguments: [GitServer.Endpoint.httpAuth, .httpToken])
    func aSubmoduleOnTheSameServerIsFetchedWithThem(endpoint: GitServer.Endpoint) async throws {
        let server = try await GitServer.shared()
        let fx = try GitFixture()
        let child = try await child(on: server)
        let parent = try await parent(on: server, child: child, submoduleURL: child.url(endpoint))
        let result = await reconcile(parent.url(endpoint), secret: try server.fluxSecretData(endpoint), in: fx)
        guard case .stored = result.outcome else { Issue.record("\(result.outcome)"); return }
    }
}
