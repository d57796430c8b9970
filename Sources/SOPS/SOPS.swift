import Crypto
import Foundation

/// The formats SOPS stores documents in; Flux and `sops` pick one by the file's extension.
public enum SOPSFormat: String, Sendable, CaseIterable {
    case yaml, json, dotenv, ini, binary

    /// `.yaml`/`.yml`, `.json`, `.env`, `.ini`; anything else is binary (as `sops` decides).
    public init(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last ?? "").lowercased() : ""
        switch ext {
        case "yaml", "yml": self = .yaml
        case "json": self = .json
        case "env": self = .dotenv
        case "ini": self = .ini
        default: self = .binary
        }
    }
}

/// The keys a decryption may use: age identities (natively) and armored OpenPGP secret keys
/// (through gpg in a throw-away home).
public struct SOPSKeys: Sendable {
    public var ageIdentities: [AgeIdentity]
    public var pgpSecretKeys: [[UInt8]]

    public init(ageIdentities: [AgeIdentity] = [], pgpSecretKeys: [[UInt8]] = []) {
        self.ageIdentities = ageIdentities
        self.pgpSecretKeys = pgpSecretKeys
    }

    /// The keys of a Flux decryption Secret: every `*.agekey` entry holds age identities, every
    /// `*.asc` entry an armored PGP key; other entries are ignored. `secretName` names the
    /// Secret in errors.
    public init(secretData: [String: [UInt8]], secretName: String) throws(SOPSError) {
        var identities: [AgeIdentity] = []
        var pgp: [[UInt8]] = []
        for (name, value) in secretData.sorted(by: { $0.key < $1.key }) {
            if name.hasSuffix(".agekey") {
                do { identities += try AgeIdentity.parseAll(String(decoding: value, as: UTF8.self)) } catch {
                    throw SOPSError(file: "\(secretName)/\(name)", cause: .malformedMetadata(error.description))
                }
            } else if name.hasSuffix(".asc") {
                pgp.append(value)
            }
        }
        self.init(ageIdentities: identities, pgpSecretKeys: pgp)
    }
}

/// Decryption of SOPS documents, byte for byte what `sops -d` prints. Decrypted values live
/// only in the returned bytes: nothing is written to disk (OpenPGP keys are imported into a
/// private, deleted-after GNUPGHOME; the data key never leaves memory) and no error carries them.
public enum SOPS {
    /// Whether `bytes` is a SOPS document in `format` (it carries SOPS metadata with a MAC).
    public static func isEncrypted(_ bytes: [UInt8], format: SOPSFormat) -> Bool {
        (try? load(bytes, format: format)) != nil
    }

    /// The decrypted document, as `sops -d` prints it for `format`.
    ///
    /// `checkMAC: false` skips the whole-document MAC (each encrypted value is still
    /// authenticated with its path): Flux's kustomize-controller decrypts built resources so,
    /// because kustomize adds plain values (namespace, labels) that the MAC also covers.
    public static func decrypt(_ bytes: [UInt8], format: SOPSFormat, file: String, keys: SOPSKeys,
                               checkMAC: Bool = true) async throws(SOPSError) -> [UInt8] {
        do throws(SOPSError.Cause) {
            var document = try load(bytes, format: format)
            let dataKey = try await SOPSDataKey.recover(document.metadata, keys: keys)
            var decryptor = try SOPSTreeDecryptor(metadata: document.metadata, key: dataKey)
            let computed = try decryptor.decrypt(&document.branches)
            if checkMAC { try verifyMAC(computed, metadata: document.metadata, key: dataKey) }
            return emit(document.branches, format: format)
        } catch {
            throw SOPSError(file: file, cause: error)
        }
    }

    struct Document {
        var branches: [SOPSBranch]
        var metadata: SOPSMetadata
    }

