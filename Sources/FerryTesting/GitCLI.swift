import ChildProcess
import Foundation

/// The real `git` CLI as a client of a ``GitServer``, for tests: runs with none of the machine's
/// system or global git config, no credential prompts, and no `GIT_*` variables of the test
/// process, so only what a test passes decides what happens.
public enum GitCLI {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var succeeded: Bool { status == 0 }
    }

    /// Runs `git args` in `directory` (or the current directory) with `environment` added.
    public static func run(_ args: [String], environment: [String: String] = [:], in directory: String? = nil) async throws -> Result {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("GIT_") || key == "GNUPGHOME" || key == "SSH_AUTH_SOCK" { env[key] = nil }
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_ASKPASS"] = "/bin/false"
        env.merge(environment) { $1 }
        let output = try await ChildProcess.run("/usr/bin/git", args, environment: env, directory: directory)
        return Result(status: output.status, stdout: output.stdoutText, stderr: output.stderrText)
    }

    /// Like ``run(_:environment:in:)`` but throws ``CommandFailed`` unless git exits 0; returns stdout.
    @discardableResult
    public static func check(_ args: [String], environment: [String: String] = [:], in directory: String? = nil) async throws -> String {
        let result = try await run(args, environment: environment, in: directory)
        guard result.succeeded else {
            throw CommandFailed(command: (["git"] + args).joined(separator: " "), status: result.status,
                                output: result.stdout + result.stderr)
        }
        return result.stdout
    }

    /// A new empty directory under the temporary directory (the caller removes it).
    public static func makeTemporaryDirectory(_ prefix: String = "ferry-git") throws -> String {
        let dir = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
