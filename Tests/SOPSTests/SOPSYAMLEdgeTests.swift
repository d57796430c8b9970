import Foundation
import Testing
@testable import SOPS

/// YAML that stresses go-yaml v3's output rules (quoting, block scalars, comments in lists and at
/// the ends of mappings, keys that need quotes, long lines), each compared with `sops decrypt`.
@Suite struct SOPSYAMLEdgeTests {
    static let documents: [(String, String)] = [
        ("quoting", """
            plain: just words here
            leading: " space first"
            trailing: "space last "
            colon: "a: b"
            hash: "a #b"
            dash: "- item"
            star: "*alias"
            yes_word: "yes"
            off_word: "Off"
            tilde: "~"
            numeric: "12"
            float_text: "1.5e3"
            base60: "1:20"
            dashes: "---"
            "key with: colon": v
            "123": numeric key
            "true": bool key
            control: "bell\\u0007"
            long: "\(String(repeating: "lorem ipsum ", count: 12))end"
            apostrophe: "it's: here"
            """),
        ("comments", """
            # head of the document
            top: 1
            list:
              # before the first element
              - one
              # between elements
              - two
            nested:
              a: 1
              # after the last key of nested
            tail: end
            # foot of the document
            """),
        ("blocks", """
            keep: |+
              kept trailing

            strip: >-
              folded text
              continues here
            indented: |2
                four spaces in
              two spaces in
            crlf_free: "line1\\nline2\\n"
            list_of_lists:
              - - a
                - b
              - []
              - {}
            numbers:
              - 0x1F
              - 0o17
              - 1_000
              - -3.25
              - .inf
              - 1e6
              - 123456789.0
              - 0.0001
            secret_unencrypted: visible
            """),
    ]

    @Test(arguments: documents.map(\.0))
    func matchesSopsDecrypt(name: String) async throws {
        guard let text = Self.documents.first(where: { $0.0 == name })?.1 else { return }
        let ws = try SOPSWorkspace()
        defer { ws.remove() }
        let key = try ws.ageKey("k")
        let path = try ws.write(name + ".yaml", text + "\n")
        let encrypted = try ws.sopsEncrypt(path, ["--age", key.recipient])
        let encryptedPath = try ws.write("enc." + name + ".yaml", encrypted)
        let expected = try ws.sopsDecrypt(encryptedPath, ageKeyFile: ws.directory + "/k.agekey")
        let ours = try await SOPS.decrypt(encrypted, format: .yaml, file: name, keys: SOPSKeys(ageIdentities: try AgeIdentity.parseAll(key.identity)))
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }
}
