import ChildProcess
import Foundation

/// Runs the built `ferry` executable the way a user would, capturing what it prints.
public enum FerryCLI {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The `ferry` binary next to the running test bundle (SwiftPM builds it for tests that
    /// depend on the executable target).
    public static var executable: String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: me).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("ferry").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return LocalControlPlane.packageRoot + "/.build/debug/ferry"
    }

    public static func run(_ args: [String], environment: [String: String] = [:]) async throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env["KUBECONFIG"] = nil
        for (k, v) in environment { env[k] = v }
        let output = try await ChildProcess.run(executable, args, environment: env)
        return Result(status: output.status, stdout: output.stdoutText, stderr: output.stderrText)
    }
}
