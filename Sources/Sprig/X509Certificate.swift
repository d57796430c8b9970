import Crypto
import Foundation
import GoTemplate

/// X.509 v3 certificates as Go's `x509.CreateCertificate` writes them for Sprig's templates:
/// the same fields, extensions, order and string types, so other tools read them alike.
enum X509Certificate {
    struct Failure: Error { var message: String }

    /// What signs: the issuer's Subject (DER), its Subject Key Identifier if any, its key.
    struct Issuer {
        var subject: [UInt8]
        var subjectKeyID: [UInt8]?
        var key: X509Key
    }

    /// `pkix.Name{CommonName: cn}` as an RDNSequence (empty when `cn` is).
    static func name(commonName cn: String) -> [UInt8] {
        guard !cn.isEmpty else { return ASN1.seq() }
        // encoding/asn1's PrintableString set, without `*` and `&` (Go then picks UTF8String).
        let printable = cn.utf8.allSatisfy { c in
            (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || " '()+,-./:=?".utf8.contains(c)
        }
        let value = ASN1.tlv(printable ? ASN1.printableString : ASN1.utf8String, Array(cn.utf8))
        return ASN1.seq(ASN1.tlv(ASN1.set, ASN1.seq(ASN1.objectID([2, 5, 4, 3]), value)))
    }

    /// Go's time encoding in certificates: UTCTime for 1950–2049, GeneralizedTime otherwise.
    static func time(_ t: GoTime) -> [UInt8] {
        let f = t.in(.utc).fields
        if f.year >= 1950 && f.year < 2050 {
            return ASN1.tlv(ASN1.utcTime, Array(t.in(.utc).format("060102150405Z").utf8))
        }
        return ASN1.tlv(ASN1.generalizedTime, Array(t.in(.utc).format("20060102150405Z").utf8))
    }

    private static func ext(_ oid: [UInt], critical: Bool, _ value: [UInt8]) -> [UInt8] {
        critical ? ASN1.seq(ASN1.objectID(oid), ASN1.tlv(ASN1.boolean, [0xFF]), ASN1.octets(value))
            : ASN1.seq(ASN1.objectID(oid), ASN1.octets(value))
    }

    /// A signed certificate, DER. `issuer` nil means self-signed by `key`.
    static func create(commonName cn: String, ips: [[UInt8]], dnsNames: [String], daysValid: Int, isCA: Bool,
                       key: X509Key, issuer: Issuer?) throws(Failure) -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        let serial = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let now = GoTime.now()
        let notAfter = now.adding(daysValid &* 86_400_000_000_000)
        let subject = name(commonName: cn)
        let issuerName = issuer?.subject ?? subject
        let spki = key.subjectPublicKeyInfo
        let signer = issuer?.key ?? key

        var extensions = [UInt8]()
        // keyUsage: digitalSignature | keyEncipherment (| keyCertSign for a CA), as a minimal BIT STRING.
        extensions += ext([2, 5, 29, 15], critical: true, isCA ? ASN1.bits([0xA4], unused: 2) : ASN1.bits([0xA0], unused: 5))
        extensions += ext([2, 5, 29, 37], critical: false,
                          ASN1.seq(ASN1.objectID([1, 3, 6, 1, 5, 5, 7, 3, 1]), ASN1.objectID([1, 3, 6, 1, 5, 5, 7, 3, 2])))
        extensions += ext([2, 5, 29, 19], critical: true, isCA ? ASN1.seq(ASN1.tlv(ASN1.boolean, [0xFF])) : ASN1.seq())
        if isCA {
            extensions += ext([2, 5, 29, 14], critical: false, ASN1.octets(Array(Insecure.SHA1.hash(data: spki.keyBits))))
        }
        if let issuer, issuer.subject != subject, let keyID = issuer.subjectKeyID, !keyID.isEmpty {
            extensions += ext([2, 5, 29, 35], critical: false, ASN1.seq(ASN1.context(0, constructed: false, keyID)))
        }
        if !dnsNames.isEmpty || !ips.isEmpty {
            var names = [UInt8]()
            for dns in dnsNames { names += ASN1.context(2, constructed: false, Array(dns.utf8)) }
            for ip in ips { names += ASN1.context(7, constructed: false, ip) }
            extensions += ext([2, 5, 29, 17], critical: cn.isEmpty, ASN1.tlv(ASN1.sequence, names))
        }

        let tbs = ASN1.seq(
            ASN1.context(0, constructed: true, ASN1.int(2)),
            ASN1.unsignedInteger(serial),
            signer.signatureAlgorithm,
            issuerName,
            ASN1.seq(time(now), time(notAfter)),
            subject,
            spki.der,
            ASN1.context(3, constructed: true, ASN1.tlv(ASN1.sequence, extensions)))
        let signature: [UInt8]
        do { signature = try signer.sign(tbs) } catch {
            throw Failure(message: "error creating certificate: \(error)")
        }
        return ASN1.seq(tbs, signer.signatureAlgorithm, ASN1.bits(signature))
    }

