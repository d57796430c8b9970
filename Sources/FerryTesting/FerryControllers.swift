import ChildProcess
import Foundation
import KubernetesClient

/// `ferry controllers run` as a separate process, the way a user runs it: on free loopback
/// ports, with its own artifact storage, watching one namespace so tests never meet.
public final class FerryControllers: Sendable {
    public let process: ChildProcess.Running
    public let metricsPort: Int
    public let healthPort: Int
    public let storagePort: Int
    public let storagePath: String

    public var log: String { process.output }

    init(process: ChildProcess.Running, metricsPort: Int, healthPort: Int, storagePort: Int, storagePath: String) {
        self.process = process
        self.metricsPort = metricsPort
        self.healthPort = healthPort
        self.storagePort = storagePort
        self.storagePath = storagePath
    }

    /// Starts the controllers against `plane` and waits until `/readyz` answers (or, with
    /// leader election, until `/healthz` does: a standby is never ready to reconcile). They act
    /// as the admin unless `kubeconfig` names another identity (a ServiceAccount's token, say).
    public static func start(plane: LocalControlPlane, namespace: String, arguments: [String] = [],
                             waitForReady: Bool = true, kubeconfig: String? = nil) async throws -> FerryControllers {
        let ports = try (0..<3).map { _ in try freePort() }
        let dir = NSTemporaryDirectory() + "ferry-controllers-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let args = ["controllers", "run", "--kubeconfig", kubeconfig ?? plane.adminKubeconfig, "--watch-namespace", namespace,
                    "--metrics-addr", "127.0.0.1:\(ports[0])", "--health-addr", "127.0.0.1:\(ports[1])",
                    "--storage-addr", "127.0.0.1:\(ports[2])", "--storage-path", dir + "/artifacts",
                    "--log-encoding", "json", "--leader-election-namespace", namespace] + arguments
        let process = try ChildProcess.start(FerryCLI.executable, args, logFile: dir + "/controllers.log")
        ExitCleanup.register(process: process.pid)
        let controllers = FerryControllers(process: process, metricsPort: ports[0], healthPort: ports[1], storagePort: ports[2],
                                           storagePath: dir + "/artifacts")
        let path = waitForReady ? "/readyz" : "/healthz"
        let up = await eventually(timeout: .seconds(60)) { (try? await controllers.get(port: ports[1], path: path))?.status == 0 }
        guard up else {
            process.signal(SIGKILL)
            throw CommandFailed(command: "ferry " + args.joined(separator: " "), status: -1, output: process.output)
        }
        return controllers
    }

    /// GET on one of the controllers' ports with curl (exit status 0 on a 2xx answer).
    public func get(port: Int, path: String) async throws -> ChildProcess.Output {
        try await ChildProcess.run("/usr/bin/curl", ["-fsS", "--max-time", "5", "http://127.0.0.1:\(port)\(path)"])
    }

    public func metrics() async throws -> String { try await get(port: metricsPort, path: "/metrics").stdoutText }

    /// SIGTERM and wait: in-flight work finishes, the lease is released.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) async -> Int32 {
        process.signal(signal)
        let status = await process.wait()
        ExitCleanup.unregister(process: process.pid)
        return status
    }

    static func freePort() throws -> Int {
        let out = try ChildProcess.runBlocking("/usr/bin/python3", ["-c", "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"])
        return Int(out.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
