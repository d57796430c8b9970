import Foundation
import GoTemplate
import Testing
@testable import Sprig

/// Certificates and keys, read back by the real `openssl` CLI: fields and extensions as Go
/// writes them, and `openssl verify` accepting the CA → leaf chain.
@Suite struct CryptoCertificateTests {
    func call(_ name: String, _ args: [GoValue]) throws -> GoValue {
        try #require(Sprig.cryptoFunctions[name]).body(args)
    }
    func cert(_ v: GoValue) throws -> (cert: String, key: String) {
        guard case .object(let o) = v, case .string(let c) = o.field("Cert"), case .string(let k) = o.field("Key") else {
            throw GoFunctionError("not a certificate")
        }
        #expect(o.goTypeName == "sprig.certificate")
        return (c, k)
    }
    func failure(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch let error as GoFunctionError { return error.message } catch { return "\(error)" }
    }

    /// Runs openssl with `files` written to a fresh directory; its stdout and exit status.
    func openssl(_ args: [String], files: [String: String]) throws -> (String, Int32) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sprig-x509-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = args
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), p.terminationStatus)
    }

    @Test func caSignsLeafAndOpenSSLVerifiesTheChain() throws {
        let ca = try cert(call("genCA", [.string("my-ca"), .integer(365)]))
        #expect(ca.cert.hasPrefix("-----BEGIN CERTIFICATE-----\n") && ca.cert.hasSuffix("-----END CERTIFICATE-----\n"))
        #expect(ca.key.hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
        #expect(ca.cert.split(separator: "\n").dropFirst().dropLast().allSatisfy { $0.count <= 64 })
        let (caText, s1) = try openssl(["x509", "-in", "ca.pem", "-noout", "-text"], files: ["ca.pem": ca.cert])
        #expect(s1 == 0)
        #expect(caText.contains("Subject: CN = my-ca") || caText.contains("Subject: CN=my-ca"))
        #expect(caText.contains("CA:TRUE"))
        #expect(caText.contains("Digital Signature, Key Encipherment, Certificate Sign"))
        #expect(caText.contains("sha256WithRSAEncryption"))
        #expect(caText.contains("Public-Key: (2048 bit)"))
        #expect(caText.contains("Subject Key Identifier"))

        let caValue = try #require(try caObject(ca))
        let leafValue = try call("genSignedCert", [.string("svc.example"), .array([.string("10.0.0.1"), .string("::1")]),
                                                    .array([.string("svc.example"), .string("svc")]), .integer(30), .object(caValue)])
        let leaf = try cert(leafValue)
        let (leafText, s2) = try openssl(["x509", "-in", "leaf.pem", "-noout", "-text"], files: ["leaf.pem": leaf.cert])
        #expect(s2 == 0)
        #expect(leafText.contains("DNS:svc.example, DNS:svc, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1"))
        #expect(leafText.contains("TLS Web Server Authentication, TLS Web Client Authentication"))
        #expect(leafText.contains("CA:FALSE"))
        #expect(leafText.contains("Authority Key Identifier"))
        #expect(leafText.contains("Issuer: CN = my-ca") || leafText.contains("Issuer: CN=my-ca"))
        let (verify, s3) = try openssl(["verify", "-CAfile", "ca.pem", "leaf.pem"], files: ["ca.pem": ca.cert, "leaf.pem": leaf.cert])
        #expect(s3 == 0, "\(verify)")

        // The leaf's key is the certificate's key.
        let (m1, _) = try openssl(["x509", "-in", "leaf.pem", "-noout", "-pubkey"], files: ["leaf.pem": leaf.cert])
        let (m2, _) = try openssl(["pkey", "-in", "key.pem", "-pubout"], files: ["key.pem": leaf.key])
        #expect(m1 == m2 && m1.contains("PUBLIC KEY"))
    }

    func caObject(_ ca: (cert: String, key: String)) throws -> (any GoObject)? {
        let built = try call("buildCustomCert", [.string(CryptoEncoding.base64Encode(ca.cert.utf8)), .string(CryptoEncoding.base64Encode(ca.key.utf8))])
        guard case .object(let o) = built else { return nil }
        return o
    }

    @Test(arguments: ["ecdsa", "ed25519"])
    func selfSignedWithGivenKey(type: String) throws {
        guard case .string(let pem) = try call("genPrivateKey", [.string(type)]) else { Issue.record("no key"); return }
        let (keyText, s0) = try openssl(["pkey", "-in", "key.pem", "-noout", "-text"], files: ["key.pem": pem])
        #expect(s0 == 0, "\(keyText)")
        #expect(pem.hasPrefix(type == "ecdsa" ? "-----BEGIN EC PRIVATE KEY-----" : "-----BEGIN PRIVATE KEY-----"))
        let c = try cert(call("genSelfSignedCertWithKey", [.string(""), .null, .array([.string("a.example")]), .integer(3650), .string(pem)]))
        #expect(c.key == pem)
        let (text, s1) = try openssl(["x509", "-in", "c.pem", "-noout", "-text"], files: ["c.pem": c.cert])
        #expect(s1 == 0)
        #expect(text.contains(type == "ecdsa" ? "ecdsa-with-SHA256" : "ED25519"))
        // With an empty subject the SAN extension is critical.
        #expect(text.contains("X509v3 Subject Alternative Name: critical"))
        let (verify, s2) = try openssl(["verify", "-CAfile", "c.pem", "-partial_chain", "c.pem"], files: ["c.pem": c.cert])
        #expect(s2 == 0, "\(verify)")
    }

    @Test func caWithGivenKeyAndErrors() throws {
        guard case .string(let pem) = try call("genPrivateKey", [.string("ecdsa")]) else { return }
        let ca = try cert(call("genCAWithKey", [.string("k-ca"), .integer(1), .string(pem)]))
        #expect(ca.key == pem)
        #expect(failure { try call("genCAWithKey", [.string("x"), .integer(1), .string("junk")]) }
            == "parsing private key: no PEM data in input")
        #expect(failure { try call("genSelfSignedCert", [.string("x"), .array([.string("300.1.1.1")]), .null, .integer(1)]) }
            == "error parsing ip: 300.1.1.1")
        #expect(failure { try call("genSelfSignedCert", [.string("x"), .null, .array([.integer(5)]), .integer(1)]) }
            == "error processing alternate dns name: 5 is not a string")
        #expect(failure { try call("genSignedCert", [.string("x"), .null, .null, .integer(1), .string("ca")]) }
            == "wrong type for value; expected sprig.certificate; got string")
        #expect(failure { try call("buildCustomCert", [.string("%%"), .string("")]) } == "unable to decode base64 certificate")
        guard case .string(let unknown) = try call("genPrivateKey", [.string("foo")]) else { return }
        #expect(unknown == "Unknown type foo")
    }

    @Test func derWriterEncodesLikeGo() {
        #expect(ASN1.int(0) == [0x02, 0x01, 0x00])
        #expect(ASN1.int(128) == [0x02, 0x02, 0x00, 0x80])
        #expect(ASN1.unsignedInteger([0x00, 0x00, 0xFF]) == [0x02, 0x02, 0x00, 0xFF])
        #expect(ASN1.objectID([1, 2, 840, 113549, 1, 1, 11]) == [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B])
        #expect(ASN1.tlv(ASN1.octetString, [UInt8](repeating: 1, count: 200)).prefix(3) == [0x04, 0x81, 0xC8])
        #expect(X509Certificate.parseIP("::ffff:1.2.3.4") == [1, 2, 3, 4])
        #expect(X509Certificate.parseIP("01.2.3.4") == nil)
    }
}

/// `genPrivateKey "rsa"` (and the default type): a 4096-bit PKCS #1 key, as Sprig.
@Suite struct CryptoRSAKeyTests {
    @Test func rsaKeyIs4096BitPKCS1() throws {
        let fn = try #require(Sprig.cryptoFunctions["genPrivateKey"])
        guard case .string(let pem) = try fn.body([.string("")]) else { Issue.record("no key"); return }
        #expect(pem.hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
        let key = try X509Key.parse(pem: pem)
        guard case .rsa(let rsa) = key else { Issue.record("not RSA"); return }
        #expect(rsa.keySizeInBits == 4096)
        #expect(key.pem == pem)
    }
}
