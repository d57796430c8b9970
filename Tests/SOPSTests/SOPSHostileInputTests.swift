import Testing
@testable import SOPS

/// Input a repository author controls never crashes the decryptor: each is refused with an
/// error that names the file.
@Suite struct SOPSHostileInputTests {
    static let inputs: [(String, SOPSFormat, String)] = [
        ("not yaml", .yaml, "a: [unclosed\n"),
        ("list document", .yaml, "- a\n- b\n"),
        ("error in a later document", .yaml, "a: b\nsops:\n    mac: x\n    lastmodified: y\n---\nc: [unclosed\n"),
        ("deep nesting", .yaml, String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"),
        ("alias bomb", .yaml, "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + (1...9).map { "l\($0): &l\($0) [" + Array(repeating: $0 == 1 ? "*a" : "*l\($0 - 1)", count: 10).joined(separator: ", ") + "]" }.joined(separator: "\n") + "\n"),
        ("sops is a string", .yaml, "a: b\nsops: nope\n"),
        ("no mac", .yaml, "a: b\nsops:\n    age: []\n    lastmodified: \"2024-01-01T00:00:00Z\"\n"),
        ("json array", .json, "[1, 2]"),
        ("json garbage", .json, "{\"data\": "),
        ("binary without data", .binary, "{\"sops\": {\"mac\": \"x\", \"lastmodified\": \"y\"}}"),
        ("dotenv without metadata", .dotenv, "A=1\n"),
        ("huge flattened index", .dotenv, "A=1\nsops_age__list_99999999999999999999__map_enc=x\nsops_mac=x\nsops_lastmodified=y\n"),
        ("ini without sops", .ini, "[a]\nb = c\n"),
        ("ini broken header", .ini, "[a\nb = c\n"),
        ("age garbage", .yaml, """
            a: ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]
            sops:
                age:
                    - recipient: age1xyz
                      enc: |
                        -----BEGIN AGE ENCRYPTED FILE-----
                        not base64 at all
                        -----END AGE ENCRYPTED FILE-----
                lastmodified: "2024-01-01T00:00:00Z"
                mac: ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]

            """),
    ]

    @Test(arguments: inputs.map(\.0))
    func refusedWithTheFileNamed(name: String) async throws {
        guard let (_, format, text) = Self.inputs.first(where: { $0.0 == name }) else { return }
        // A real identity, so the age path is exercised on the garbage too.
        let secret = Bech32.encode(hrp: "age-secret-key-", data: (0..<32).map { _ in UInt8.random(in: 0...255) }).uppercased()
        let keys = SOPSKeys(ageIdentities: [try AgeIdentity(parsing: secret)])
        let error = await #expect(throws: SOPSError.self) { try await SOPS.decrypt(Array(text.utf8), format: format, file: "repo/\(name)", keys: keys) }
        #expect(error?.description.hasPrefix("repo/\(name): ") == true)
    }
}