    /// The parts of a parsed certificate a signer needs; throws on a structure that is not one.
    static func parse(_ der: [UInt8]) throws(ASN1.Malformed) -> (subject: [UInt8], subjectKeyID: [UInt8]?) {
        let (outer, rest) = try ASN1.read(der[...])
        guard rest.isEmpty, outer.tag == ASN1.sequence else { throw ASN1.Malformed() }
        let top = try ASN1.children(outer.body)
        guard top.count == 3, top[0].tag == ASN1.sequence, top[2].tag == ASN1.bitString else { throw ASN1.Malformed() }
        var fields = try ASN1.children(top[0].body)
        if fields.first?.tag == 0xA0 { fields.removeFirst() }
        guard fields.count >= 6, fields[0].tag == ASN1.integer, fields[2].tag == ASN1.sequence,
              fields[4].tag == ASN1.sequence else { throw ASN1.Malformed() }
        var keyID: [UInt8]?
        if let extField = fields.dropFirst(6).first(where: { $0.tag == 0xA3 }) {
            let (list, _) = try ASN1.read(extField.body)
            for e in try ASN1.children(list.body) {
                let parts = try ASN1.children(e.body)
                guard let oid = parts.first, let value = parts.last, value.tag == ASN1.octetString else { continue }
                if Array(oid.raw) == ASN1.objectID([2, 5, 29, 14]) {
                    let (inner, _) = try ASN1.read(value.body)
                    keyID = Array(inner.body)
                }
            }
        }
        return (Array(fields[4].raw), keyID)
    }

    /// Go's `net.ParseIP`, as the bytes a SAN carries (4 for IPv4 and IPv4-mapped IPv6).
    static func parseIP(_ s: String) -> [UInt8]? {
        if s.contains(".") && !s.contains(":") {
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var out = [UInt8]()
            for p in parts {
                guard (1...3).contains(p.count), p.allSatisfy({ $0.isASCII && $0.isNumber }),
                      p.count == 1 || p.first != "0", let v = Int(p), v <= 255 else { return nil }
                out.append(UInt8(v))
            }
            return out
        }
        var addr = in6_addr()
        guard s.contains(":"), inet_pton(AF_INET6, s, &addr) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &addr) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return Array(bytes[12...]) }
        return bytes
    }
}

/// Sprig's `certificate` struct: `.Cert` and `.Key`, PEM text.
final class X509CertificateObject: GoObject, @unchecked Sendable {
    let cert: String
    let key: String
    init(cert: String, key: String) {
        self.cert = cert
        self.key = key
    }
    var goTypeName: String { "sprig.certificate" }
    var goKind: String { "struct" }
    func field(_ name: String) -> GoValue? {
        switch name {
        case "Cert": return .string(cert)
        case "Key": return .string(key)
        default: return nil
        }
    }
    var goDescription: String { "{\(cert) \(key)}" }
    var jsonValue: GoValue { .dict(["Cert": .string(cert), "Key": .string(key)]) }
}
