import Foundation
import Testing
@testable import SOPS

/// Ferry's SOPS decryption against the real `sops` CLI: files encrypted by `sops encrypt` with
/// keys made by `age-keygen` and GnuPG, decrypted by Ferry, must be byte for byte what
/// `sops decrypt` prints for the same file.
@Suite struct SOPSDecryptTests {
    static let secretYAML = """
        # A Secret for the app (this comment is encrypted too)
        apiVersion: v1
        kind: Secret
        metadata:
          name: app-credentials # the name
          namespace: apps
          labels:
            tier: backend
        type: Opaque
        stringData:
          username: admin
          password: "s3cr3t: with colon"
          token: 'quoted # not a comment'
          port: 5432
          ratio: 0.75
          enabled: true
          answer: "n"
          octal: "0755"
          empty: ""
          nothing: null
          certificate: |
            -----BEGIN CERTIFICATE-----
            MIIBszCCAVmgAwIBAgIUQ
            -----END CERTIFICATE-----
          script: |-
            #!/bin/sh
            echo "hi"
          hosts:
            - a.example.com
            - 10
            - name: nested
              weight: 2.5
          unicode: "héllo wörld ✓"
          tabbed: "a\\tb"
        """

    static let secretJSON = """
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "json-secret", "annotations": {}},
         "data": {"key": "dmFsdWU=", "count": 3, "big": 1e21, "small": 0.000001, "pi": 3.14159, "list": [1, "two", true, null, {"k": "<&>"}], "empty": []},
         "text": "line one\\nline two\\t\\u00e9 \\"quoted\\""}
        """

    static let dotenv = """
        DB_HOST=db.internal
        # the password below
        DB_PASSWORD=hunter2=really
        EMPTY=
        MULTI=first\\nsecond
        """

    static let ini = """
        [database]
        user = admin
        password = p@ss:word
        ; the port
        port = 5432

        [cache]
        url=redis://cache:6379/0
        """

    func roundTrip(_ plain: String, name: String, format: SOPSFormat, flags: [String] = [], config: String? = nil, in ws: SOPSWorkspace,
                   recipients: [String], keyFile: String, keys: SOPSKeys) async throws {
        let plainPath = try ws.write(name, plain)
        let typeFlags = format == .binary ? ["--input-type", "binary", "--output-type", "binary"] : []
        let encrypted = try ws.sopsEncrypt(plainPath, (config == nil ? ["--age", recipients.joined(separator: ",")] : []) + typeFlags + flags,
                                           config: config)
        let encryptedPath = try ws.write("enc." + name, encrypted)
        let expected = try ws.sopsDecrypt(encryptedPath, ageKeyFile: keyFile, flags: typeFlags)
        let ours = try await SOPS.decrypt(encrypted, format: format, file: name, keys: keys)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(name)")
        #expect(ours == expected, "\(name): bytes differ")
    }

    @Test func everyFormatMatchesSopsDecrypt() async throws {
        let ws = try SOPSWorkspace()
        defer { ws.remove() }
        let key = try ws.ageKey("flux")
        let keyFile = ws.directory + "/flux.agekey"
        let keys = SOPSKeys(ageIdentities: try AgeIdentity.parseAll(key.identity))
        try await roundTrip(Self.secretYAML, name: "secret.yaml", format: .yaml, in: ws, recipients: [key.recipient], keyFile: keyFile, keys: keys)
        try await roundTrip(Self.secretJSON, name: "secret.json", format: .json, in: ws, recipients: [key.recipient], keyFile: keyFile, keys: keys)
        try await roundTrip(Self.dotenv + "\n", name: "app.env", format: .dotenv, in: ws, recipients: [key.recipient], keyFile: keyFile, keys: keys)
        try await roundTrip(Self.ini + "\n", name: "app.ini", format: .ini, in: ws, recipients: [key.recipient], keyFile: keyFile, keys: keys)
        let binary = String(decoding: (0..<600).map { UInt8(truncatingIfNeeded: $0 * 7 % 128) }, as: UTF8.self)
        try await roundTrip(binary, name: "blob.bin", format: .binary, in: ws, recipients: [key.recipient], keyFile: keyFile, keys: keys)
    }

