import _CryptoExtras
import Crypto
import Foundation

/// A private key as Sprig's certificate functions hold one: RSA, ECDSA P-256 or Ed25519, in
/// the PEM forms Go's `pemBlockForKey` writes (PKCS#1 `RSA PRIVATE KEY`, SEC 1 `EC PRIVATE
/// KEY`, PKCS#8 `PRIVATE KEY` for Ed25519). Sprig's DSA keys are not supported.
enum X509Key {
    case rsa(_RSA.Signing.PrivateKey)
    case ecdsa(P256.Signing.PrivateKey)
    case ed25519(Curve25519.Signing.PrivateKey)

    struct Failure: Error { var message: String }

    static let oidRSA: [UInt] = [1, 2, 840, 113549, 1, 1, 1]
    static let oidEC: [UInt] = [1, 2, 840, 10045, 2, 1]
    static let oidP256: [UInt] = [1, 2, 840, 10045, 3, 1, 7]
    static let oidEd25519: [UInt] = [1, 3, 101, 112]

    var pem: String {
        switch self {
        case .rsa(let k): return X509PEM.encode(type: "RSA PRIVATE KEY", der: Array(k.derRepresentation))
        case .ecdsa(let k):
            let sec1 = ASN1.seq(ASN1.int(1), ASN1.octets(Array(k.rawRepresentation)),
                                ASN1.context(0, constructed: true, ASN1.objectID(X509Key.oidP256)),
                                ASN1.context(1, constructed: true, ASN1.bits(Array(k.publicKey.x963Representation))))
            return X509PEM.encode(type: "EC PRIVATE KEY", der: sec1)
        case .ed25519(let k):
            let pkcs8 = ASN1.seq(ASN1.int(0), ASN1.seq(ASN1.objectID(X509Key.oidEd25519)),
                                 ASN1.octets(ASN1.octets(Array(k.rawRepresentation))))
            return X509PEM.encode(type: "PRIVATE KEY", der: pkcs8)
        }
    }

    /// The SubjectPublicKeyInfo, and the key bits inside it (what a Subject Key Identifier hashes).
    var subjectPublicKeyInfo: (der: [UInt8], keyBits: [UInt8]) {
        switch self {
        case .rsa(let k):
            let spki = Array(k.publicKey.derRepresentation)
            let bits = (try? X509Key.keyBits(spki)) ?? []
            return (spki, bits)
        case .ecdsa(let k):
            let point = Array(k.publicKey.x963Representation)
            return (ASN1.seq(ASN1.seq(ASN1.objectID(X509Key.oidEC), ASN1.objectID(X509Key.oidP256)), ASN1.bits(point)), point)
        case .ed25519(let k):
            let raw = Array(k.publicKey.rawRepresentation)
            return (ASN1.seq(ASN1.seq(ASN1.objectID(X509Key.oidEd25519)), ASN1.bits(raw)), raw)
        }
    }

    private static func keyBits(_ spki: [UInt8]) throws -> [UInt8] {
        let (outer, _) = try ASN1.read(spki[...])
        let parts = try ASN1.children(outer.body)
        guard parts.count == 2, parts[1].tag == ASN1.bitString, !parts[1].body.isEmpty else { throw ASN1.Malformed() }
        return Array(parts[1].body.dropFirst())
    }

    /// The AlgorithmIdentifier Go's `CreateCertificate` picks for this signer.
    var signatureAlgorithm: [UInt8] {
        switch self {
        case .rsa: return ASN1.seq(ASN1.objectID([1, 2, 840, 113549, 1, 1, 11]), ASN1.tlv(ASN1.null, []))
        case .ecdsa: return ASN1.seq(ASN1.objectID([1, 2, 840, 10045, 4, 3, 2]))
        case .ed25519: return ASN1.seq(ASN1.objectID(X509Key.oidEd25519))
        }
    }

    /// SHA256WithRSA (PKCS #1 v1.5), ECDSA-SHA256 (DER signature) or pure Ed25519.
    func sign(_ tbs: [UInt8]) throws -> [UInt8] {
        switch self {
        case .rsa(let k): return Array(try k.signature(for: SHA256.hash(data: tbs), padding: .insecurePKCS1v1_5).rawRepresentation)
        case .ecdsa(let k): return Array(try k.signature(for: tbs).derRepresentation)
        case .ed25519(let k): return Array(try k.signature(for: tbs))
        }
    }

    /// Go's `parsePrivateKeyPEM`, with its error texts.
    static func parse(pem text: String) throws(Failure) -> X509Key {
        guard let (type, der) = X509PEM.decode(text) else { throw Failure(message: "no PEM data in input") }
        if type == "PRIVATE KEY" {
            do { return try parsePKCS8(der) } catch {
                throw Failure(message: "decoding PEM as PKCS#8: \(error.message)")
            }
        }
        guard type.hasSuffix(" PRIVATE KEY") else { throw Failure(message: "no private key data in PEM block of type \(type)") }
        switch type.dropLast(12) {
        case "RSA":
            guard let k = try? _RSA.Signing.PrivateKey(unsafeDERRepresentation: der) else {
                throw Failure(message: "parsing RSA private key from PEM: x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)")
            }
            return .rsa(k)
        case "EC":
            guard let k = try? parseSEC1(der[...]) else {
                throw Failure(message: "parsing EC private key from PEM: x509: failed to parse EC private key")
            }
            return .ecdsa(k)
        case "DSA":
            throw Failure(message: "parsing DSA private key from PEM: DSA keys are not supported")
        default:
            throw Failure(message: "invalid private key type \(type)")
        }
    }

    private static func parseSEC1(_ der: ArraySlice<UInt8>) throws -> P256.Signing.PrivateKey {
        let (outer, _) = try ASN1.read(der)
        let parts = try ASN1.children(outer.body)
        guard parts.count >= 2, parts[1].tag == ASN1.octetString else { throw ASN1.Malformed() }
        var raw = Array(parts[1].body)
        if raw.count < 32 { raw = [UInt8](repeating: 0, count: 32 - raw.count) + raw }
        return try P256.Signing.PrivateKey(rawRepresentation: raw)
    }

    private static func parsePKCS8(_ der: [UInt8]) throws(Failure) -> X509Key {
        do {
            let (outer, _) = try ASN1.read(der[...])
            let parts = try ASN1.children(outer.body)
            guard parts.count >= 3, parts[1].tag == ASN1.sequence, parts[2].tag == ASN1.octetString else { throw ASN1.Malformed() }
            let algorithm = try ASN1.children(parts[1].body)
            guard let oid = algorithm.first else { throw ASN1.Malformed() }
            if Array(oid.raw) == ASN1.objectID(oidRSA) {
                return .rsa(try _RSA.Signing.PrivateKey(unsafeDERRepresentation: parts[2].body))
            }
            if Array(oid.raw) == ASN1.objectID(oidEC) { return .ecdsa(try parseSEC1(parts[2].body)) }
            if Array(oid.raw) == ASN1.objectID(oidEd25519) {
                let (inner, _) = try ASN1.read(parts[2].body)
                return .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: inner.body))
            }
            throw Failure(message: "x509: PKCS#8 wrapping contained private key with unknown algorithm")
        } catch let f as Failure {
            throw f
        } catch {
            throw Failure(message: "x509: failed to parse private key")
        }
    }
}
