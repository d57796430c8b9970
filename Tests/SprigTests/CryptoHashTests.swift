import GoTemplate
import Testing
@testable import Sprig

/// Hashes and encodings, against Helm's own rendering of the corpus case `syn-encoding-hashes`
/// and Go's documented `CorruptInputError` offsets.
@Suite struct CryptoHashTests {
    func call(_ name: String, _ args: GoValue...) throws -> String {
        let fn = try #require(Sprig.cryptoFunctions[name])
        guard case .string(let s) = try fn.body(args) else { Issue.record("\(name) returned a non-string"); return "" }
        return s
    }

    @Test func hashesMatchHelm() throws {
        let secret = GoValue.string("s3cr3t-välue")
        #expect(try call("sha256sum", secret) == "be334841ae1906243788aa684acc83b81d47c45523db96e728d29ded3acd8a30")
        #expect(try call("sha1sum", secret) == "5a9d49a96395987e1112339cf9b63f605196037b")
        #expect(try call("adler32sum", secret) == "593036659")
        #expect(try call("sha256sum", .string("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  k: v\n"))
            == "89e79dd9396d1f37c7300997e3156d45f9877e9e01e051fa8376b2e9a4f3eeff")
    }

    @Test func adler32OverLongInputs() throws {
        // 100 000 bytes of 0xFF crosses the 5552-byte reduction boundary many times.
        let sum = CryptoFunctions.adler32([UInt8](repeating: 0xFF, count: 100_000))
        var a: UInt64 = 1, b: UInt64 = 0
        for _ in 0..<100_000 { a = (a + 255) % 65521; b = (b + a) % 65521 }
        #expect(sum == UInt32(b << 16 | a))
    }

    @Test func base64MatchesHelm() throws {
        #expect(try call("b64enc", .string("s3cr3t-välue")) == "czNjcjN0LXbDpGx1ZQ==")
        #expect(try call("b64dec", .string("czNjcjN0LXbDpGx1ZQ==")) == "s3cr3t-välue")
        #expect(try call("b64dec", .string("%%%")) == "illegal base64 data at input byte 0")
    }

    @Test(arguments: [
        ("YQ==", "a"), ("YWI=", "ab"), ("YWJj", "abc"), ("YW\r\nJj", "abc"), ("", ""),
        ("YQ", "illegal base64 data at input byte 0"),
        ("YWJjZ", "illegal base64 data at input byte 4"),
        ("YQ=a", "illegal base64 data at input byte 2"),
        ("YQ==YQ==", "illegal base64 data at input byte 4"),
        ("Y===", "illegal base64 data at input byte 1"),
        ("YQ=", "illegal base64 data at input byte 3"),
    ])
    func base64DecodeEdges(input: String, expected: String) throws {
        #expect(try call("b64dec", .string(input)) == expected)
    }

    @Test(arguments: [
        ("abc", "MFRGG==="), ("s3cr3t-välue", "OMZWG4RTOQWXNQ5ENR2WK==="), ("", ""), ("abcde", "MFRGGZDF"),
        ("a", "ME======"), ("abcd", "MFRGGZA="),
    ])
    func base32RoundTrip(plain: String, encoded: String) throws {
        #expect(try call("b32enc", .string(plain)) == encoded)
        #expect(try call("b32dec", .string(encoded)) == plain)
    }

    @Test(arguments: [
        ("MFRGG", "illegal base32 data at input byte 0"),
        ("MFRGG==", "illegal base32 data at input byte 7"),
        ("M1RGG===", "illegal base32 data at input byte 1"),
        ("MFR=====", "illegal base32 data at input byte 3"),
        ("MFRGG=A=", "illegal base32 data at input byte 5"),
    ])
    func base32DecodeErrors(input: String, expected: String) throws {
        #expect(try call("b32dec", .string(input)) == expected)
    }
}