    @Test func multiDocumentYAML() async throws {
        let ws = try SOPSWorkspace()
        defer { ws.remove() }
        let key = try ws.ageKey("flux")
        let keys = SOPSKeys(ageIdentities: try AgeIdentity.parseAll(key.identity))
        let docs = "a: 1\nb:\n  c: two\n---\n# second\nd: [x, y]\ne: {}\n"
        try await roundTrip(docs, name: "multi.yaml", format: .yaml, in: ws, recipients: [key.recipient], keyFile: ws.directory + "/flux.agekey", keys: keys)
    }

    @Test func encryptedRegexLeavesTheRestInClear() async throws {
        let ws = try SOPSWorkspace()
        defer { ws.remove() }
        let key = try ws.ageKey("flux")
        let keys = SOPSKeys(ageIdentities: try AgeIdentity.parseAll(key.identity))
        let keyFile = ws.directory + "/flux.agekey"
        let path = try ws.write("partial.yaml", Self.secretYAML)
        let encrypted = try ws.sopsEncrypt(path, ["--age", key.recipient, "--encrypted-regex", "^(data|stringData)$"])
        let text = String(decoding: encrypted, as: UTF8.self)
        #expect(text.contains("name: app-credentials"), "metadata stays in clear")
        #expect(!text.contains("admin"), "stringData is encrypted")
        try await roundTrip(Self.secretYAML, name: "partial.yaml", format: .yaml, flags: ["--encrypted-regex", "^(data|stringData)$"],
                            in: ws, recipients: [key.recipient], keyFile: keyFile, keys: keys)
        // mac_only_encrypted is set by a creation rule (the CLI has no flag for it).
        let config = try ws.write("sops-config.yaml", """
            creation_rules:
              - encrypted_regex: ^(data|stringData)$
                mac_only_encrypted: true
                age: \(key.recipient)
            """)
        try await roundTrip(Self.secretYAML, name: "maconly.yaml", format: .yaml, config: config,
                            in: ws, recipients: [key.recipient], keyFile: keyFile, keys: keys)
        let macOnly = try ws.read(ws.directory + "/enc.maconly.yaml")
        #expect(String(decoding: macOnly, as: UTF8.self).contains("mac_only_encrypted: true"))
        try await roundTrip(Self.secretYAML, name: "suffix.yaml", format: .yaml, flags: ["--unencrypted-regex", "^(apiVersion|kind|metadata)$"],
                            in: ws, recipients: [key.recipient], keyFile: keyFile, keys: keys)
    }

    @Test func anyOfTwoRecipientsDecrypts() async throws {
        let ws = try SOPSWorkspace()
        defer { ws.remove() }
        let first = try ws.ageKey("first"), second = try ws.ageKey("second")
        for (key, file) in [(second, "second"), (first, "first")] {
            try await roundTrip(Self.secretYAML, name: "two-\(file).yaml", format: .yaml, in: ws, recipients: [first.recipient, second.recipient],
                                keyFile: ws.directory + "/\(file).agekey", keys: SOPSKeys(ageIdentities: try AgeIdentity.parseAll(key.identity)))
        }
    }

    @Test func pgpKeyThroughGnuPG() async throws {
        let ws = try SOPSWorkspace()
        defer { ws.remove() }
        let pgp = try ws.pgpKey()
        let path = try ws.write("pgp.yaml", Self.secretYAML)
        let encrypted = try ws.sopsEncrypt(path, ["--pgp", pgp.fingerprint])
        let encryptedPath = try ws.write("enc.pgp.yaml", encrypted)
        let expected = try ws.sopsDecrypt(encryptedPath, ageKeyFile: nil)
        let keys = try SOPSKeys(secretData: ["identity.asc": pgp.secretKey], secretName: "flux-system/sops-gpg")
        let ours = try await SOPS.decrypt(encrypted, format: .yaml, file: "pgp.yaml", keys: keys)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        // Without the PGP key, nothing opens it, and the error says which key was wanted.
        let error = await #expect(throws: SOPSError.self) { try await SOPS.decrypt(encrypted, format: .yaml, file: "pgp.yaml", keys: SOPSKeys()) }
        #expect(error?.description.contains(pgp.fingerprint) == true)
    }

