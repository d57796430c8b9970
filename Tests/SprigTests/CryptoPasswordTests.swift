import GoTemplate
import Testing
@testable import Sprig

/// `derivePassword`, scrypt, `encryptAES`/`decryptAES`, random strings and `uuidv4`.
@Suite struct CryptoPasswordTests {
    func call(_ name: String, _ args: [GoValue]) throws -> String {
        let fn = try #require(Sprig.cryptoFunctions[name])
        guard case .string(let s) = try fn.body(args) else { Issue.record("\(name) returned a non-string"); return "" }
        return s
    }

    /// The message of the error `body` throws, nil when it succeeds.
    func failure(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch let error as GoFunctionError { return error.message } catch { return "\(error)" }
    }

    @Test func derivePasswordMatchesHelm() throws {
        // corpus syn-encoding-hashes: derivePassword 1 "long" "password" "user" "example.com"
        let out = try call("derivePassword", [.integer(1), .string("long"), .string("password"), .string("user"), .string("example.com")])
        #expect(out == "ZedaFaxcZaso9*")
    }

    @Test func derivePasswordRejects() throws {
        #expect(try call("derivePassword", [.integer(1), .string("huge"), .string("p"), .string("u"), .string("s")])
            == "cannot find password template huge")
        #expect(throws: GoFunctionError.self) {
            try call("derivePassword", [.float(1), .string("pin"), .string("p"), .string("u"), .string("s")])
        }
    }

    @Test func scryptRFC7914Vector() throws {
        // RFC 7914 §12, second vector: P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64.
        let key = try CryptoScrypt.key(password: Array("password".utf8), salt: Array("NaCl".utf8), n: 1024, r: 8, p: 16, length: 64)
        #expect(CryptoFunctions.hex(key) == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    @Test func aesRoundTrip() throws {
        let sealed = try call("encryptAES", [.string("secretkey"), .string("plaintext value")])
        let raw = try #require(try? CryptoEncoding.base64Decode(sealed).get())
        #expect(raw.count == 32)  // IV + one padded block
        #expect(try call("decryptAES", [.string("secretkey"), .string(sealed)]) == "plaintext value")
        #expect(try call("encryptAES", [.string("k"), .string("")]) == "")
        #expect(try call("decryptAES", [.string("k"), .string("")]) == "")
        // A fresh IV each time.
        #expect(try call("encryptAES", [.string("k"), .string("x")]) != call("encryptAES", [.string("k"), .string("x")]))
    }

    @Test func decryptAESFailuresAreGoErrors() throws {
        #expect(failure { try call("decryptAES", [.string("k"), .string("%%")]) } == "illegal base64 data at input byte 0")
        #expect(failure { try call("decryptAES", [.string("k"), .string("YWJj")]) } == "runtime error: slice bounds out of range [:16] with capacity 3")
        #expect(failure { try call("decryptAES", [.string("k"), .string(CryptoEncoding.base64Encode([UInt8](repeating: 1, count: 20)))]) } == "crypto/cipher: input not full blocks")
    }

    @Test func randomStrings() throws {
        let alnum = try call("randAlphaNum", [.integer(64)])
        #expect(alnum.utf8.count == 64 && alnum.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        #expect(try call("randAlpha", [.integer(40)]).allSatisfy { $0.isASCII && $0.isLetter })
        #expect(try call("randNumeric", [.integer(40)]).allSatisfy { $0.isASCII && $0.isNumber })
        #expect(try call("randAscii", [.integer(40)]).utf8.allSatisfy { (32...126).contains($0) })
        #expect(try call("randAlphaNum", [.integer(-3)]) == "")
        #expect(try CryptoEncoding.base64Decode(call("randBytes", [.integer(24)])).get().count == 24)
    }

    @Test func randIntRange() throws {
        let fn = try #require(Sprig.cryptoFunctions["randInt"])
        for _ in 0..<50 {
            guard case .int(let v, .int) = try fn.body([.integer(5), .integer(8)]) else { Issue.record("not an int"); return }
            #expect((5..<8).contains(v))
        }
        #expect(failure { try fn.body([.integer(3), .integer(3)]) } == "invalid argument to Intn")
    }

    @Test func uuidv4IsVersion4() throws {
        let id = try call("uuidv4", [])
        let parts = id.split(separator: "-").map(String.init)
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[2].hasPrefix("4"))
        #expect(["8", "9", "a", "b"].contains(String(parts[3].prefix(1))))
        #expect(id == id.lowercased())
        #expect(try call("uuidv4", []) != id)
    }
}
