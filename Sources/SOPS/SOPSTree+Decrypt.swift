import Crypto
import Foundation
import Manifests

/// SOPS's tree decryption: walks the branches in document order, decides for each leaf whether
/// it was encrypted (the `*_suffix`, `*_regex` and comment-regex rules of its metadata, the same
/// decision SOPS makes when it encrypts), decrypts it with its path as additional data, and
/// hashes the plaintext of every value (or, with `mac_only_encrypted`, of the encrypted ones
/// after a fixed prefix) with SHA-512. The caller compares that hash with the stored MAC.
struct SOPSTreeDecryptor {
    var metadata: SOPSMetadata
    var key: SymmetricKey
    private var hash = SHA512()
    private let unencryptedRegex: RE2Pattern?
    private let encryptedRegex: RE2Pattern?
    private let unencryptedCommentRegex: RE2Pattern?
    private let encryptedCommentRegex: RE2Pattern?

    /// SHA-256 of "sops": the MAC's prefix when only encrypted values are covered.
    static let macOnlyEncryptedPrefix: [UInt8] = [
        0x8a, 0x3f, 0xd2, 0xad, 0x54, 0xce, 0x66, 0x52, 0x7b, 0x10, 0x34, 0xf3, 0xd1, 0x47, 0xbe, 0x0b,
        0x0b, 0x97, 0x5b, 0x3b, 0xf4, 0x4f, 0x72, 0xc6, 0xfd, 0xad, 0xec, 0x81, 0x76, 0xf2, 0x7d, 0x69,
    ]

    init(metadata: SOPSMetadata, key: SymmetricKey) throws(SOPSError.Cause) {
        self.metadata = metadata
        self.key = key
        func compile(_ pattern: String, _ field: String) throws(SOPSError.Cause) -> RE2Pattern? {
            guard !pattern.isEmpty else { return nil }
            // Go's regexp.Match finds the pattern anywhere in the key.
            do { return try RE2Pattern("[\\s\\S]*(?:\(pattern))[\\s\\S]*") } catch { throw .malformedMetadata("\(field): \(error)") }
        }
        unencryptedRegex = try compile(metadata.unencryptedRegex, "unencrypted_regex")
        encryptedRegex = try compile(metadata.encryptedRegex, "encrypted_regex")
        unencryptedCommentRegex = try compile(metadata.unencryptedCommentRegex, "unencrypted_comment_regex")
        encryptedCommentRegex = try compile(metadata.encryptedCommentRegex, "encrypted_comment_regex")
        if metadata.macOnlyEncrypted { hash.update(data: Self.macOnlyEncryptedPrefix) }
    }

    /// Decrypts every branch in place and returns the MAC (upper-case hex SHA-512) it computed.
    mutating func decrypt(_ branches: inout [SOPSBranch]) throws(SOPSError.Cause) -> String {
        for i in branches.indices {
            var stack: [[String]] = []
            try walkBranch(&branches[i], path: [], comments: &stack)
        }
        return hash.finalize().map { String(format: "%02X", $0) }.joined()
    }

    private mutating func walkBranch(_ branch: inout SOPSBranch, path: [String], comments outer: inout [[String]]) throws(SOPSError.Cause) {
        var stack = outer + [[]]
        for i in branch.indices {
            switch branch[i].key {
            case .comment(let text):
                stack[stack.count - 1].append(text)
                if case .comment(let plain) = try leaf(.comment(text), path: path, comments: stack) { branch[i].key = .comment(plain) }
            case .name(let name):
                var value = branch[i].value
                try walkValue(&value, path: path + [name], comments: &stack)
                branch[i].value = value
                stack[stack.count - 1] = []
            }
        }
    }

