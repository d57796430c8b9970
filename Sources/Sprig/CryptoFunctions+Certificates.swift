import _CryptoExtras
import Crypto
import GoTemplate

extension CryptoFunctions {
    /// `genPrivateKey`, `buildCustomCert`, `genCA`, `genCAWithKey`, `genSelfSignedCert`,
    /// `genSelfSignedCertWithKey`, `genSignedCert`, `genSignedCertWithKey`. Generated keys are
    /// RSA 2048 for certificates, RSA 4096 for `genPrivateKey "rsa"`, as Sprig.
    static var certificates: [(String, GoFunction)] {
        let ipsDNS: [GoParameterType] = [.string, .list, .list, .int]
        let certType = "sprig.certificate"
        return [
            entry("genPrivateKey", [.string], "func(string) string") { args in
                .string(generatePrivateKey(string(args, 0)))
            },
            entry("buildCustomCert", [.string, .string], "func(string, string) (\(certType), error)") { args in
                .object(try buildCustomCert(string(args, 0), string(args, 1)))
            },
            entry("genCA", [.string, .int], "func(string, int) (\(certType), error)") { args in
                .object(try certificate(cn: string(args, 0), ips: nil, dns: nil, days: int(args, 1), isCA: true, key: try newRSAKey(), ca: nil))
            },
            entry("genCAWithKey", [.string, .int, .string], "func(string, int, string) (\(certType), error)") { args in
                .object(try certificate(cn: string(args, 0), ips: nil, dns: nil, days: int(args, 1), isCA: true,
                                        key: try parsedKey(string(args, 2)), ca: nil))
            },
            entry("genSelfSignedCert", ipsDNS, "func(string, []interface {}, []interface {}, int) (\(certType), error)") { args in
                .object(try certificate(cn: string(args, 0), ips: list(args, 1), dns: list(args, 2), days: int(args, 3), isCA: false,
                                        key: try newRSAKey(), ca: nil))
            },
            entry("genSelfSignedCertWithKey", ipsDNS + [.string],
                  "func(string, []interface {}, []interface {}, int, string) (\(certType), error)") { args in
                .object(try certificate(cn: string(args, 0), ips: list(args, 1), dns: list(args, 2), days: int(args, 3), isCA: false,
                                        key: try parsedKey(string(args, 4)), ca: nil))
            },
            entry("genSignedCert", ipsDNS + [.any],
                  "func(string, []interface {}, []interface {}, int, \(certType)) (\(certType), error)") { args in
                .object(try certificate(cn: string(args, 0), ips: list(args, 1), dns: list(args, 2), days: int(args, 3), isCA: false,
                                        key: try newRSAKey(), ca: try caArgument(args)))
            },
            entry("genSignedCertWithKey", ipsDNS + [.any, .string],
                  "func(string, []interface {}, []interface {}, int, \(certType), string) (\(certType), error)") { args in
                .object(try certificate(cn: string(args, 0), ips: list(args, 1), dns: list(args, 2), days: int(args, 3), isCA: false,
                                        key: try parsedKey(string(args, 5)), ca: try caArgument(args)))
            },
        ]
    }

    private static func caArgument(_ args: [GoValue]) throws -> X509CertificateObject {
        let v = args.count > 4 ? args[4] : .null
        guard case .object(let o) = v, let ca = o as? X509CertificateObject else {
            if v.isNil { throw GoFunctionError("invalid value; expected sprig.certificate") }
            throw GoFunctionError("wrong type for value; expected sprig.certificate; got \(v.typeName)")
        }
        return ca
    }

