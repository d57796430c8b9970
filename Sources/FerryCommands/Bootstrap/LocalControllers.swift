import ChildProcess
import Crypto
import Foundation

/// `ferry controllers run` started on this machine for a cluster, detached from the terminal
/// (its own session), with a pid file and a log under `~/.local/state/ferry/`, so that bootstrap
/// can start it once and later runs (and `ferry logs`) find it again.
struct LocalControllers {
    let server: String

    static var stateDirectory: String {
        let base = ProcessInfo.processInfo.environment["XDG_STATE_HOME"] ?? NSHomeDirectory() + "/.local/state"
        return base + "/ferry"
    }

    /// A short name for the cluster (its API server address), so several clusters never share a file.
    var id: String {
        String(SHA256.hash(data: Array(server.utf8)).map { String(format: "%02x", $0) }.joined().prefix(12))
    }

    var pidFile: String { Self.stateDirectory + "/controllers-\(id).pid" }
    var logFile: String { Self.stateDirectory + "/controllers-\(id).log" }

    /// The pid of the running controllers for this cluster, if any.
    var runningPID: Int32? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), kill(pid, 0) == 0,
              let cmdline = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
              cmdline.contains("controllers") else { return nil }
        return pid
    }

    /// Starts the controllers unless they already run; returns the pid and whether it is new.
    func start(kubeconfig: String?, context: String?, namespace: String) throws -> (pid: Int32, started: Bool) {
        if let pid = runningPID { return (pid, false) }
        try FileManager.default.createDirectory(atPath: Self.stateDirectory, withIntermediateDirectories: true)
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var args = [me, "controllers", "run", "--log-encoding", "json", "--metrics-addr", "127.0.0.1:0", "--health-addr", "127.0.0.1:0",
                    "--storage-addr", "127.0.0.1:0", "--storage-path", Self.stateDirectory + "/artifacts-\(id)",
                    "--leader-elect", "true", "--leader-election-namespace", namespace]
        if let kubeconfig { args += ["--kubeconfig", URL(fileURLWithPath: kubeconfig).path] }
        if let context { args += ["--context", context] }
        let process = try ChildProcess.start("/usr/bin/setsid", args, logFile: logFile)
        try "\(process.pid)\n".write(toFile: pidFile, atomically: true, encoding: .utf8)
        return (process.pid, true)
    }
}