    private mutating func walkValue(_ value: inout SOPSValue, path: [String], comments stack: inout [[String]]) throws(SOPSError.Cause) {
        switch value {
        case .null: return
        case .branch(var branch):
            try walkBranch(&branch, path: path, comments: &stack)
            value = .branch(branch)
        case .list(var items):
            var inner = stack + [[]]
            for i in items.indices {
                if case .comment(let text) = items[i] { inner[inner.count - 1].append(text) }
                var item = items[i]
                try walkValue(&item, path: path, comments: &inner)
                items[i] = item
                if case .comment = items[i] {} else { inner[inner.count - 1] = [] }
            }
            value = .list(items)
        default:
            value = try leaf(value, path: path, comments: stack)
        }
    }

    /// One leaf: decrypted when SOPS would have encrypted it, then hashed into the MAC.
    private mutating func leaf(_ value: SOPSValue, path: [String], comments: [[String]]) throws(SOPSError.Cause) -> SOPSValue {
        var isComment = false
        if case .comment = value { isComment = true }
        let encrypted = shouldBeEncrypted(path: path, comments: comments, isComment: isComment)
        var plain = value
        let additionalData = path.joined(separator: ":") + ":"
        if encrypted {
            switch value {
            case .comment(let text):
                // SOPS keeps a comment that does not decrypt as it is (written by an older SOPS).
                if SOPSValueCipher.isEncrypted(text), let opened = try? SOPSValueCipher.decrypt(text, key: key, additionalData: additionalData) {
                    if case .comment = opened { plain = opened } else if case .string(let s) = opened { plain = .comment(s) }
                }
            case .string(let text):
                do {
                    plain = try SOPSValueCipher.decrypt(text, key: key, additionalData: additionalData)
                } catch {
                    switch error {
                    case .authentication: throw .valueAuthentication(path: path.joined(separator: "."))
                    case .malformed, .badType: throw .malformedValue(path: path.joined(separator: "."))
                    }
                }
            default:
                // SOPS only ever writes strings for encrypted values.
                throw .malformedValue(path: path.joined(separator: "."))
            }
        }
        if !metadata.macOnlyEncrypted || encrypted {
            if let bytes = Self.macBytes(plain) { hash.update(data: bytes) }
        }
        return plain
    }

    /// SOPS's `ToBytes`: what a value contributes to the MAC (comments contribute nothing).
    static func macBytes(_ value: SOPSValue) -> [UInt8]? {
        switch value {
        case .string(let s): Array(s.utf8)
        case .int(let i): Array(String(i).utf8)
        case .float(let d): Array(GoFloat.formatF(d).utf8)
        case .bool(let b): Array((b ? "True" : "False").utf8)
        case .bytes(let bytes): bytes
        case .comment, .null, .branch, .list: nil
        }
    }

    /// SOPS's `shouldBeEncrypted`, rule for rule and in its order.
    func shouldBeEncrypted(path: [String], comments: [[String]], isComment: Bool) -> Bool {
        var encrypted = true
        if !metadata.unencryptedSuffix.isEmpty, path.contains(where: { $0.hasSuffix(metadata.unencryptedSuffix) }) { encrypted = false }
        if !metadata.encryptedSuffix.isEmpty { encrypted = path.contains { $0.hasSuffix(metadata.encryptedSuffix) } }
        if let unencryptedRegex, path.contains(where: { unencryptedRegex.matches($0) }) { encrypted = false }
        if let encryptedRegex { encrypted = path.contains { encryptedRegex.matches($0) } }
        if let unencryptedCommentRegex, comments.joined().contains(where: { unencryptedCommentRegex.matches($0) }) { encrypted = false }
        if let encryptedCommentRegex {
            encrypted = false
            outer: for (i, group) in comments.enumerated() {
                for (j, comment) in group.enumerated() {
                    // The comment line that carries the marker is itself left in clear.
                    if isComment && i == comments.count - 1 && j == group.count - 1 { continue }
                    if encryptedCommentRegex.matches(comment) { encrypted = true; break outer }
                }
            }
        }
        return encrypted
    }
}
