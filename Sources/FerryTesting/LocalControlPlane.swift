import ChildProcess
import Foundation
import KubernetesClient
import Manifests

/// A real etcd + kube-apiserver + kube-controller-manager on loopback, run by
/// `scripts/local-cluster`. Tests share one per run (``shared()``); a test that must stop the
/// API server or needs a second cluster starts its own (``start(name:)``) and stops it.
public final class LocalControlPlane: Sendable {
    public let directory: String

    public var adminKubeconfig: String { directory + "/admin.kubeconfig" }
    public var adminTokenKubeconfig: String { directory + "/admin-token.kubeconfig" }
    /// `ferry-user`: authenticated, but with no RBAC bindings.
    public var userKubeconfig: String { directory + "/user.kubeconfig" }
    public var userTokenKubeconfig: String { directory + "/user-token.kubeconfig" }
    public var caCertificate: String { directory + "/pki/ca.crt" }
    public var caKey: String { directory + "/pki/ca.key" }

    public var server: String {
        let ports = (try? String(contentsOfFile: directory + "/ports", encoding: .utf8)) ?? ""
        let port = ports.split(separator: "\n").first { $0.hasPrefix("APISERVER_PORT=") }?.dropFirst("APISERVER_PORT=".count) ?? ""
        return "https://127.0.0.1:\(port)"
    }

    init(directory: String) {
        self.directory = directory
    }

    /// The root of the Ferry package (where `scripts/` lives).
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// One control plane for the whole test run: the one `scripts/test` started (named by
    /// `FERRY_TEST_CLUSTER_DIR`), or else one started now and stopped when the process exits.
    public static func shared() async throws -> LocalControlPlane {
        try await SharedControlPlane.instance.get()
    }

    /// A control plane of the caller's own; call ``stop()`` when done.
    public static func start(name: String) async throws -> LocalControlPlane {
        let dir = NSTemporaryDirectory() + "ferry-test-\(name)-\(ProcessInfo.processInfo.processIdentifier)"
        ExitCleanup.register(controlPlane: dir)
        try await runScript(["up", dir])
        return LocalControlPlane(directory: dir)
    }

    public func stop() async throws {
        try await Self.runScript(["down", directory])
        ExitCleanup.unregister(controlPlane: directory)
    }

    /// Kills the kube-apiserver process as a crash would (SIGKILL: open watches are cut at
    /// once instead of drained for a minute); etcd and the data stay.
    public func stopAPIServer() async throws {
        try await Self.run("/bin/bash", ["-c", "kill -9 $(cat '\(directory)/apiserver.pid') && while kill -0 $(cat '\(directory)/apiserver.pid') 2>/dev/null; do sleep 0.1; done"])
    }

    /// Starts kube-apiserver again on the same port and waits until it is ready.
    public func startAPIServer() async throws {
        try await Self.runScript(["start-apiserver", directory])
    }

    /// The per-request deadline of the clients below. A test's request must not fail for time
    /// when the shared API server is slow (a whole test run, or a build, on two cores can make
    /// one answer take longer than the client's 30 s default); tests about deadlines set their own.
    public static let testRequestTimeout: Duration = .seconds(180)

    public func adminClient(qps: Double = 200, burst: Int = 400) throws -> KubernetesClient {
        var config = try ClientConfig(kubeConfig: KubeConfig.load(path: adminKubeconfig))
        config.qps = qps
        config.burst = burst
        config.requestTimeout = Self.testRequestTimeout
        return try KubernetesClient(config: config)
    }

    public func userClient() throws -> KubernetesClient {
        var config = try ClientConfig(kubeConfig: KubeConfig.load(path: userKubeconfig))
        config.requestTimeout = Self.testRequestTimeout
        return try KubernetesClient(config: config)
    }

    static func runScript(_ args: [String]) async throws {
        try await run("/bin/bash", [packageRoot + "/scripts/local-cluster"] + args)
    }

    /// Runs a command to completion; throws with its last output lines when it fails.
    @discardableResult
    public static func run(_ executable: String, _ args: [String], environment: [String: String]? = nil,
                           directory: String? = nil) async throws -> String {
        let output = try await ChildProcess.run(executable, args, environment: environment, directory: directory)
        guard output.status == 0 else {
            throw CommandFailed(command: ([executable] + args).joined(separator: " "), status: output.status,
                                output: output.stdoutText + output.stderrText)
        }
        return output.stdoutText
    }
}

public struct CommandFailed: Error, CustomStringConvertible {
    public var command: String
    public var status: Int32
    public var output: String
    public var description: String {
        "\(command) exited with \(status):\n" + output.split(separator: "\n").suffix(30).joined(separator: "\n")
    }
}

private actor SharedControlPlane {
    static let instance = SharedControlPlane()
    private var task: Task<LocalControlPlane, any Error>?

    func get() async throws -> LocalControlPlane {
        if let task { return try await task.value }
        let task = Task<LocalControlPlane, any Error> {
            if let dir = ProcessInfo.processInfo.environment["FERRY_TEST_CLUSTER_DIR"], !dir.isEmpty {
                try await LocalControlPlane.runScript(["up", dir])  // no-op when already running
                return LocalControlPlane(directory: dir)
            }
            // Registered for stopping at exit by start(name:).
            return try await LocalControlPlane.start(name: "shared")
        }
        self.task = task
        return try await task.value
    }
}

extension LocalControlPlane {
    /// A control plane of the caller's own with extra kube-apiserver flags.
    public static func start(name: String, apiserverArgs: [String]) async throws -> LocalControlPlane {
        let dir = NSTemporaryDirectory() + "ferry-test-\(name)-\(ProcessInfo.processInfo.processIdentifier)"
        var env = ProcessInfo.processInfo.environment
        env["FERRY_APISERVER_ARGS"] = apiserverArgs.joined(separator: " ")
        ExitCleanup.register(controlPlane: dir)
        try await run("/bin/bash", [packageRoot + "/scripts/local-cluster", "up", dir], environment: env)
        return LocalControlPlane(directory: dir)
    }

    /// Compacts etcd's history up to now, so older resourceVersions are gone (410) for watches
    /// that read etcd directly.
    public func compactEtcd() async throws {
        let ports = try String(contentsOfFile: directory + "/ports", encoding: .utf8)
        let port = ports.split(separator: "\n").first { $0.hasPrefix("ETCD_PORT=") }?.dropFirst("ETCD_PORT=".count) ?? ""
        let base = "http://127.0.0.1:\(port)/v3/kv"
        let range = try await Self.run("/usr/bin/curl", ["-fsS", "-X", "POST", base + "/range", "-d", #"{"key":"AA=="}"#])
        let revision = try JSONValue(json: range)[path: "header", "revision"]?.stringValue ?? "0"
        try await Self.run("/usr/bin/curl", ["-fsS", "-X", "POST", base + "/compaction", "-d", #"{"revision":"\#(revision)","physical":true}"#])
    }
}
