import ChildProcess
import Foundation

/// Verifies commit and tag signatures with `git verify-commit` / `git verify-tag` against the keys of
/// a Secret, and nothing else.
///
/// OpenPGP keys (armored, usually `*.asc`) are imported into a fresh `GNUPGHOME` and given full
/// trust; SSH public keys (`*.sshpub`, or any value in authorized_keys form) become an
/// `allowedSignersFile`. Git is run with `gpg.minTrustLevel=fully`, so an SSH signature by a key
/// that is not in the Secret — which git otherwise reports as good with "undefined" trust — fails.
///
/// Every program (gpg, gpgconf, git and the ssh-keygen git runs) is given ``timeout``, after which
/// its process group is killed and the verification fails with "… timed out after …".
public struct SignatureVerifier: Sendable {
    public var git: String
    public var temporaryDirectory: String
    /// The longest any one program of a verification may run.
    public var timeout: Duration

    public init(git: String = "git", temporaryDirectory: String = NSTemporaryDirectory(), timeout: Duration = .seconds(60)) {
        self.git = git
        self.temporaryDirectory = temporaryDirectory
        self.timeout = timeout
    }

    /// The trusted keys of a verification Secret, sorted out by kind.
    public struct Keys: Sendable {
        public var openPGP: [[UInt8]] = []
        public var ssh: [String] = []

        public init(openPGP: [[UInt8]] = [], ssh: [String] = []) {
            self.openPGP = openPGP
            self.ssh = ssh
        }

        /// Reads every value of the Secret: armored PGP blocks, or lines of SSH public keys.
        public init(secret: [String: [UInt8]]) {
            for (key, value) in secret.sorted(by: { $0.key < $1.key }) {
                let text = String(decoding: value, as: UTF8.self)
                if text.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----") || key.hasSuffix(".asc") || key.hasSuffix(".gpg") {
                    openPGP.append(value)
                    continue
                }
                for line in text.split(whereSeparator: \.isNewline) {
                    let line = line.trimmingCharacters(in: " \t\r")
                    guard !line.isEmpty, !line.hasPrefix("#") else { continue }
                    if line.hasPrefix("ssh-") || line.hasPrefix("ecdsa-") || line.hasPrefix("sk-") { ssh.append(line) }
                }
            }
        }

