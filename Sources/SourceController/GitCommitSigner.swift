import ChildProcess
import Foundation

/// A commit signing key, as the image automation's `spec.git.commit.signingKey` Secret holds it.
///
/// OpenPGP (`type: gpg`, the default): an ASCII-armoured secret key (`git.asc`) and an optional
/// `passphrase`, imported into a private GNUPGHOME inside the git session's 0700 directory (its
/// gpg-agent stopped afterwards), and used through a `gpg.program` wrapper that answers the
/// passphrase from a 0600 file. SSH (`type: ssh`): a private key (`identity`, optional
/// `password`) used with git's `gpg.format=ssh`. Nothing is read from the user's keyrings.
public struct GitCommitSigner: Sendable {
    public enum Key: Sendable {
        case openPGP(armored: [UInt8], passphrase: String?)
        case ssh(identity: [UInt8], passphrase: String?)
    }

    public var key: Key

    public init(key: Key) { self.key = key }

    /// Reads a signing Secret of `type` (`gpg` or `ssh`); the error names the missing key.
    public init(type: String?, secret: [String: [UInt8]]) throws(GitError) {
        func text(_ name: String) -> String? {
            guard let value = secret[name], !value.isEmpty else { return nil }
            return String(decoding: value, as: UTF8.self)
        }
        switch type ?? "gpg" {
        case "gpg", "":
            guard let armored = secret["git.asc"], !armored.isEmpty else {
                throw GitError(.authenticationFailed, "signing key secret has no 'git.asc' (an ASCII-armored OpenPGP key)")
            }
            key = .openPGP(armored: armored, passphrase: text("passphrase"))
        case "ssh":
            guard let identity = secret["identity"], !identity.isEmpty else {
                throw GitError(.authenticationFailed, "signing key secret has no 'identity' (an SSH private key)")
            }
            key = .ssh(identity: identity, passphrase: text("password"))
        case let other:
            throw GitError(.failed, "signing key type '\(other)' is not supported: must be 'gpg' or 'ssh'")
        }
    }

    /// The `git -c` settings that make `git commit -S` sign with the key, and how to tidy up.
    struct Prepared {
        var configuration: [String]
        var cleanUp: @Sendable () -> Void
    }

    func prepare(in directory: String, timeout: Duration) async throws(GitError) -> Prepared {
        do {
            switch key {
            case .openPGP(let armored, let passphrase):
                return try await prepareOpenPGP(armored, passphrase: passphrase, in: directory, timeout: timeout)
            case .ssh(let identity, let passphrase):
                return try prepareSSH(identity, passphrase: passphrase, in: directory)
            }
        } catch let error as GitError {
            throw error
        } catch {
            throw GitError(.failed, "cannot prepare the commit signing key: \(error)")
        }
    }

    private static let environment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C", "LC_ALL": "C"]

    private func prepareOpenPGP(_ armored: [UInt8], passphrase: String?, in directory: String, timeout: Duration) async throws -> Prepared {
        let home = directory + "/gnupg"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        var loopback = ["--pinentry-mode", "loopback"]
        if let passphrase {
            let file = try Self.write(directory + "/signing-passphrase", Array(passphrase.utf8))
            loopback += ["--passphrase-file", file]
        }
        let gpg = ["--homedir", home, "--batch", "--no-tty"]
        let cleanUp: @Sendable () -> Void = {
            _ = try? ChildProcess.runBlocking("/usr/bin/env", ["gpgconf", "--homedir", home, "--kill", "gpg-agent"],
                                              environment: Self.environment, timeout: .seconds(10))
        }
        let imported = try await ChildProcess.run("/usr/bin/env", ["gpg"] + gpg + loopback + ["--import"], environment: Self.environment,
                                                  input: armored, timeout: timeout)
        guard imported.status == 0 else {
            cleanUp()
            throw GitError(.authenticationFailed, "cannot import the OpenPGP signing key from 'git.asc': \(Self.firstLine(imported.stderrText))")
        }
        let listed = try await ChildProcess.run("/usr/bin/env", ["gpg"] + gpg + ["--with-colons", "--list-secret-keys"],
                                                environment: Self.environment, timeout: timeout)
        guard let fingerprint = Self.firstFingerprint(listed.stdoutText) else {
            cleanUp()
            throw GitError(.authenticationFailed, "'git.asc' holds no OpenPGP secret key")
        }
        let wrapper = directory + "/gpg-sign"
        let quoted = (gpg + loopback).map { "'" + $0 + "'" }.joined(separator: " ")
        try Self.writeExecutable(wrapper, "#!/bin/sh\nexec gpg \(quoted) \"$@\"\n")
        return Prepared(configuration: ["-c", "gpg.format=openpgp", "-c", "gpg.program=" + wrapper, "-c", "user.signingkey=" + fingerprint],
                        cleanUp: cleanUp)
    }

    private func prepareSSH(_ identity: [UInt8], passphrase: String?, in directory: String) throws -> Prepared {
        var key = identity
        if key.last != UInt8(ascii: "\n") { key.append(UInt8(ascii: "\n")) }
        let keyFile = try Self.write(directory + "/signing-key", key)
        var configuration = ["-c", "gpg.format=ssh", "-c", "user.signingkey=" + keyFile]
        if let passphrase {
            let file = try Self.write(directory + "/signing-passphrase", Array(passphrase.utf8))
            let askpass = directory + "/signing-askpass"
            try Self.writeExecutable(askpass, "#!/bin/sh\ncat '\(file)'\n")
            let wrapper = directory + "/ssh-sign"
            try Self.writeExecutable(wrapper, "#!/bin/sh\nSSH_ASKPASS='\(askpass)' SSH_ASKPASS_REQUIRE=force DISPLAY=:0 exec ssh-keygen \"$@\" </dev/null\n")
            configuration += ["-c", "gpg.ssh.program=" + wrapper]
        }
        return Prepared(configuration: configuration, cleanUp: {})
    }

    static func firstFingerprint(_ colons: String) -> String? {
        var inSecretKey = false
        for line in colons.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard let type = fields.first else { continue }
            if type == "sec" { inSecretKey = true; continue }
            if type == "fpr", inSecretKey, fields.count > 9 { return String(fields[9]) }
        }
        return nil
    }

    static func firstLine(_ text: String) -> String {
        text.split(separator: "\n").first { $0.contains("error") || $0.contains("failed") || $0.contains("bad") }.map(String.init)
            ?? text.split(separator: "\n").first.map(String.init) ?? "gpg failed"
    }

    private static func write(_ path: String, _ bytes: [UInt8]) throws -> String {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw GitError(.failed, "cannot write \((path as NSString).lastPathComponent)")
        }
        return path
    }

    /// Written by a child process, as ``GitSession`` writes its scripts (no descriptor of ours
    /// open for writing when git executes them).
    private static func writeExecutable(_ path: String, _ text: String) throws {
        let out = try ChildProcess.runBlocking("/bin/sh", ["-c", "umask 077 && cat > \"$0\" && chmod 700 \"$0\"", path],
                                               environment: ["PATH": "/usr/bin:/bin"], input: Array(text.utf8), timeout: .seconds(30))
        guard out.status == 0 else { throw GitError(.failed, "cannot write \((path as NSString).lastPathComponent)") }
    }
}
