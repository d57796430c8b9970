import ChildProcess
import Foundation

/// Real Git servers on loopback, run by `scripts/git-server`: nginx + fcgiwrap +
/// `git http-backend` (anonymous, basic auth, bearer token, HTTPS, HTTPS with a client
/// certificate) and sshd, all serving the bare repositories in ``repositoriesDirectory``.
///
/// Tests share one per run (``shared()``); a test that must stop the servers starts its own
/// (``start(name:)``) and stops it. Repositories to serve are made with ``GitRepoFixture``.
public final class GitServer: Sendable {
    /// The state directory (`DIR` of the script): configs, keys, logs, `repos/`.
    public let directory: String
    /// `DIR/env` as read when the server was opened: HTTP_URL, SSH_URL, BASIC_USER, … (see the script).
    public let values: [String: String]

    init(directory: String) throws {
        self.directory = directory
        let text = try String(contentsOfFile: directory + "/env", encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            values[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        self.values = values
    }

    private func value(_ key: String) -> String { values[key] ?? "" }

    // MARK: URLs (each a prefix: append "/NAME.git", or use ``url(_:repository:)``)

    /// Anonymous smart HTTP, fetch only (a push is answered 403).
    public var httpURL: String { value("HTTP_URL") }
    /// Basic auth (``basicUser``/``basicPassword``), fetch and push.
    public var httpAuthURL: String { value("HTTP_AUTH_URL") }
    /// `Authorization: Bearer` ``bearerToken``, fetch and push.
    public var httpTokenURL: String { value("HTTP_TOKEN_URL") }
    /// Anonymous HTTP, fetch only, answering at 1 KiB/s: for timeouts and low-speed limits.
    public var httpSlowURL: String { value("HTTP_SLOW_URL") }
    /// Anonymous HTTPS, fetch only; the server certificate is signed by ``caFile``.
    public var httpsURL: String { value("HTTPS_URL") }
    /// HTTPS with basic auth, fetch and push.
    public var httpsAuthURL: String { value("HTTPS_AUTH_URL") }
    /// HTTPS requiring the client certificate ``clientCertificate``/``clientKey``; fetch and push.
    public var httpsMTLSURL: String { value("HTTPS_MTLS_URL") }
    /// `ssh://USER@127.0.0.1:PORT/DIR/repos`, key ``sshKey``, host key in ``knownHosts``.
    public var sshURL: String { value("SSH_URL") }

    // MARK: The same HTTP server on another address of this machine (``start(name:address:)``)

    /// Anonymous smart HTTP at the extra address (what a Pod on the node clones from); nil
    /// when the server listens on loopback only.
    public var addressHTTPURL: String? { values["ADDRESS_HTTP_URL"] }
    /// Basic auth at the extra address, fetch and push.
    public var addressHTTPAuthURL: String? { values["ADDRESS_HTTP_AUTH_URL"] }
    /// Chart repositories at the extra address.
    public var addressChartsURL: String? { values["ADDRESS_CHARTS_URL"] }

    // MARK: Helm chart repositories (static files from ``chartsDirectory``; append "/REPO")

    /// Anonymous HTTP.
    public var chartsURL: String { value("CHARTS_URL") }
    /// Basic auth (``basicUser``/``basicPassword``).
    public var chartsAuthURL: String { value("CHARTS_AUTH_URL") }
    /// Anonymous HTTP answering at 1 KiB/s: for timeouts.
    public var chartsSlowURL: String { value("CHARTS_SLOW_URL") }
    /// Anonymous HTTPS; the server certificate is signed by ``caFile``.
    public var chartsHTTPSURL: String { value("CHARTS_HTTPS_URL") }
    /// HTTPS requiring the client certificate ``clientCertificate``/``clientKey``.
    public var chartsMTLSURL: String { value("CHARTS_MTLS_URL") }
    /// Where the chart repositories' files live: `DIR/charts/REPO/index.yaml`, `….tgz`.
    public var chartsDirectory: String { value("CHARTS_DIR") }

    // MARK: Credentials and files

    public var basicUser: String { value("BASIC_USER") }
    public var basicPassword: String { value("BASIC_PASSWORD") }
    public var bearerToken: String { value("BEARER_TOKEN") }
    /// PEM of the CA that signed the HTTPS server certificate (and the client certificate).
    public var caFile: String { value("CA_FILE") }
    public var clientCertificate: String { value("CLIENT_CERT") }
    public var clientKey: String { value("CLIENT_KEY") }
    /// The ssh login user (the user running the servers; root on the test machines).
    public var sshUser: String { value("SSH_USER") }
    /// Private key (OpenSSH format, no passphrase) accepted by sshd; `.pub` beside it.
    public var sshKey: String { value("SSH_KEY") }
    public var sshPublicKey: String { value("SSH_PUBLIC_KEY") }
    /// A second accepted client key, ECDSA P-384 (what `flux create secret git` makes).
    public var sshKeyECDSA: String { value("SSH_KEY_ECDSA") }
    /// One line, `[127.0.0.1]:PORT ssh-ed25519 AAAA…`.
    public var knownHosts: String { value("KNOWN_HOSTS") }
    /// An executable running ssh with ``sshKey`` and ``knownHosts`` (strict), for `GIT_SSH`.
    public var sshCommand: String { value("SSH_COMMAND") }
    public var repositoriesDirectory: String { value("REPOS_DIR") }
    public var httpPort: Int { Int(value("HTTP_PORT")) ?? 0 }
    public var httpsPort: Int { Int(value("HTTPS_PORT")) ?? 0 }
    public var sshPort: Int { Int(value("SSH_PORT")) ?? 0 }

    // MARK: Life cycle

    /// One set of servers for the whole test run: the one `scripts/test` started (named by
    /// `FERRY_TEST_GIT_DIR`), or else one started now and stopped when the process exits.
    public static func shared() async throws -> GitServer {
        try await SharedGitServer.instance.get()
    }

    /// Servers of the caller's own (a new directory each call); call ``stop()`` when done.
    /// With an `address` (of this machine: a node's IP), the HTTP server listens there too
    /// (``addressHTTPURL``), for clients that cannot reach loopback, such as Pods.
    public static func start(name: String, address: String? = nil) async throws -> GitServer {
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let dir = NSTemporaryDirectory() + "ferry-git-\(name)-\(ProcessInfo.processInfo.processIdentifier)-\(suffix)"
        var environment = ProcessInfo.processInfo.environment
        environment["FERRY_GIT_ADDRESS"] = address
        try await LocalControlPlane.run("/bin/bash", [scriptPath, "up", dir], environment: environment)
        return try GitServer(directory: dir)
    }

    /// Stops every server and removes ``directory`` (repositories included).
    public func stop() async throws {
        try await Self.runScript(["down", directory])
    }

    /// Whether every server answers (`scripts/git-server status`).
    public func isRunning() async -> Bool {
        (try? await Self.runScript(["status", directory])) != nil
    }

    static var scriptPath: String { LocalControlPlane.packageRoot + "/scripts/git-server" }

    static func runScript(_ args: [String]) async throws {
        try await LocalControlPlane.run("/bin/bash", [scriptPath] + args)
    }
}

nonisolated(unsafe) private var sharedGitDirectoryToStop: String?

private actor SharedGitServer {
    static let instance = SharedGitServer()
    private var task: Task<GitServer, any Error>?

    func get() async throws -> GitServer {
        if let task { return try await task.value }
        let task = Task<GitServer, any Error> {
            if let dir = ProcessInfo.processInfo.environment["FERRY_TEST_GIT_DIR"], !dir.isEmpty {
                try await GitServer.runScript(["up", dir])  // no-op when already running
                return try GitServer(directory: dir)
            }
            let server = try await GitServer.start(name: "shared")
            sharedGitDirectoryToStop = server.directory
            atexit {
                guard let dir = sharedGitDirectoryToStop else { return }
                _ = try? ChildProcess.runBlocking("/bin/bash", [GitServer.scriptPath, "down", dir])
            }
            return server
        }
        self.task = task
        return try await task.value
    }
}
