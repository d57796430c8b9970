import ChildProcess
import Crypto
import Foundation

/// Recovering a document's 32-byte data key: age identities first (natively), then OpenPGP
/// through `gpg --decrypt` in a private, throw-away GNUPGHOME holding only the given keys —
/// the order Flux's kustomize-controller and `sops` use.
enum SOPSDataKey {
    static func recover(_ metadata: SOPSMetadata, keys: SOPSKeys) async throws(SOPSError.Cause) -> SymmetricKey {
        if metadata.age.isEmpty && metadata.pgp.isEmpty {
            if !metadata.unsupportedKeyKinds.isEmpty { throw .unsupportedKeyKinds(metadata.unsupportedKeyKinds) }
            throw .malformedMetadata("no age or pgp keys in the metadata")
        }
        if !keys.ageIdentities.isEmpty {
            for entry in metadata.age {
                if let key = try? Age.decrypt(Array(entry.enc.utf8), identities: keys.ageIdentities), key.count == 32 {
                    return SymmetricKey(data: key)
                }
            }
        }
        if !keys.pgpSecretKeys.isEmpty && !metadata.pgp.isEmpty {
            if let key = try await decryptWithGPG(metadata.pgp, secretKeys: keys.pgpSecretKeys), key.count == 32 {
                return SymmetricKey(data: key)
            }
        }
        throw .noMatchingKey(ageRecipients: metadata.age.map(\.recipient), pgpFingerprints: metadata.pgp.map(\.fingerprint))
    }

    static let gpgTimeout: Duration = .seconds(30)

    /// Imports the keys into a new 0700 directory, tries each PGP entry, then removes the directory.
    static func decryptWithGPG(_ entries: [SOPSMetadata.PGPKey], secretKeys: [[UInt8]]) async throws(SOPSError.Cause) -> [UInt8]? {
        var template = Array((NSTemporaryDirectory() + "ferry-sops-gnupg-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw .gpgFailed("cannot create a temporary GNUPGHOME") }
        let home = String(cString: made)
        defer {
            _ = try? ChildProcess.runBlocking("gpgconf", ["--homedir", home, "--kill", "all"], environment: environment(home), timeout: .seconds(10))
            try? FileManager.default.removeItem(atPath: home)
        }
        do {
            for key in secretKeys {
                let output = try await ChildProcess.run("gpg", ["--batch", "--no-tty", "--homedir", home, "--import"],
                                                        environment: environment(home), input: key, timeout: gpgTimeout)
                if output.status != 0 { throw SOPSError.Cause.gpgFailed("importing a PGP key failed (exit \(output.status))") }
            }
            for entry in entries {
                let output = try await ChildProcess.run("gpg", ["--batch", "--no-tty", "--homedir", home, "--pinentry-mode", "loopback",
                                                                "--passphrase", "", "--decrypt"],
                                                        environment: environment(home), input: Array(entry.enc.utf8), timeout: gpgTimeout)
                if output.status == 0 { return output.stdout }
            }
            return nil
        } catch let error as SOPSError.Cause {
            throw error
        } catch {
            // Spawn failures and timeouts: never the child's output (it may hold key material).
            throw .gpgFailed(error is ChildProcess.TimedOut ? "timed out" : "cannot run gpg (is gnupg installed?)")
        }
    }

    static func environment(_ home: String) -> [String: String] {
        ["GNUPGHOME": home, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LC_ALL": "C"]
    }
}
