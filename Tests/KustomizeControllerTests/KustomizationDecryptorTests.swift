import Foundation
import KustomizeController
import Manifests
import Testing

/// `KustomizationDecryptor` on hostile and odd input a repository author or tenant controls: the
/// process survives, the error names the object, entry or file, and never echoes key material.
@Suite struct KustomizationDecryptorTests {
    static func noKeys() throws -> KustomizationDecryptor { try KustomizationDecryptor(keyEntries: [:], source: "none") }

    static func configMap(_ name: String, sops: JSONValue?, annotations: JSONValue? = nil) -> JSONValue {
        var object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": "apps"],
                                 "data": ["k": "ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAA,type:str]"]]
        object["sops"] = sops
        if let annotations { object[path: "metadata", "annotations"] = annotations }
        return object
    }

    @Test(arguments: [
        ("a string", JSONValue.string("not metadata")),
        ("no mac", JSONValue.object(["lastmodified": "2024-01-01T00:00:00Z", "age": .array([])])),
        ("a number", .int(7)),
    ])
    func aBrokenSopsFieldFailsNamingTheObject(_ case: (String, JSONValue)) async throws {
        do {
            _ = try await Self.noKeys().decrypt([Self.configMap("odd", sops: `case`.1)])
            Issue.record("a broken sops field (\(`case`.0)) was accepted")
        } catch {
            #expect(String(describing: error).hasPrefix("decryption failed for 'ConfigMap/apps/odd': "), "\(error)")
        }
    }

    @Test func theDisabledAnnotationAndPlainObjectsAreLeftAlone() async throws {
        let disabled = Self.configMap("kept", sops: "anything", annotations: ["kustomize.toolkit.fluxcd.io/decrypt": "Disabled"])
        let plain = Self.configMap("plain", sops: nil)
        let secret: JSONValue = ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"],
                                 "data": ["a": "bm90IHNvcHM=", "b": "%%% not base64", "c": .int(3)]]
        let result = try await Self.noKeys().decrypt([disabled, plain, secret])
        #expect(result == [disabled, plain, secret])
    }

    @Test func aSecretEntryThatLooksEncryptedButIsNotFailsNamingTheEntry() async throws {
        let payload = Data("{\"data\": \"x\", \"sops\": {\"mac\": \"ENC[nonsense\"}}".utf8).base64EncodedString()
        let secret: JSONValue = ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s", "namespace": "apps"],
                                 "data": ["token.json": .string(payload)]]
        do {
            _ = try await Self.noKeys().decrypt(secret)
            Issue.record("a malformed SOPS entry was accepted")
        } catch {
            #expect(String(describing: error).hasPrefix("decryption failed for 'Secret/apps/s': Secret/apps/s data 'token.json': "), "\(error)")
        }
    }

    @Test func aBadKeyEntryIsRefusedWithoutEchoingIt() throws {
        let secret: JSONValue = ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "keys"],
                                 "data": ["id.agekey": .string(Data("AGE-SECRET-KEY-1NOTAKEYATALL".utf8).base64EncodedString()),
                                          "notes.txt": .string(Data("ignored".utf8).base64EncodedString())]]
        #expect {
            _ = try KustomizationDecryptor(secret: secret, name: "apps/keys")
        } throws: { error in
            let text = String(describing: error)
            return text.contains("apps/keys") && text.contains("id.agekey") && !text.contains("NOTAKEYATALL")
        }
        let notBase64: JSONValue = ["data": ["x.agekey": "%%%"]]
        #expect(throws: KustomizationDecryptionError("decryption Secret 'apps/keys': data 'x.agekey' is not base64")) {
            _ = try KustomizationDecryptor(secret: notBase64, name: "apps/keys")
        }
    }

    @Test func generatorReferencesOutsideTheRootOrMissingAreSkippedAndHugeFilesRefused() async throws {
        let root = NSTemporaryDirectory() + "ferry-decrypt-sources-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/apps", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/apps/escape.env", withDestinationPath: "/etc/hostname")
        let kustomization = """
            secretGenerator:
            - name: s
              envs: [../../outside.env, missing.env, escape.env, plain.env]
              files: [big.bin]
            resources: [../.., ./, https://example.invalid/x.git]
            """
        try kustomization.write(toFile: root + "/apps/kustomization.yaml", atomically: true, encoding: .utf8)
        try "A=1\n".write(toFile: root + "/apps/plain.env", atomically: true, encoding: .utf8)
        #expect(try await Self.noKeys().decryptSources(root: root, path: "apps").isEmpty)

        var big = Data("\"mac\": \"ENC[".utf8)
        big.append(Data(count: KustomizationDecryptor.maxSourceFileSize))
        try big.write(to: URL(fileURLWithPath: root + "/apps/big.bin"))
        await #expect(throws: KustomizationDecryptionError(
            "error decrypting sources: apps/big.bin: cannot decrypt file with size (\(big.count) bytes) exceeding limit (\(KustomizationDecryptor.maxSourceFileSize))")) {
            _ = try await Self.noKeys().decryptSources(root: root, path: "apps")
        }
    }
}