    @Test func tamperingWrongAndMissingKeysAreClearErrors() async throws {
        let ws = try SOPSWorkspace()
        defer { ws.remove() }
        let key = try ws.ageKey("owner"), stranger = try ws.ageKey("stranger")
        let keys = SOPSKeys(ageIdentities: try AgeIdentity.parseAll(key.identity))
        let path = try ws.write("partial.yaml", Self.secretYAML)
        let encrypted = String(decoding: try ws.sopsEncrypt(path, ["--age", key.recipient, "--encrypted-regex", "^(data|stringData)$"]), as: UTF8.self)

        // A value in clear changed after encryption: the MAC no longer matches.
        let renamed = Array(encrypted.replacingOccurrences(of: "namespace: apps", with: "namespace: kube-system").utf8)
        let macError = await #expect(throws: SOPSError.self) { try await SOPS.decrypt(renamed, format: .yaml, file: "apps/partial.yaml", keys: keys) }
        #expect(macError?.cause == .macMismatch)
        #expect(macError?.description.hasPrefix("apps/partial.yaml: MAC mismatch") == true)

        // Two encrypted values swapped: each fails authentication under its own path.
        let lines = encrypted.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let user = lines.firstIndex(where: { $0.contains("username: ENC[") }),
              let pass = lines.firstIndex(where: { $0.contains("password: ENC[") }) else {
            Issue.record("no encrypted username/password in \(encrypted.prefix(400))")
            return
        }
        func encValue(_ line: String) -> String? { line.range(of: "ENC[").map { String(line[$0.lowerBound...]) } }
        var swapped = lines
        if let u = encValue(lines[user]), let p = encValue(lines[pass]) { swapped[user] = lines[user].replacingOccurrences(of: u, with: p) }
        let swapError = await #expect(throws: SOPSError.self) {
            try await SOPS.decrypt(Array(swapped.joined(separator: "\n").utf8), format: .yaml, file: "partial.yaml", keys: keys)
        }
        #expect(swapError?.cause == .valueAuthentication(path: "stringData.username"))

        // A wrong key and no key at all: no key matched, naming the recipient wanted.
        for wrong in [SOPSKeys(ageIdentities: try AgeIdentity.parseAll(stranger.identity)), SOPSKeys()] {
            let error = await #expect(throws: SOPSError.self) { try await SOPS.decrypt(Array(encrypted.utf8), format: .yaml, file: "partial.yaml", keys: wrong) }
            #expect(error?.cause == .noMatchingKey(ageRecipients: [key.recipient], pgpFingerprints: []))
            #expect(error?.description.contains("partial.yaml") == true)
            #expect(error?.description.contains("admin") == false)
        }

        // A malformed ENC value is named by its path.
        let broken = Array(encrypted.replacingOccurrences(of: "username: ENC[AES256_GCM,data:", with: "username: ENC[AES256_GCM,data:!!").utf8)
        let brokenError = await #expect(throws: SOPSError.self) { try await SOPS.decrypt(broken, format: .yaml, file: "partial.yaml", keys: keys) }
        #expect(brokenError?.cause == .malformedValue(path: "stringData.username"))
    }

    @Test func cloudKeyKindsAreRefusedByName() async throws {
        let doc = """
            password: ENC[AES256_GCM,data:AAAA,iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]
            sops:
                kms:
                    - arn: arn:aws:kms:eu-west-1:000000000000:key/00000000-0000-0000-0000-000000000000
                      enc: AQICAHg=
                hc_vault:
                    - vault_address: https://vault.invalid
                      enc: vault:v1:AAAA
                lastmodified: "2024-01-01T00:00:00Z"
                mac: ENC[AES256_GCM,data:AAAA,iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]
                version: 3.9.0
            """
        let error = await #expect(throws: SOPSError.self) { try await SOPS.decrypt(Array(doc.utf8), format: .yaml, file: "kms.yaml", keys: SOPSKeys()) }
        #expect(error?.cause == .unsupportedKeyKinds(["kms", "hc_vault"]))
        #expect(SOPS.isEncrypted(Array(doc.utf8), format: .yaml))
        #expect(!SOPS.isEncrypted(Array("a: b\n".utf8), format: .yaml))
    }

    @Test(arguments: [("a/b/secret.yaml", SOPSFormat.yaml), ("x.yml", .yaml), ("x.json", .json), ("app.env", .dotenv),
                      ("app.ini", .ini), ("key.pem", .binary), ("Makefile", .binary)])
    func formatByExtension(path: String, format: SOPSFormat) {
        #expect(SOPSFormat(path: path) == format)
    }
}