        public var isEmpty: Bool { openPGP.isEmpty && ssh.isEmpty }
    }

    public enum Object: Sendable, CustomStringConvertible {
        case commit(String)
        case tag(String)
        public var description: String {
            switch self {
            case .commit(let c): return "commit '\(c)'"
            case .tag(let t): return "tag '\(t)'"
            }
        }
    }

    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Kind: Sendable { case unsigned, badSignature, noKeys, failed }
        public var kind: Kind
        public var message: String
        public var description: String { message }
    }

    /// Verifies each object in turn (inside the repository at `repository`) and returns a
    /// description of the key that signed each, e.g. `SHA256:…` or a PGP fingerprint.
    public func verify(_ objects: [Object], repository: String, keys: Keys) async throws(Failure) -> [String] {
        guard !keys.isEmpty else { throw Failure(kind: .noKeys, message: "no PGP or SSH public keys in the verification secret") }
        let home = temporaryDirectory + "/ferry-verify-" + UUID().uuidString.prefix(13).lowercased()
        do {
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try FileManager.default.createDirectory(atPath: home + "/gnupg", withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw Failure(kind: .failed, message: "cannot prepare verification: \(error)")
        }
        let env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": home, "GNUPGHOME": home + "/gnupg", "LANG": "C", "LC_ALL": "C",
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
        ]
        let result: Result<[String], Failure>
        do { result = .success(try await verify(objects, repository: repository, keys: keys, home: home, env: env)) } catch {
            result = .failure(error)
        }
        // gpg may have started an agent for this GNUPGHOME; stop it before removing the directory.
        if !keys.openPGP.isEmpty { _ = try? await ChildProcess.run("gpgconf", ["--kill", "all"], environment: env, timeout: timeout) }
        try? FileManager.default.removeItem(atPath: home)
        return try result.get()
    }

    private func verify(_ objects: [Object], repository: String, keys: Keys, home: String,
                        env baseEnvironment: [String: String]) async throws(Failure) -> [String] {
        var env = baseEnvironment
        for key in keys.openPGP {
            let out = try await run("gpg", ["--batch", "--quiet", "--import"], environment: env, input: key)
            guard out.status == 0 else { throw Failure(kind: .failed, message: "cannot import a PGP public key from the verification secret") }
        }
        if !keys.openPGP.isEmpty {
            // Trust exactly the imported keys: the Secret is the statement of trust.
            let list = try await run("gpg", ["--batch", "--with-colons", "--fingerprint"], environment: env)
            let fingerprints = list.stdoutText.split(separator: "\n")
                .filter { $0.hasPrefix("fpr:") }.compactMap { $0.split(separator: ":", omittingEmptySubsequences: false).dropFirst(9).first }
            let trust = fingerprints.map { "\($0):6:\n" }.joined()
            _ = try await run("gpg", ["--batch", "--import-ownertrust"], environment: env, input: Array(trust.utf8))
        }
        let allowedSigners = home + "/allowed_signers"
        let signers = keys.ssh.map { "* namespaces=\"git\" \($0)\n" }.joined()
        _ = FileManager.default.createFile(atPath: allowedSigners, contents: Data(signers.utf8))
        env["GIT_CONFIG_COUNT"] = "3"
        env["GIT_CONFIG_KEY_0"] = "gpg.ssh.allowedSignersFile"
        env["GIT_CONFIG_VALUE_0"] = allowedSigners
        env["GIT_CONFIG_KEY_1"] = "gpg.minTrustLevel"
        env["GIT_CONFIG_VALUE_1"] = "fully"
        env["GIT_CONFIG_KEY_2"] = "gpg.program"
        env["GIT_CONFIG_VALUE_2"] = "gpg"

        var signedBy: [String] = []
        for object in objects {
            let args: [String]
            switch object {
            case .commit(let c): args = ["-C", repository, "verify-commit", "--raw", c]
            case .tag(let t): args = ["-C", repository, "verify-tag", "--raw", "refs/tags/" + t]
            }
            let out = try await run(git, args, environment: env)
            let text = out.stderrText
            if out.status == 0 {
                signedBy.append(Self.signer(in: text))
                continue
            }
            if text.contains("no signature found") || text.isEmpty {
                throw Failure(kind: .unsigned, message: "\(object) is not signed")
            }
            throw Failure(kind: .badSignature, message: "\(object) is not signed by a trusted key: \(Self.reason(in: text))")
        }
        return signedBy
    }

    /// Runs one program of the verification under ``timeout``; a failure to start or a timeout is
    /// a `.failed` verification naming the program (never its output: it may echo key material).
    private func run(_ program: String, _ arguments: [String], environment: [String: String],
                     input: [UInt8]? = nil) async throws(Failure) -> ChildProcess.Output {
        do {
            return try await ChildProcess.run(program, arguments, environment: environment, input: input, timeout: timeout)
        } catch let error as ChildProcess.TimedOut {
            throw Failure(kind: .failed, message: "\(error)")
        } catch {
            throw Failure(kind: .failed, message: "cannot run \(program): \(error)")
        }
    }

    /// The key that made a good signature, from `--raw` gpg status lines or ssh-keygen's message.
    static func signer(in output: String) -> String {
        for line in output.split(separator: "\n") {
            if line.hasPrefix("[GNUPG:] VALIDSIG ") { return String(line.split(separator: " ")[2]) }
            if let r = line.range(of: " key SHA256:") { return "SHA256:" + line[r.upperBound...].prefix { !$0.isWhitespace } }
        }
        return "unknown key"
    }

    /// A short reason for a failed verification, free of file paths.
    static func reason(in output: String) -> String {
        for line in output.split(separator: "\n") {
            if line.contains("NO_PUBKEY") { return "signed with an unknown PGP key" }
            if line.contains("BADSIG") { return "bad PGP signature" }
            if line.contains("EXPKEYSIG") { return "signed with an expired PGP key" }
            if line.contains("REVKEYSIG") { return "signed with a revoked PGP key" }
            if line.hasPrefix("Good \"git\" signature with") { return "signed with an SSH key that is not in the secret" }
            if line.contains("No principal matched") { return "signed with an SSH key that is not in the secret" }
            if line.contains("Signature verification failed") || line.contains("incorrect signature") { return "bad SSH signature" }
            if line.contains("Could not verify signature") { return "signature could not be verified" }
        }
        if output.contains("TRUST_UNDEFINED") || output.contains("TRUST_NEVER") { return "signed with an untrusted key" }
        return "signature could not be verified"
    }
}
