import _CryptoExtras
import Crypto
import Foundation
import GoTemplate

extension CryptoFunctions {
    /// `derivePassword` (the Master Password algorithm), `encryptAES`, `decryptAES`.
    static var passwords: [(String, GoFunction)] {
        [
            entry("derivePassword", [.any, .string, .string, .string, .string],
                  "func(uint32, string, string, string, string) string") { args in
                let counter = try uint32(args.first ?? .null)
                return .string(derivePassword(counter: counter, type: string(args, 1), password: string(args, 2),
                                              user: string(args, 3), site: string(args, 4)))
            },
            entry("encryptAES", [.string, .string], "func(string, string) (string, error)") { args in
                .string(try encryptAES(password: string(args, 0), plaintext: string(args, 1)))
            },
            entry("decryptAES", [.string, .string], "func(string, string) (string, error)") { args in
                .string(try decryptAES(password: string(args, 0), encoded: string(args, 1)))
            },
        ]
    }

    /// A `uint32` parameter: template integers that fit convert, anything else is the
    /// executor's type error.
    static func uint32(_ value: GoValue) throws -> UInt32 {
        switch value {
        case .int(let i, _) where i >= 0 && i <= Int(UInt32.max): return UInt32(i)
        case .uint(let u, _) where u <= UInt(UInt32.max): return UInt32(u)
        default:
            throw GoFunctionError("wrong type for value; expected uint32; got \(value.typeName)")
        }
    }

    private static let masterPasswordTemplates: [String: [String]] = [
        "maximum": ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long": ["CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv",
                 "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc",
                 "CvcvCvcvnoCvcc", "CvcvCvcvCvccno", "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno",
                 "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
                 "CvccCvcvCvccno"],
        "medium": ["CvcnoCvc", "CvcCvcno"],
        "short": ["Cvcn"],
        "basic": ["aaanaaan", "aannaaan", "aaannaaa"],
        "pin": ["nnnn"],
    ]

    private static let masterPasswordClasses: [UInt8: [UInt8]] = [
        UInt8(ascii: "V"): Array("AEIOU".utf8),
        UInt8(ascii: "C"): Array("BCDFGHJKLMNPQRSTVWXYZ".utf8),
        UInt8(ascii: "v"): Array("aeiou".utf8),
        UInt8(ascii: "c"): Array("bcdfghjklmnpqrstvwxyz".utf8),
        UInt8(ascii: "A"): Array("AEIOUBCDFGHJKLMNPQRSTVWXYZ".utf8),
        UInt8(ascii: "a"): Array("AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz".utf8),
        UInt8(ascii: "n"): Array("0123456789".utf8),
        UInt8(ascii: "o"): Array("@&%?,=[]_:-+*$#!'^~;()/.".utf8),
        UInt8(ascii: "x"): Array("AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()".utf8),
    ]

    /// Master Password: scrypt(password, seed‖len(user)‖user) keys an HMAC-SHA256 over
    /// seed‖len(site)‖site‖counter, whose bytes pick a template and then each character.
    /// Failures are the result text, as in Sprig.
    static func derivePassword(counter: UInt32, type: String, password: String, user: String, site: String) -> String {
        guard let templates = masterPasswordTemplates[type] else { return "cannot find password template \(type)" }
        let seed = Array("com.lyndir.masterpassword".utf8)
        func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        let userBytes = Array(user.utf8), siteBytes = Array(site.utf8)
        let salt = seed + bigEndian(UInt32(truncatingIfNeeded: userBytes.count)) + userBytes
        guard let key = try? CryptoScrypt.key(password: Array(password.utf8), salt: salt, n: 32768, r: 8, p: 2, length: 64) else {
            return "failed to derive password: scrypt: parameters are too large"
        }
        let message = seed + bigEndian(UInt32(truncatingIfNeeded: siteBytes.count)) + siteBytes + bigEndian(counter)
        let mac = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        let template = Array(templates[Int(mac[0]) % templates.count].utf8)
        var out = [UInt8]()
        for (i, cls) in template.enumerated() {
            guard let chars = masterPasswordClasses[cls] else { continue }
            out.append(chars[Int(mac[i + 1]) % chars.count])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The password's bytes, cut or zero-padded to 32: an AES-256 key (Sprig's scheme).
    private static func aesKey(_ password: String) -> SymmetricKey {
        var key = Array(password.utf8.prefix(32))
        key += [UInt8](repeating: 0, count: 32 - key.count)
        return SymmetricKey(data: key)
    }

    /// AES-256-CBC, PKCS#7 padding, a random IV in front, base64. Empty text stays empty.
    static func encryptAES(password: String, plaintext: String) throws -> String {
        guard !plaintext.isEmpty else { return "" }
        var iv = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in 0..<16 { iv[i] = rng.next() }
        do {
            let sealed = try AES._CBC.encrypt(Array(plaintext.utf8), using: aesKey(password), iv: AES._CBC.IV(ivBytes: iv))
            return CryptoEncoding.base64Encode(iv + Array(sealed))
        } catch {
            throw GoFunctionError("\(error)")
        }
    }

    /// The inverse of `encryptAES`. Sprig checks nothing beyond base64: short or ragged input
    /// panics in Go, and the template reports the panic; the padding byte is trusted.
    static func decryptAES(password: String, encoded: String) throws -> String {
        guard !encoded.isEmpty else { return "" }
        let data: [UInt8]
        switch CryptoEncoding.base64Decode(encoded) {
        case .success(let bytes): data = bytes
        case .failure(let error): throw GoFunctionError(error.description)
        }
        guard data.count >= 16 else {
            // Go's decoder allocates DecodedLen(len(s)) bytes: the slice's capacity.
            throw GoFunctionError("runtime error: slice bounds out of range [:16] with capacity \(encoded.utf8.count / 4 * 3)")
        }
        let body = Array(data[16...])
        guard body.count % 16 == 0 else { throw GoFunctionError("crypto/cipher: input not full blocks") }
        guard !body.isEmpty else { throw GoFunctionError("runtime error: index out of range [-1]") }
        let plain: [UInt8]
        do {
            plain = Array(try AES._CBC.decrypt(body, using: aesKey(password), iv: AES._CBC.IV(ivBytes: Array(data[..<16])), noPadding: true))
        } catch {
            throw GoFunctionError("\(error)")
        }
        let end = plain.count - Int(plain[plain.count - 1])
        guard end >= 0 else { throw GoFunctionError("runtime error: slice bounds out of range [:\(end)]") }
        return goString(Array(plain[..<end]))
    }
}

extension CryptoFunctions {
    /// `bcrypt` and `htpasswd` (`user:$2a$10$…`). Failures are the result text, as in Sprig.
    static var bcrypt: [(String, GoFunction)] {
        [
            entry("bcrypt", [.string], "func(string) string") { args in .string(bcryptText(string(args, 0))) },
            entry("htpasswd", [.string, .string], "func(string, string) string") { args in
                let user = string(args, 0)
                if user.contains(":") { return .string("invalid username: \(user)") }
                return .string("\(user):\(bcryptText(string(args, 1)))")
            },
        ]
    }

    private static func bcryptText(_ password: String) -> String {
        do { return try Bcrypt.hash(password: Array(password.utf8)) } catch {
            return "failed to encrypt string with bcrypt: \(error.description)"
        }
    }
}
