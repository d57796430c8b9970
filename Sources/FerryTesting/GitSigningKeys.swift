import ChildProcess
import Foundation

/// A throwaway OpenPGP key (ed25519, no passphrase) in a GNUPGHOME of its own, for signing
/// commits and tags in tests; ``publicKeyArmored`` is what a verifier is configured with.
public struct GPGKey: Sendable {
    /// The GNUPGHOME holding the secret key (set it when git signs with this key).
    public let home: String
    public let fingerprint: String
    public let name: String
    public let email: String
    /// `gpg --armor --export`: the ASCII-armored public key.
    public let publicKeyArmored: String

    public var userID: String { "\(name) <\(email)>" }

    /// Generates a key in a new GNUPGHOME `directory` (created; keep the path short, gpg-agent's
    /// socket lives in it). The agent gpg starts is stopped at process exit, or by ``stopAgent()``.
    public static func generate(in directory: String, name: String = "Ferry Test",
                                email: String = "test@ferry.invalid") async throws -> GPGKey {
        try makePrivateDirectory(directory)
        GPGAgents.register(directory)
        let env = ["GNUPGHOME": directory]
        try await gpg(["--batch", "--passphrase", "", "--quick-gen-key", "\(name) <\(email)>", "ed25519", "sign", "never"], env)
        let listing = try await gpg(["--batch", "--with-colons", "--list-secret-keys"], env)
        guard let fpr = listing.split(separator: "\n").first(where: { $0.hasPrefix("fpr:") })?
            .split(separator: ":", omittingEmptySubsequences: false).dropFirst(9).first.map(String.init), !fpr.isEmpty
        else { throw CommandFailed(command: "gpg --list-secret-keys", status: 0, output: listing) }
        let armored = try await gpg(["--batch", "--armor", "--export", fpr], env)
        return GPGKey(home: directory, fingerprint: fpr, name: name, email: email, publicKeyArmored: armored)
    }

    /// A new GNUPGHOME `directory` holding only this public key: a verifier's keyring
    /// (`GNUPGHOME=… git verify-commit`). Returns `directory`.
    @discardableResult
    public func publicKeyring(in directory: String) async throws -> String {
        try makePrivateDirectory(directory)
        GPGAgents.register(directory)
        try await Self.gpg(["--batch", "--import"], ["GNUPGHOME": directory], input: publicKeyArmored)
        return directory
    }

    /// Stops the gpg-agent serving ``home`` (gpg starts it again when needed).
    public func stopAgent() {
        GPGAgents.stop(home)
    }

    /// Stops the gpg-agent serving the GNUPGHOME `home`, e.g. a verifier's keyring.
    public static func stopAgent(home: String) {
        GPGAgents.stop(home)
    }

    @discardableResult
    static func gpg(_ args: [String], _ env: [String: String], input: String? = nil) async throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment.merge(env) { $1 }
        let output = try await ChildProcess.run("gpg", args, environment: environment, input: input.map { Array($0.utf8) })
        guard output.status == 0 else {
            throw CommandFailed(command: (["gpg"] + args).joined(separator: " "), status: output.status,
                                output: output.stdoutText + output.stderrText)
        }
        return output.stdoutText
    }
}

/// A throwaway ssh signing key (ed25519, no passphrase) for `gpg.format=ssh`.
public struct SSHSigningKey: Sendable {
    /// Path of the private key: git's `user.signingkey`.
    public let privateKey: String
    /// The public key line, `ssh-ed25519 AAAA… comment`.
    public let publicKey: String
    /// The identity in allowed_signers (an email address by convention).
    public let principal: String

    /// The line of an allowed_signers file (`gpg.ssh.allowedSignersFile`) trusting this key for git.
    public var allowedSignersLine: String { "\(principal) namespaces=\"git\" \(publicKey)" }

    /// Generates `directory/id_ed25519` (and `.pub`); `directory` is created.
    public static func generate(in directory: String, principal: String = "test@ferry.invalid") async throws -> SSHSigningKey {
        try makePrivateDirectory(directory)
        let path = directory + "/id_ed25519"
        try await LocalControlPlane.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", principal, "-f", path])
        let pub = try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return SSHSigningKey(privateKey: path, publicKey: pub, principal: principal)
    }

    /// Writes an allowed_signers file trusting this key (and `others`); returns `path`.
    @discardableResult
    public func writeAllowedSigners(to path: String, also others: [SSHSigningKey] = []) throws -> String {
        try ([self] + others).map(\.allowedSignersLine).joined(separator: "\n").appending("\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

func makePrivateDirectory(_ path: String) throws {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o700])
}

/// The GNUPGHOMEs used by this process, whose gpg-agents are stopped at exit.
enum GPGAgents {
    nonisolated(unsafe) private static var homes: Set<String> = []
    private static let lock = NSLock()
    nonisolated(unsafe) private static var installed = false

    static func register(_ home: String) {
        lock.lock(); defer { lock.unlock() }
        homes.insert(home)
        if !installed {
            installed = true
            atexit { GPGAgents.stopAll() }
        }
    }

    static func stop(_ home: String) {
        _ = try? ChildProcess.runBlocking("gpgconf", ["--homedir", home, "--kill", "gpg-agent"])
    }

    static func stopAll() {
        lock.lock(); let all = homes; homes = []; lock.unlock()
        for home in all where FileManager.default.fileExists(atPath: home) { stop(home) }
    }
}