    static func load(_ bytes: [UInt8], format: SOPSFormat) throws(SOPSError.Cause) -> Document {
        switch format {
        case .yaml:
            guard let text = String(validating: bytes, as: UTF8.self) else { throw .malformedDocument("YAML that is not UTF-8") }
            var branches: [SOPSBranch]
            do { branches = try SOPSYAMLLoader.load(text) } catch { throw .malformedDocument(error.reason) }
            guard let sops = branches.lazy.compactMap({ $0.first(where: { $0.key == .name("sops") }) }).first else {
                throw .malformedDocument("no sops metadata")
            }
            let metadata = try SOPSMetadata.parse(sops.value)
            for i in branches.indices { branches[i].removeAll { $0.key == .name("sops") } }
            return Document(branches: branches, metadata: metadata)
        case .json, .binary:
            var branch: SOPSBranch
            do { branch = try SOPSJSON.load(bytes) } catch { throw .malformedDocument(error.reason) }
            guard let sops = branch.first(where: { $0.key == .name("sops") }) else { throw .malformedDocument("no sops metadata") }
            let metadata = try SOPSMetadata.parse(sops.value)
            branch.removeAll { $0.key == .name("sops") }
            if format == .binary {
                guard branch.count == 1, branch[0].key == .name("data"), case .string = branch[0].value else {
                    throw .malformedDocument("a binary SOPS file holds one string 'data'")
                }
            }
            return Document(branches: [branch], metadata: metadata)
        case .dotenv:
            let all = SOPSDotenv.load(String(decoding: bytes, as: UTF8.self))
            var data: SOPSBranch = []
            var flat: [(String, String)] = []
            for item in all {
                if case .name(let name) = item.key, name.hasPrefix("sops_"), case .string(let value) = item.value {
                    flat.append((String(name.dropFirst(5)), value.replacingOccurrences(of: "\n", with: "\\n")))
                } else {
                    data.append(item)
                }
            }
            guard !flat.isEmpty else { throw .malformedDocument("no sops_ metadata keys") }
            return Document(branches: [data], metadata: try SOPSMetadata.parseFlat(flat))
        case .ini:
            let loaded: (branch: SOPSBranch, sops: [(String, String)])
            do { loaded = try SOPSINI.load(String(decoding: bytes, as: UTF8.self)) } catch { throw .malformedDocument(error.reason) }
            guard !loaded.sops.isEmpty else { throw .malformedDocument("no [sops] section") }
            return Document(branches: [loaded.branch], metadata: try SOPSMetadata.parseFlat(loaded.sops))
        }
    }

    static func emit(_ branches: [SOPSBranch], format: SOPSFormat) -> [UInt8] {
        switch format {
        case .yaml: return Array(SOPSYAMLEmitter.emit(branches).utf8)
        case .json: return Array(SOPSJSON.emit(branches.first ?? []).utf8)
        case .dotenv: return Array(SOPSDotenv.emit(branches.first ?? []).utf8)
        case .ini: return Array(SOPSINI.emit(branches.first ?? []).utf8)
        case .binary:
            switch branches.first?.first?.value {
            case .string(let s): return Array(s.utf8)
            case .bytes(let b): return b
            default: return []
            }
        }
    }

    /// The stored MAC is encrypted with the data key and `lastmodified` (RFC 3339, whole
    /// seconds, as Go formats it) as additional data; it must equal the computed one.
    static func verifyMAC(_ computed: String, metadata: SOPSMetadata, key: SymmetricKey) throws(SOPSError.Cause) {
        let stored: SOPSValue
        do {
            stored = try SOPSValueCipher.decrypt(metadata.mac, key: key, additionalData: rfc3339Seconds(metadata.lastModified))
        } catch {
            switch error {
            case .authentication: throw .macMismatch
            case .malformed, .badType: throw .malformedMetadata("the mac is not an ENC[AES256_GCM,…] value")
            }
        }
        guard case .string(let expected) = stored, expected == computed else { throw .macMismatch }
    }

    /// `2024-01-02T03:04:05.123Z` → `2024-01-02T03:04:05Z` (Go's time.RFC3339 drops fractions).
    static func rfc3339Seconds(_ text: String) -> String {
        guard let dot = text.firstIndex(of: "."), text[..<dot].contains("T") else { return text }
        let rest = text[text.index(after: dot)...].drop(while: { $0.isASCII && $0.isNumber })
        return String(text[..<dot]) + rest
    }
}
