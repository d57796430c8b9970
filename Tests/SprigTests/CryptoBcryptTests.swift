import GoTemplate
import Testing
@testable import Sprig

/// bcrypt against the crypt_blowfish reference vectors (fixed salts), and Sprig's `bcrypt` /
/// `htpasswd` output shape.
@Suite struct CryptoBcryptTests {
    @Test(arguments: [
        ("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
        ("U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"),
        ("U*U*U", "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a"),
        ("", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy"),
    ])
    func knownAnswers(password: String, expected: String) throws {
        let saltText = String(expected.dropFirst(7).prefix(22))
        let salt = try #require(Bcrypt.decode(saltText))
        #expect(salt.count == 16)
        #expect(try Bcrypt.hash(password: Array(password.utf8), cost: 5, salt: salt) == expected)
    }

    @Test func htpasswdLine() throws {
        let fn = try #require(Sprig.cryptoFunctions["htpasswd"])
        guard case .string(let line) = try fn.body([.string("admin"), .string("secret")]) else { Issue.record("not a string"); return }
        #expect(line.hasPrefix("admin:$2a$10$"))
        #expect(line.utf8.count == "admin:".utf8.count + 60)
        guard case .string(let bad) = try fn.body([.string("a:b"), .string("secret")]) else { return }
        #expect(bad == "invalid username: a:b")
    }

    @Test func overlongPasswordIsReportedInText() throws {
        let fn = try #require(Sprig.cryptoFunctions["bcrypt"])
        guard case .string(let out) = try fn.body([.string(String(repeating: "x", count: 73))]) else { return }
        #expect(out == "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes")
    }
}
