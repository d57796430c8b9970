/// SOPS's document model, as its stores load a file: ordered branches of key/value items where
/// comments are items of their own (a comment key in a mapping, a comment element in a list),
/// so that decryption and re-emission keep their place. One branch per YAML document.
public indirect enum SOPSValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case float(Double)
    case bool(Bool)
    case bytes([UInt8])
    case null
    case comment(String)
    case branch(SOPSBranch)
    case list([SOPSValue])
}

public struct SOPSItem: Sendable, Equatable {
    public enum Key: Sendable, Equatable {
        case name(String)
        case comment(String)
    }
    public var key: Key
    public var value: SOPSValue
    public init(key: Key, value: SOPSValue) {
        self.key = key
        self.value = value
    }
}

public typealias SOPSBranch = [SOPSItem]

/// The `sops` metadata a document carries, as far as decryption needs it.
public struct SOPSMetadata: Sendable {
    public struct AgeKey: Sendable { public var recipient: String; public var enc: String }
    public struct PGPKey: Sendable { public var fingerprint: String; public var enc: String }
    public var age: [AgeKey] = []
    public var pgp: [PGPKey] = []
    /// Key kinds Ferry cannot use (kms, gcp_kms, azure_kv, hc_vault, key_groups, …), by name.
    public var unsupportedKeyKinds: [String] = []
    public var lastModified = ""
    public var mac = ""
    public var macOnlyEncrypted = false
    public var unencryptedSuffix = ""
    public var encryptedSuffix = ""
    public var unencryptedRegex = ""
    public var encryptedRegex = ""
    public var unencryptedCommentRegex = ""
    public var encryptedCommentRegex = ""
    public var version = ""
}
