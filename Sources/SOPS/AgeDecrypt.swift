import Crypto
import Foundation

/// Decrypts the age v1 format (age-encryption.org/v1), binary or ASCII-armored, with X25519
/// identities: the header's recipient stanzas are tried against every identity, the header MAC
/// (HMAC-SHA256 under HKDF(file key, "header")) is verified before any payload byte is
/// opened, and the payload is the STREAM construction of 64 KiB ChaCha20-Poly1305 chunks.
/// Other stanza types (scrypt, ssh-ed25519, plugins) are skipped as not ours, as age does.
public enum Age {
    static let intro = "age-encryption.org/v1"
    static let x25519Label = "age-encryption.org/v1/X25519"
    static let chunkSize = 64 * 1024

    /// The plaintext of `file` for one of `identities`.
    public static func decrypt(_ file: [UInt8], identities: [AgeIdentity]) throws(AgeError) -> [UInt8] {
        let binary = try dearmorIfNeeded(file)
        let header = try AgeHeader.parse(binary)
        var fileKey: SymmetricKey?
        for stanza in header.stanzas where stanza.type == "X25519" {
            for identity in identities {
                if let key = try unwrap(stanza, identity: identity) { fileKey = key; break }
            }
            if fileKey != nil { break }
        }
        guard let fileKey else { throw .noMatchingIdentity }
        let macKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: fileKey, salt: [UInt8](), info: Array("header".utf8), outputByteCount: 32)
        guard HMAC<SHA256>.isValidAuthenticationCode(header.mac, authenticating: header.macInput, using: macKey) else {
            throw .headerMACMismatch
        }
        return try openPayload(Array(binary[header.payloadStart...]), fileKey: fileKey)
    }

    /// The file key from an X25519 stanza, or nil when the stanza is for another recipient.
    static func unwrap(_ stanza: AgeHeader.Stanza, identity: AgeIdentity) throws(AgeError) -> SymmetricKey? {
        guard stanza.arguments.count == 1, let share = AgeBase64.decodeRaw(stanza.arguments[0]), share.count == 32 else {
            throw .malformedHeader("an X25519 stanza takes one 32-byte share")
        }
        guard stanza.body.count == 32 else { throw .malformedHeader("an X25519 stanza's body is 32 bytes") }
        guard let ephemeral = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: share),
              let shared = try? identity.privateKey.sharedSecretFromKeyAgreement(with: ephemeral) else { return nil }
        let sharedBytes = shared.withUnsafeBytes { Array($0) }
        if sharedBytes.allSatisfy({ $0 == 0 }) { throw .malformedHeader("X25519 share is a low-order point") }
        let salt = share + Array(identity.privateKey.publicKey.rawRepresentation)
        let wrapKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: sharedBytes), salt: salt,
                                             info: Array(x25519Label.utf8), outputByteCount: 32)
        guard let box = try? ChaChaPoly.SealedBox(combined: [UInt8](repeating: 0, count: 12) + stanza.body),
              let fileKey = try? ChaChaPoly.open(box, using: wrapKey) else { return nil }
        return SymmetricKey(data: fileKey)
    }

    /// The STREAM payload: a 16-byte nonce, then chunks sealed with counter nonces; the last is flagged.
    static func openPayload(_ payload: [UInt8], fileKey: SymmetricKey) throws(AgeError) -> [UInt8] {
        guard payload.count >= 16 else { throw .payloadCorrupt("missing payload nonce") }
        let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: fileKey, salt: Array(payload[0..<16]), info: Array("payload".utf8),
                                         outputByteCount: 32)
        let sealedChunk = chunkSize + 16
        var plaintext: [UInt8] = []
        var offset = 16
        var counter: UInt64 = 0
        repeat {
            let end = min(offset + sealedChunk, payload.count)
            let last = end == payload.count
            let chunk = payload[offset..<end]
            guard chunk.count >= 16 else { throw .payloadCorrupt("truncated chunk") }
            var nonce = [UInt8](repeating: 0, count: 12)
            for i in 0..<8 { nonce[10 - i] = UInt8((counter >> UInt64(8 * i)) & 0xff) }
            nonce[11] = last ? 1 : 0
            guard let box = try? ChaChaPoly.SealedBox(combined: nonce + chunk), let opened = try? ChaChaPoly.open(box, using: key) else {
                throw .payloadCorrupt("chunk \(counter) failed authentication")
            }
            if last && opened.isEmpty && counter > 0 { throw .payloadCorrupt("empty final chunk") }
            plaintext += opened
            offset = end
            counter += 1
        } while offset < payload.count
        return plaintext
    }

    static let armorBegin = "-----BEGIN AGE ENCRYPTED FILE-----"
    static let armorEnd = "-----END AGE ENCRYPTED FILE-----"

    /// The binary form of an armored file (padded base64, 64 columns), or the input as it is.
    static func dearmorIfNeeded(_ file: [UInt8]) throws(AgeError) -> [UInt8] {
        let text = String(decoding: file, as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(armorBegin) else { return file }
        guard trimmed.hasSuffix(armorEnd) else { throw .malformedHeader("armor without its END line") }
        let body = trimmed.dropFirst(armorBegin.count).dropLast(armorEnd.count)
        let joined = body.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined()
        guard let data = Data(base64Encoded: joined) else { throw .malformedHeader("armor is not base64") }
        return Array(data)
    }
}

/// Base64 without padding, as age's header uses it.
enum AgeBase64 {
    static func decodeRaw(_ text: String) -> [UInt8]? {
        guard !text.contains("=") else { return nil }
        let padded = text + String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: padded).map(Array.init)
    }
}

/// The header of an age file: stanzas, the MAC, and the bytes the MAC covers.
struct AgeHeader {
    struct Stanza {
        var type: String
        var arguments: [String]
        var body: [UInt8]
    }
    var stanzas: [Stanza] = []
    var macInput: [UInt8] = []
    var mac: [UInt8] = []
    var payloadStart = 0

    static func parse(_ bytes: [UInt8]) throws(AgeError) -> AgeHeader {
        var header = AgeHeader()
        var position = 0
        func nextLine() throws(AgeError) -> String {
            guard let newline = bytes[position...].firstIndex(of: 0x0a) else { throw .malformedHeader("unexpected end of header") }
            let line = String(decoding: bytes[position..<newline], as: UTF8.self)
            position = newline + 1
            return line
        }
        guard try nextLine() == Age.intro else { throw .malformedHeader("not an age v1 file") }
        var line = try nextLine()
        while line.hasPrefix("-> ") {
            let parts = line.dropFirst(3).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard let type = parts.first, !type.isEmpty else { throw .malformedHeader("stanza without a type") }
            var body: [UInt8] = []
            while true {
                let bodyLine = try nextLine()
                guard bodyLine.count <= 64, let chunk = AgeBase64.decodeRaw(bodyLine) else { throw .malformedHeader("stanza body is not base64") }
                body += chunk
                if bodyLine.count < 64 { break }
            }
            header.stanzas.append(Stanza(type: type, arguments: Array(parts.dropFirst()), body: body))
            line = try nextLine()
        }
        guard line.hasPrefix("--- "), let mac = AgeBase64.decodeRaw(String(line.dropFirst(4))), mac.count == 32 else {
            throw .malformedHeader("missing header MAC")
        }
        header.mac = mac
        // The MAC covers the header up to and including "---", without the space and MAC.
        header.macInput = Array(bytes[..<(position - line.utf8.count - 1 + 3)])
        header.payloadStart = position
        return header
    }
}
