import ChildProcess
import Foundation

/// The real `sops` CLI (cached by scripts/sops-install) and `age-keygen`, in a private
/// temporary directory removed after the test.
struct SOPSCLI {
    let directory: String

    struct Failure: Error, CustomStringConvertible { var description: String }

    init() throws {
        directory = NSTemporaryDirectory() + "ferry-ks-sops-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    static let binary: String = {
        let env = ProcessInfo.processInfo.environment
        if let path = env["FERRY_SOPS"], FileManager.default.isExecutableFile(atPath: path) { return path }
        let cache = env["FERRY_CACHE_DIR"] ?? ((env["XDG_CACHE_HOME"] ?? (NSHomeDirectory() + "/.cache")) + "/ferry")
        if FileManager.default.isExecutableFile(atPath: cache + "/bin/sops") { return cache + "/bin/sops" }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let output = try? ChildProcess.runBlocking(root + "/scripts/sops-install", [], timeout: .seconds(600))
        return output.map { $0.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) } ?? cache + "/bin/sops"
    }()

    @discardableResult
    func run(_ program: String, _ arguments: [String], env extra: [String: String] = [:]) throws -> ChildProcess.Output {
        var env = ProcessInfo.processInfo.environment
        env["SOPS_AGE_KEY_FILE"] = nil
        env["SOPS_AGE_KEY"] = nil
        env.merge(extra) { $1 }
        let output = try ChildProcess.runBlocking(program, arguments, environment: env, directory: directory, timeout: .seconds(120))
        guard output.status == 0 else { throw Failure(description: "\(program) exited \(output.status): \(output.stderrText)") }
        return output
    }

    /// A new age identity file's text and its recipient.
    func ageKey(_ name: String) throws -> (identity: String, recipient: String) {
        let path = directory + "/" + name + ".agekey"
        try run("age-keygen", ["-o", path])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("# public key: ") }) else {
            throw Failure(description: "age-keygen wrote no public key line")
        }
        return (text, String(line.dropFirst("# public key: ".count)))
    }

    /// `sops encrypt` of `text` saved as `name` (the extension picks the format).
    func encryptFile(_ name: String, _ text: String, recipient: String, flags: [String] = []) throws -> String {
        let dir = directory + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
        return try run(Self.binary, ["encrypt", "--age", recipient] + flags + [dir + "/" + name]).stdoutText
    }

    /// What `sops decrypt` prints for `encrypted` saved as `name`, with the age `identity`.
    func decrypt(_ name: String, _ encrypted: String, identity: String) throws -> String {
        let dir = directory + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(encrypted.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
        try Data(identity.utf8).write(to: URL(fileURLWithPath: dir + "/key.txt"))
        return try run(Self.binary, ["decrypt", dir + "/" + name], env: ["SOPS_AGE_KEY_FILE": dir + "/key.txt"]).stdoutText
    }

    /// A v1 Secret with `data` encrypted for `recipient`, as Flux's guide has it
    /// (`--encrypted-regex '^(data|stringData)$'`, so kind and metadata stay readable).
    func encryptSecret(_ name: String, namespace: String, _ data: [String: String], recipient: String) throws -> String {
        var yaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: \(name)\n  namespace: \(namespace)\ntype: Opaque\ndata:\n"
        for (key, value) in data.sorted(by: { $0.key < $1.key }) { yaml += "  \(key): \(Data(value.utf8).base64EncodedString())\n" }
        let plain = directory + "/" + UUID().uuidString + ".yaml"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: plain))
        defer { try? FileManager.default.removeItem(atPath: plain) }
        let output = try run(Self.binary, ["encrypt", "--age", recipient, "--encrypted-regex", "^(data|stringData)$", plain])
        return output.stdoutText
    }
}
