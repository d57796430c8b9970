/// Why a SOPS file could not be decrypted: always names the file, never holds plaintext or key
/// material (recipients and fingerprints are public and named to help pick the right key).
public struct SOPSError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Cause: Error, Equatable, Sendable {
        /// The document is not in the format its name says, or not a SOPS document at all.
        case malformedDocument(String)
        case malformedMetadata(String)
        /// Only key kinds Ferry cannot use (KMS, Vault, Shamir key groups …) could decrypt it.
        case unsupportedKeyKinds([String])
        /// None of the given keys opens the data key.
        case noMatchingKey(ageRecipients: [String], pgpFingerprints: [String])
        /// A value is not a well-formed `ENC[AES256_GCM,…]` value (at the path named).
        case malformedValue(path: String)
        /// A value failed authentication under the data key (at the path named).
        case valueAuthentication(path: String)
        /// The MAC over the values does not match the stored one: the file was changed.
        case macMismatch
        case gpgFailed(String)
    }

    public var file: String
    public var cause: Cause

    public init(file: String, cause: Cause) {
        self.file = file
        self.cause = cause
    }

    public var description: String {
        let reason: String
        switch cause {
        case .malformedDocument(let why): reason = "not a valid SOPS document: \(why)"
        case .malformedMetadata(let why): reason = "invalid sops metadata: \(why)"
        case .unsupportedKeyKinds(let kinds):
            reason = "encrypted only for key kinds Ferry does not support (\(kinds.joined(separator: ", "))); use age or PGP keys"
        case .noMatchingKey(let age, let pgp):
            var wanted: [String] = []
            if !age.isEmpty { wanted.append("age recipients \(age.joined(separator: ", "))") }
            if !pgp.isEmpty { wanted.append("PGP fingerprints \(pgp.joined(separator: ", "))") }
            reason = "no decryption key matched: the data key is encrypted for \(wanted.isEmpty ? "no age or PGP key" : wanted.joined(separator: " and "))"
        case .malformedValue(let path): reason = "malformed encrypted value at '\(path)'"
        case .valueAuthentication(let path): reason = "the value at '\(path)' failed authentication: the file was tampered with or the data key is wrong"
        case .macMismatch: reason = "MAC mismatch: the file was tampered with (its values do not match its MAC)"
        case .gpgFailed(let why): reason = "gpg: \(why)"
        }
        return "\(file): \(reason)"
    }
}
