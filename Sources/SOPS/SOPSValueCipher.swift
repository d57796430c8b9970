import Crypto
import Foundation

/// SOPS's value format, `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`: AES-256-GCM under the
/// document's data key with a 32-byte IV, and as additional data the value's path as SOPS
/// builds it (the keys from the root joined with ":" plus a trailing ":"; list positions add nothing).
enum SOPSValueCipher {
    struct Encrypted {
        var data: [UInt8]
        var iv: [UInt8]
        var tag: [UInt8]
        var type: String
    }

    enum Failure: Error {
        case malformed(String)
        case authentication
        case badType(String)
    }

    static func parse(_ text: String) -> Encrypted? {
        guard text.hasPrefix("ENC[AES256_GCM,data:"), text.hasSuffix("]") else { return nil }
        let inner = text.dropFirst("ENC[AES256_GCM,".count).dropLast()
        var fields: [String: String] = [:]
        for part in inner.split(separator: ",") {
            guard let colon = part.firstIndex(of: ":") else { return nil }
            fields[String(part[..<colon])] = String(part[part.index(after: colon)...])
        }
        guard let data = fields["data"].flatMap({ Data(base64Encoded: $0) }), let iv = fields["iv"].flatMap({ Data(base64Encoded: $0) }),
              let tag = fields["tag"].flatMap({ Data(base64Encoded: $0) }), let type = fields["type"], !iv.isEmpty, tag.count == 16 else {
            return nil
        }
        return Encrypted(data: Array(data), iv: Array(iv), tag: Array(tag), type: type)
    }

    static func isEncrypted(_ text: String) -> Bool { text.hasPrefix("ENC[AES256_GCM,") }

    /// The raw plaintext bytes of `text` (no type conversion).
    static func open(_ text: String, key: SymmetricKey, additionalData: String) throws(Failure) -> (bytes: [UInt8], type: String) {
        guard let value = parse(text) else { throw .malformed("not an ENC[AES256_GCM,data:…,iv:…,tag:…,type:…] value") }
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: value.iv), ciphertext: value.data, tag: value.tag)
            let plain = try AES.GCM.open(box, using: key, authenticating: Array(additionalData.utf8))
            return (Array(plain), value.type)
        } catch {
            throw .authentication
        }
    }

    /// Decrypts one value into the type its `type:` names, as SOPS does (empty stays empty).
    static func decrypt(_ text: String, key: SymmetricKey, additionalData: String) throws(Failure) -> SOPSValue {
        if text.isEmpty { return .string("") }
        let (bytes, type) = try open(text, key: key, additionalData: additionalData)
        let string = String(decoding: bytes, as: UTF8.self)
        switch type {
        case "str": return String(validating: bytes, as: UTF8.self).map(SOPSValue.string) ?? .bytes(bytes)
        case "int", "int64":
            guard let v = Int(string) else { throw .badType(type) }
            return .int(v)
        case "float":
            guard let v = Double(string) else { throw .badType(type) }
            return .float(v)
        case "bool":
            switch string {
            case "1", "t", "T", "TRUE", "true", "True": return .bool(true)
            case "0", "f", "F", "FALSE", "false", "False": return .bool(false)
            default: throw .badType(type)
            }
        case "bytes": return .bytes(bytes)
        case "comment": return .comment(string)
        default: throw .badType(type)
        }
    }
}
