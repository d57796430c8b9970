import Foundation

/// Reading the `sops` metadata: a nested mapping in YAML and JSON, flattened `sops_…` keys in
/// dotenv and INI (SOPS's flattening: `__list_N` for list positions, `__map_K` for keys, and
/// `\n` escaped in values).
extension SOPSMetadata {
    /// Key kinds SOPS knows that Ferry does not carry out; a file whose only keys are these is refused naming them.
    static let unsupportedKinds = ["kms", "gcp_kms", "azure_kv", "hc_vault", "hckms"]

    static func parse(_ value: SOPSValue) throws(SOPSError.Cause) -> SOPSMetadata {
        guard case .branch(let branch) = value else { throw .malformedMetadata("the sops key is not a mapping") }
        var m = SOPSMetadata()
        for item in branch {
            guard case .name(let key) = item.key else { continue }
            switch key {
            case "age":
                for entry in entries(item.value) {
                    guard let recipient = entry["recipient"], let enc = entry["enc"] else { throw .malformedMetadata("an age entry needs recipient and enc") }
                    m.age.append(AgeKey(recipient: recipient, enc: enc))
                }
            case "pgp":
                for entry in entries(item.value) {
                    guard let fp = entry["fp"], let enc = entry["enc"] else { throw .malformedMetadata("a pgp entry needs fp and enc") }
                    m.pgp.append(PGPKey(fingerprint: fp, enc: enc))
                }
            case "key_groups":
                if case .list(let groups) = item.value, !groups.isEmpty { m.unsupportedKeyKinds.append("key_groups") }
            case "lastmodified": m.lastModified = text(item.value)
            case "mac": m.mac = text(item.value)
            case "mac_only_encrypted":
                switch item.value {
                case .bool(let b): m.macOnlyEncrypted = b
                case .string(let s): m.macOnlyEncrypted = s == "true" || s == "True"
                default: break
                }
            case "unencrypted_suffix": m.unencryptedSuffix = text(item.value)
            case "encrypted_suffix": m.encryptedSuffix = text(item.value)
            case "unencrypted_regex": m.unencryptedRegex = text(item.value)
            case "encrypted_regex": m.encryptedRegex = text(item.value)
            case "unencrypted_comment_regex": m.unencryptedCommentRegex = text(item.value)
            case "encrypted_comment_regex": m.encryptedCommentRegex = text(item.value)
            case "version": m.version = text(item.value)
            default:
                if unsupportedKinds.contains(key), case .list(let list) = item.value, !list.isEmpty { m.unsupportedKeyKinds.append(key) }
            }
        }
        guard !m.mac.isEmpty else { throw .malformedMetadata("the sops metadata has no mac") }
        guard !m.lastModified.isEmpty else { throw .malformedMetadata("the sops metadata has no lastmodified") }
        return m
    }

    /// The metadata from flattened keys (`age__list_0__map_enc` → age[0].enc), values unescaped.
    static func parseFlat(_ pairs: [(String, String)]) throws(SOPSError.Cause) -> SOPSMetadata {
        var root: SOPSBranch = []
        for (key, raw) in pairs {
            let value = raw.replacingOccurrences(of: "\\n", with: "\n")
            let tokens = key.components(separatedBy: "__")
            insert(&root, tokens: tokens[...], value: .string(value))
        }
        return try parse(.branch(root))
    }

    private static func insert(_ branch: inout SOPSBranch, tokens: ArraySlice<String>, value: SOPSValue) {
        guard let first = tokens.first else { return }
        let name = first.hasPrefix("map_") ? String(first.dropFirst(4)) : first
        let index = branch.firstIndex { $0.key == .name(name) } ?? {
            branch.append(SOPSItem(key: .name(name), value: .null))
            return branch.count - 1
        }()
        var current = branch[index].value
        insertValue(&current, tokens: tokens.dropFirst(), value: value)
        branch[index].value = current
    }

    private static func insertValue(_ current: inout SOPSValue, tokens: ArraySlice<String>, value: SOPSValue) {
        guard let next = tokens.first else { current = value; return }
        if next.hasPrefix("list_"), let position = Int(next.dropFirst(5)), position >= 0, position < 10_000 {
            var list: [SOPSValue] = []
            if case .list(let existing) = current { list = existing }
            while list.count <= position { list.append(.null) }
            insertValue(&list[position], tokens: tokens.dropFirst(), value: value)
            current = .list(list)
        } else {
            var branch: SOPSBranch = []
            if case .branch(let existing) = current { branch = existing }
            insert(&branch, tokens: tokens, value: value)
            current = .branch(branch)
        }
    }

    private static func entries(_ value: SOPSValue) -> [[String: String]] {
        guard case .list(let list) = value else { return [] }
        return list.compactMap { element in
            guard case .branch(let branch) = element else { return nil }
            var fields: [String: String] = [:]
            for item in branch { if case .name(let k) = item.key { fields[k] = text(item.value) } }
            return fields
        }
    }

    private static func text(_ value: SOPSValue) -> String {
        switch value {
        case .string(let s): s
        case .int(let i): String(i)
        case .bool(let b): b ? "true" : "false"
        case .float(let d): GoFloat.formatF(d)
        default: ""
        }
    }
}
