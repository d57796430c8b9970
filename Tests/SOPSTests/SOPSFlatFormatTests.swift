import Testing
@testable import SOPS

/// dotenv and INI files beyond the plain case (keys before any section, values go-ini must quote,
/// comments on sections and keys, partial encryption), each compared with `sops decrypt`.
@Suite struct SOPSFlatFormatTests {
    static let files: [(String, SOPSFormat, String, [String])] = [
        ("defaults.ini", .ini, """
            top = level
            ; about the server
            [server]
            ; the host
            host = example.internal
            path = `/srv;data`
            note = "  padded  "
            a_much_longer_key_name = x
            [client]
            retries = 3

            """, []),
        ("partial.ini", .ini, "[public]\nname = app\n[secret]\npassword = hunter2\n", ["--encrypted-regex", "^password$"]),
        ("partial.env", .dotenv, "NAME=app\n#comment kept\nAPI_TOKEN=abc123\nOTHER=x\n", ["--encrypted-suffix", "_TOKEN"]),
        ("spaces.env", .dotenv, "GREETING=hello world\nPATH_LIKE=/a:/b\nQUOTED=\"kept as is\"\n", []),
    ]

    @Test(arguments: files.map(\.0))
    func matchesSopsDecrypt(name: String) async throws {
        guard let (_, format, text, flags) = Self.files.first(where: { $0.0 == name }) else { return }
        let ws = try SOPSWorkspace()
        defer { ws.remove() }
        let key = try ws.ageKey("k")
        let path = try ws.write(name, text)
        let encrypted = try ws.sopsEncrypt(path, ["--age", key.recipient] + flags)
        let encryptedPath = try ws.write("enc." + name, encrypted)
        let expected = try ws.sopsDecrypt(encryptedPath, ageKeyFile: ws.directory + "/k.agekey")
        let ours = try await SOPS.decrypt(encrypted, format: format, file: name, keys: SOPSKeys(ageIdentities: try AgeIdentity.parseAll(key.identity)))
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }
}
