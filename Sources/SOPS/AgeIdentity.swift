import Crypto

/// An age X25519 identity (`AGE-SECRET-KEY-1…`), as `age-keygen` writes it and as Flux reads
/// `*.agekey` entries of the decryption Secret: one identity per line, `#` lines are comments.
public struct AgeIdentity: Sendable {
    /// The raw 32-byte scalar (kept as bytes: swift-crypto's key types are not Sendable).
    let secret: [UInt8]
    var privateKey: Curve25519.KeyAgreement.PrivateKey {
        // The bytes were validated by `init(parsing:)`, so this cannot fail.
        (try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: secret)) ?? Curve25519.KeyAgreement.PrivateKey()
    }

    /// The identity's public recipient (`age1…`), used only to name which recipient matched.
    public var recipient: String {
        Bech32.encode(hrp: "age", data: Array(privateKey.publicKey.rawRepresentation))
    }

    /// Parses one `AGE-SECRET-KEY-1…` string (bech32, upper or lower case).
    public init(parsing text: String) throws(AgeError) {
        guard let (hrp, data) = Bech32.decode(text), hrp == "age-secret-key-" else {
            throw .malformedIdentity("not an AGE-SECRET-KEY-1… bech32 string")
        }
        guard data.count == 32, (try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: data)) != nil else {
            throw .malformedIdentity("an X25519 secret key is 32 bytes")
        }
        secret = data
    }

    /// Every identity in a key file's text (blank lines and `#` comments skipped).
    public static func parseAll(_ text: String) throws(AgeError) -> [AgeIdentity] {
        var identities: [AgeIdentity] = []
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            identities.append(try AgeIdentity(parsing: trimmed))
        }
        return identities
    }
}

/// Why age could not decrypt. Never carries key material or plaintext.
public enum AgeError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformedIdentity(String)
    case malformedHeader(String)
    case noMatchingIdentity
    case headerMACMismatch
    case payloadCorrupt(String)

    public var description: String {
        switch self {
        case .malformedIdentity(let why): "invalid age identity: \(why)"
        case .malformedHeader(let why): "invalid age header: \(why)"
        case .noMatchingIdentity: "no age identity matched any of the file's recipients"
        case .headerMACMismatch: "age header MAC mismatch: the file was tampered with"
        case .payloadCorrupt(let why): "age payload cannot be decrypted: \(why)"
        }
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}

/// BIP 173 bech32, the encoding of age's keys. Only what age needs: no length limit of 90
/// (age's secret keys are longer), no mixed case.
enum Bech32 {
    static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var chk: UInt32 = 1
        for value in values {
            let top = chk >> 25
            chk = (chk & 0x1ff_ffff) << 5 ^ UInt32(value)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { chk ^= generator[i] }
        }
        return chk
    }

    static func expand(_ hrp: [UInt8]) -> [UInt8] { hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 } }

    static func decode(_ text: String) -> (String, [UInt8])? {
        let bytes = Array(text.utf8)
        let lower = bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        guard lower == bytes || bytes.allSatisfy({ !($0 >= 97 && $0 <= 122) }) else { return nil }  // no mixed case
        guard let separator = lower.lastIndex(of: UInt8(ascii: "1")), separator > 0, lower.count - separator > 6 else { return nil }
        let hrp = Array(lower[..<separator])
        var values: [UInt8] = []
        for c in lower[(separator + 1)...] {
            guard let v = charset.firstIndex(of: c) else { return nil }
            values.append(UInt8(v))
        }
        guard polymod(expand(hrp) + values) == 1 else { return nil }
        guard let data = convertBits(Array(values.dropLast(6)), from: 5, to: 8, pad: false) else { return nil }
        return (String(decoding: hrp, as: UTF8.self), data)
    }

    static func encode(hrp: String, data: [UInt8]) -> String {
        let hrpBytes = Array(hrp.utf8)
        let values = convertBits(data, from: 8, to: 5, pad: true) ?? []
        let mod = polymod(expand(hrpBytes) + values + [0, 0, 0, 0, 0, 0]) ^ 1
        let checksum = (0..<6).map { UInt8((mod >> UInt32(5 * (5 - $0))) & 31) }
        return hrp + "1" + String(decoding: (values + checksum).map { charset[Int($0)] }, as: UTF8.self)
    }

    static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var acc = 0, bits = 0
        var out: [UInt8] = []
        let maxv = (1 << to) - 1
        for value in data {
            acc = (acc << from) | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((acc >> bits) & maxv))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8((acc << (to - bits)) & maxv)) }
        } else if bits >= from || (acc << (to - bits)) & maxv != 0 {
            return nil
        }
        return out
    }
}