    private static func newRSAKey() throws -> X509Key {
        do { return .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048)) } catch {
            throw GoFunctionError("error generating rsa key: \(error)")
        }
    }

    private static func parsedKey(_ pem: String) throws -> X509Key {
        do { return try X509Key.parse(pem: pem) } catch { throw GoFunctionError("parsing private key: \(error.message)") }
    }

    /// `genPrivateKey`: failures are the result text, as in Sprig.
    static func generatePrivateKey(_ type: String) -> String {
        do {
            switch type {
            case "", "rsa": return X509Key.rsa(try _RSA.Signing.PrivateKey(keySize: .bits4096)).pem
            case "ecdsa": return X509Key.ecdsa(P256.Signing.PrivateKey()).pem
            case "ed25519": return X509Key.ed25519(Curve25519.Signing.PrivateKey()).pem
            case "dsa": return "failed to generate dsa params: DSA keys are not supported"
            default: return "Unknown type " + type
            }
        } catch {
            return "failed to generate private key: \(error)"
        }
    }

    private static func buildCustomCert(_ b64cert: String, _ b64key: String) throws -> X509CertificateObject {
        guard case .success(let certBytes) = CryptoEncoding.base64Decode(b64cert) else {
            throw GoFunctionError("unable to decode base64 certificate")
        }
        guard case .success(let keyBytes) = CryptoEncoding.base64Decode(b64key) else {
            throw GoFunctionError("unable to decode base64 private key")
        }
        let certText = goString(certBytes), keyText = goString(keyBytes)
        guard let (_, der) = X509PEM.decode(certText) else { throw GoFunctionError("unable to decode certificate") }
        guard (try? X509Certificate.parse(der)) != nil else {
            throw GoFunctionError("error parsing certificate: decodedCert.Bytes: x509: malformed certificate")
        }
        do { _ = try X509Key.parse(pem: keyText) } catch { throw GoFunctionError("error parsing private key: \(error.message)") }
        return X509CertificateObject(cert: certText, key: keyText)
    }

    private static func certificate(cn: String, ips: [GoValue]?, dns: [GoValue]?, days: Int, isCA: Bool, key: X509Key,
                                    ca: X509CertificateObject?) throws -> X509CertificateObject {
        var ipBytes = [[UInt8]]()
        for ip in ips ?? [] {
            guard case .string(let s) = ip else { throw GoFunctionError("error parsing ip: \(plain(ip)) is not a string") }
            guard let b = X509Certificate.parseIP(s) else { throw GoFunctionError("error parsing ip: \(s)") }
            ipBytes.append(b)
        }
        var names = [String]()
        for name in dns ?? [] {
            guard case .string(let s) = name else {
                throw GoFunctionError("error processing alternate dns name: \(plain(name)) is not a string")
            }
            names.append(s)
        }
        var issuer: X509Certificate.Issuer?
        if let ca {
            guard let (_, der) = X509PEM.decode(ca.cert) else { throw GoFunctionError("unable to decode certificate") }
            guard let parsed = try? X509Certificate.parse(der) else {
                throw GoFunctionError("error parsing certificate: decodedSignerCert.Bytes: x509: malformed certificate")
            }
            let signerKey: X509Key
            do { signerKey = try X509Key.parse(pem: ca.key) } catch { throw GoFunctionError("error parsing private key: \(error.message)") }
            issuer = X509Certificate.Issuer(subject: parsed.subject, subjectKeyID: parsed.subjectKeyID, key: signerKey)
        }
        do {
            let der = try X509Certificate.create(commonName: cn, ips: ipBytes, dnsNames: names, daysValid: days, isCA: isCA,
                                                 key: key, issuer: issuer)
            return X509CertificateObject(cert: X509PEM.encode(type: "CERTIFICATE", der: der), key: key.pem)
        } catch {
            throw GoFunctionError(error.message)
        }
    }

    /// `%v` of a scalar in these error texts.
    private static func plain(_ v: GoValue) -> String {
        switch v {
        case .int(let i, _): return String(i)
        case .uint(let u, _): return String(u)
        case .bool(let b): return String(b)
        case .float(let f): return f == f.rounded() && abs(f) < 1e18 ? String(Int(f)) : String(f)
        case .null, .missing: return "<nil>"
        case .object(let o): return o.goDescription
        default: return v.typeName
        }
    }
}
