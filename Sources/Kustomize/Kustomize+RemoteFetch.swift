import ChildProcess
import Foundation

/// Clones remote bases for one build with the git CLI, as kustomize's cloner does: `git init`,
/// `git fetch --depth=1 origin REF` (HEAD without a ref), `git checkout FETCH_HEAD`, then the
/// submodules unless `?submodules=false`. Each git command is bounded by the URL's timeout
/// (27 s by default). A repository is cloned once per (URL, ref, submodules) within a build and
/// every clone is removed when the build ends (``removeAll()``).
///
/// git runs with the caller's environment (its credential helpers and ssh keys), never
/// prompting; what it prints is never shown unless scrubbed of the URL's credentials.
final class RemoteFetcher {
    private var clones: [String: String] = [:]
    private var directories: [String] = []

    /// The checked-out repository root of `spec` (canonical path).
    func fetch(_ spec: RemoteSpec, kfile: String, field: String) throws -> String {
        let key = [spec.cloneURL, spec.ref, spec.submodules ? "1" : "0"].joined(separator: "\u{0}")
        if let dir = clones[key] { return dir }
        let dir = NSTemporaryDirectory() + "ferry-kustomize-remote-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw KustomizeError.remote(file: kfile, field: field, url: spec.display, reason: "cannot create a directory to clone into")
        }
        directories.append(dir)
        let ref = spec.ref.isEmpty ? "HEAD" : spec.ref
        try git(["init", "--quiet"], in: dir, spec: spec, kfile: kfile, field: field)
        try git(["remote", "add", "origin", spec.cloneURL], in: dir, spec: spec, kfile: kfile, field: field)
        try git(["fetch", "--quiet", "--depth=1", "origin", ref], in: dir, spec: spec, kfile: kfile, field: field,
                what: "cannot fetch ref \(ref)")
        try git(["checkout", "--quiet", "FETCH_HEAD"], in: dir, spec: spec, kfile: kfile, field: field)
        if spec.submodules {
            try git(["submodule", "update", "--quiet", "--init", "--recursive"], in: dir, spec: spec, kfile: kfile, field: field,
                    what: "cannot fetch submodules")
        }
        let root = Loader.canonical(dir)
        clones[key] = root
        return root
    }

    /// Removes every clone of this build.
    func removeAll() {
        for dir in directories { try? FileManager.default.removeItem(atPath: dir) }
        directories.removeAll()
        clones.removeAll()
    }

    private func git(_ args: [String], in dir: String, spec: RemoteSpec, kfile: String, field: String,
                     what: String? = nil) throws {
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_ASKPASS"] = "/bin/false"
        env["SSH_ASKPASS"] = "/bin/false"
        env["GIT_SSH_COMMAND"] = env["GIT_SSH_COMMAND"] ?? "ssh -o BatchMode=yes"
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.runBlocking("git", args, environment: env, directory: dir, timeout: spec.timeout)
        } catch is ChildProcess.TimedOut {
            throw KustomizeError.remote(file: kfile, field: field, url: spec.display,
                                        reason: "git \(args[0]) timed out after \(spec.timeout) (set ?timeout= to allow longer)")
        } catch {
            throw KustomizeError.remote(file: kfile, field: field, url: spec.display, reason: "cannot run git: \(error)")
        }
        guard output.status == 0 else {
            let detail = scrub(output.stderrText, spec: spec)
            throw KustomizeError.remote(file: kfile, field: field, url: spec.display,
                                        reason: (what ?? "git \(args[0]) failed") + (detail.isEmpty ? "" : ": " + detail))
        }
    }

    /// git's last meaningful lines, with the URL's credentials and the raw entry replaced.
    private func scrub(_ text: String, spec: RemoteSpec) -> String {
        var s = text.replacingOccurrences(of: spec.cloneURL, with: RemoteSpec.redact(spec.cloneURL))
        s = s.replacingOccurrences(of: spec.raw, with: spec.display)
        let lines = s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return lines.suffix(2).map { RemoteSpec.redact($0) }.joined(separator: "; ")
    }
}
