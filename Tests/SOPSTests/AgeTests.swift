import ChildProcess
import Foundation
import Testing
@testable import SOPS

/// age's v1 format decrypted natively, against files made by Debian's `age` CLI.
@Suite struct AgeTests {
    @Test(arguments: [false, true])
    func decryptsWhatTheAgeCLIEncrypted(armored: Bool) throws {
        let ws = try SOPSWorkspace()
        defer { ws.remove() }
        let (identity, recipient) = try ws.ageKey("me")
        // More than two 64 KiB chunks, so the STREAM counter and last-chunk flag are exercised.
        let plaintext = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let plainPath = try ws.write("plain.bin", plaintext)
        let encrypted = try ws.run("age", (armored ? ["-a"] : []) + ["-r", recipient, plainPath]).stdout
        let identities = try AgeIdentity.parseAll(identity)
        #expect(identities.count == 1)
        #expect(identities[0].recipient == recipient)
        #expect(try Age.decrypt(encrypted, identities: identities) == plaintext)
    }

    @Test func emptyAndShortPayloads() throws {
        let ws = try SOPSWorkspace()
        defer { ws.remove() }
        let (identity, recipient) = try ws.ageKey("me")
        for text in ["", "x", String(repeating: "y", count: 65_536)] {
            let encrypted = try ws.run("age", ["-r", recipient], input: Array(text.utf8)).stdout
            #expect(try Age.decrypt(encrypted, identities: AgeIdentity.parseAll(identity)) == Array(text.utf8))
        }
    }

    @Test func oneOfSeveralRecipients() throws {
        let ws = try SOPSWorkspace()
        defer { ws.remove() }
        let first = try ws.ageKey("one"), second = try ws.ageKey("two")
        let encrypted = try ws.run("age", ["-r", first.recipient, "-r", second.recipient], input: Array("shared".utf8)).stdout
        #expect(try Age.decrypt(encrypted, identities: AgeIdentity.parseAll(second.identity)) == Array("shared".utf8))
    }

    @Test func wrongKeyIsRefused() throws {
        let ws = try SOPSWorkspace()
        defer { ws.remove() }
        let owner = try ws.ageKey("owner"), stranger = try ws.ageKey("stranger")
        let encrypted = try ws.run("age", ["-r", owner.recipient], input: Array("secret".utf8)).stdout
        #expect(throws: AgeError.noMatchingIdentity) { try Age.decrypt(encrypted, identities: AgeIdentity.parseAll(stranger.identity)) }
    }

    @Test func tamperedFilesAreRefused() throws {
        let ws = try SOPSWorkspace()
        defer { ws.remove() }
        let key = try ws.ageKey("k")
        let identities = try AgeIdentity.parseAll(key.identity)
        let encrypted = try ws.run("age", ["-r", key.recipient], input: Array("payload text".utf8)).stdout
        var payload = encrypted
        payload[payload.count - 3] ^= 0x01
        #expect(throws: AgeError.self) { try Age.decrypt(payload, identities: identities) }
        // A changed header byte (in the stanza's share) is caught before the payload is opened.
        var header = encrypted
        let share = (header.firstIndex(of: UInt8(ascii: ">")) ?? 0) + 12  // inside "-> X25519 <share>"
        header[share] = header[share] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: AgeError.self) { try Age.decrypt(header, identities: identities) }
        var truncated = encrypted
        truncated.removeLast(5)
        #expect(throws: AgeError.self) { try Age.decrypt(truncated, identities: identities) }
    }

    @Test(arguments: ["AGE-SECRET-KEY-1QQQQ", "age1abc", "AGE-SECRET-KEY-1GFPYYSTPWPG8NZ7R9FGM6KAZXJSRZUYGMZ2PWW8MJSD0FCL9L5LQCJ4TEX"])
    func malformedIdentitiesAreRefused(text: String) {
        #expect(throws: AgeError.self) { try AgeIdentity(parsing: text) }
    }

    @Test func decryptionSecretEntries() throws {
        let ws = try SOPSWorkspace()
        defer { ws.remove() }
        let one = try ws.ageKey("one"), two = try ws.ageKey("two")
        // age-keygen's files carry `# created` and `# public key` comment lines; both identities are read.
        let keys = try SOPSKeys(secretData: ["keys.agekey": Array((one.identity + "\n" + two.identity).utf8), "README.txt": Array("ignored".utf8)],
                                secretName: "flux-system/sops-age")
        #expect(keys.ageIdentities.map(\.recipient) == [one.recipient, two.recipient])
        #expect(keys.pgpSecretKeys.isEmpty)
        let error = #expect(throws: SOPSError.self) {
            try SOPSKeys(secretData: ["bad.agekey": Array("AGE-SECRET-KEY-1NOTAKEY".utf8)], secretName: "flux-system/sops-age")
        }
        #expect(error?.file == "flux-system/sops-age/bad.agekey")
        #expect(error?.description.contains("NOTAKEY") == false)
    }
}
