import Archive
import Foundation
import GoTemplate
import Manifests
import Sprig
import Testing

@testable import Helm

/// The secrets driver's format: what Ferry writes is what `helm` reads (checked by an
/// independent decoder, Python's standard library), and what `helm` writes Ferry reads.
@Suite struct ReleaseStorageTests {
    /// Runs `python3 -c script path` on `input` written to a temporary file; its stdout.
    static func python(_ script: String, input: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-release-\(UUID().uuidString)")
        try Data(input).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    /// Decodes a Secret as Helm does, with nothing of Ferry's: base64 (the wire), base64 (the
    /// record), gzip, JSON.
    static let helmReader = """
        import base64, gzip, json, sys
        secret = json.load(open(sys.argv[1]))
        record = base64.b64decode(secret["data"]["release"], validate=True)
        raw = base64.b64decode(record, validate=True)
        assert raw[:3] == b"\\x1f\\x8b\\x08", raw[:3]
        rel = json.loads(gzip.decompress(raw))
        print(json.dumps({
            "keys": list(rel.keys()), "name": rel["name"], "version": rel["version"],
            "status": rel["info"]["status"], "first": rel["info"]["first_deployed"],
            "chart": [rel["chart"]["metadata"]["name"], rel["chart"]["metadata"]["version"]],
            "template": base64.b64decode(rel["chart"]["templates"][0]["data"]).decode(),
            "config": rel["config"], "manifest": rel["manifest"], "hook": rel["hooks"][0]["last_run"]["phase"],
        }))
        """

    /// Composes a Secret as Helm's driver writes it from a release JSON: gzip (or plain JSON,
    /// as early Helm 3 stored it), base64, then base64 again for the wire.
    static func helmSecret(json: [UInt8], gzip: Bool) throws -> JSONValue {
        let script = """
            import base64, gzip, json, sys
            raw = open(sys.argv[1], "rb").read()
            payload = gzip.compress(raw, 9) if \(gzip ? "True" : "False") else raw
            record = base64.b64encode(payload)
            print(json.dumps({"apiVersion": "v1", "kind": "Secret", "type": "helm.sh/release.v1",
                "metadata": {"name": "sh.helm.release.v1.webapp.v2", "namespace": "apps", "labels": {
                    "createdAt": "1718096400", "name": "webapp", "owner": "helm", "status": "deployed",
                    "version": "2", "team": "platform"}},
                "data": {"release": base64.b64encode(record).decode()}}))
            """
        return try JSONValue(json: python(script, input: json))
    }

    @Test func secretHasHelmsNameTypeAndLabels() throws {
        let release = ReleaseJSONTests.handBuilt()
        let secret = try ReleaseStorage.secret(for: release, createdAt: 1_700_000_000)
        #expect(secret["apiVersion"] == "v1")
        #expect(secret["kind"] == "Secret")
        #expect(secret["type"] == "helm.sh/release.v1")
        #expect(secret[path: "metadata", "name"] == "sh.helm.release.v1.shop.v4")
        #expect(secret[path: "metadata", "namespace"] == "shop")
        #expect(secret[path: "metadata", "labels"] == [
            "createdAt": "1700000000", "name": "shop", "owner": "helm", "status": "deployed", "team": "web", "version": "4",
        ])
        let updated = try ReleaseStorage.secret(for: release, storageNamespace: "flux-system", modifiedAt: 1_700_000_100)
        #expect(updated[path: "metadata", "namespace"] == "flux-system")
        #expect(updated[path: "metadata", "labels", "modifiedAt"] == "1700000100")
        #expect(updated[path: "metadata", "labels", "createdAt"] == nil)
        // The driver's labels win over a release label of the same name.
        var clash = release
        clash.labels = ["status": "mine"]
        #expect(try ReleaseStorage.secret(for: clash)[path: "metadata", "labels", "status"] == "deployed")
    }

    @Test func helmsDecoderReadsWhatFerryWrites() throws {
        let secret = try ReleaseStorage.secret(for: ReleaseJSONTests.handBuilt())
        let out = try JSONValue(json: Self.python(Self.helmReader, input: secret.jsonBytes()))
        #expect(out["keys"] == ["name", "info", "chart", "config", "manifest", "hooks", "version", "namespace"])
        #expect(out["name"] == "shop")
        #expect(out["version"] == 4)
        #expect(out["status"] == "deployed")
        #expect(out["first"] == "2023-11-14T22:13:20.12Z")
        #expect(out["chart"] == ["shop", "0.3.0"])
        #expect(out["template"] == "a: <1>\n")
        #expect(out["config"]?["count"] == 3)
        #expect(out["config"]?["half"] == 0.5)
        #expect(out["config"]?["name"] == "a&b")
        #expect(out["config"]?["list"] == [true, nil])
        #expect(out["manifest"] == "---\n# Source: shop/templates/cm.yaml\na: <1>\n")
        #expect(out["hook"] == "Succeeded")
    }

    @Test(arguments: [true, false])
    func ferryReadsAHelmWrittenSecret(gzip: Bool) throws {
        let json = try ReleaseJSONTests.fixture("helm-release.json")
        let release = try ReleaseStorage.release(fromSecret: Self.helmSecret(json: json, gzip: gzip))
        #expect(release.name == "webapp")
        #expect(release.version == 2)
        #expect(release.status == .deployed)
        #expect(release.labels == ["team": "platform"])
        #expect(release.chart?.metadata?.version == "1.4.0")
        #expect(release.manifest.contains("kind: Service"))
        #expect(try release.jsonBytes() == json)
    }

    @Test func secretRoundTripKeepsEverything() throws {
        let release = ReleaseJSONTests.handBuilt()
        let back = try ReleaseStorage.release(fromSecret: ReleaseStorage.secret(for: release))
        #expect(try back.jsonBytes() == release.jsonBytes())
        #expect(back.labels == ["team": "web"])
        // Through the API server's JSON text too.
        let wire = try JSONValue(json: ReleaseStorage.secret(for: release).jsonString())
        #expect(try ReleaseStorage.release(fromSecret: wire).jsonBytes() == release.jsonBytes())
    }

    @Test func recordIsGzipAtBestCompressionWithGosHeader() throws {
        let record = try ReleaseStorage.encodeRecord(ReleaseJSONTests.handBuilt())
        let gz = try #require(GoBase64.decode(record))
        #expect(Array(gz.prefix(10)) == [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff])
        #expect(try Gunzip.decompress(gz) == ReleaseJSONTests.handBuilt().jsonBytes())
    }

    // MARK: Hostile records

    static func secret(record: String) -> JSONValue {
        ["metadata": ["name": "sh.helm.release.v1.x.v1"], "data": ["release": .string(GoBase64.encode(Array(record.utf8)))]]
    }

    static func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        let writer = try GzipWriter(level: 1) { out.append(contentsOf: $0) }
        try writer.write(bytes)
        try writer.finish()
        return out
    }

    @Test func truncatedGzipIsRefused() throws {
        let gz = try Self.gzipped(Array(#"{"name":"x","version":1}"#.utf8))
        let error = try #require(throws: ReleaseStorageError.self) {
            try ReleaseStorage.release(fromSecret: Self.secret(record: GoBase64.encode(Array(gz.dropLast(6)))))
        }
        #expect(error.kind == .malformed)
        #expect(error.message.hasPrefix("secret sh.helm.release.v1.x.v1: release record: "))
    }

    @Test(arguments: ["%%%not base64", "YWJj=", ""])
    func nonBase64OrEmptyRecordIsRefused(record: String) throws {
        let error = try #require(throws: ReleaseStorageError.self) {
            try ReleaseStorage.release(fromSecret: Self.secret(record: record))
        }
        #expect(error.kind == .malformed)
    }

    @Test func wireValueThatIsNotBase64IsRefused() {
        let secret: JSONValue = ["metadata": ["name": "s"], "data": ["release": "*&^"]]
        #expect(throws: ReleaseStorageError(.malformed, "secret s: data.release is not base64")) {
            try ReleaseStorage.release(fromSecret: secret)
        }
        #expect(throws: ReleaseStorageError(.malformed, "secret s: no data.release")) {
            try ReleaseStorage.release(fromSecret: ["metadata": ["name": "s"], "data": [:]])
        }
    }

    @Test func decompressionBombStopsAtTheLimit() throws {
        var out: [UInt8] = []
        let writer = try GzipWriter(level: 1) { out.append(contentsOf: $0) }
        let chunk = [UInt8](repeating: 0x20, count: 1 << 20)
        for _ in 0..<(ReleaseStorage.maximumRecordSize >> 20) + 1 { try writer.write(chunk) }
        try writer.finish()
        #expect(out.count < 1 << 20)
        let error = try #require(throws: ReleaseStorageError.self) {
            try ReleaseStorage.decodeRecord(GoBase64.encode(out))
        }
        #expect(error.kind == .tooLarge)
    }

    @Test func wrongTypesAndDeepNestingFailWithoutCrashing() throws {
        let wrong = try Self.gzipped(Array(#"{"name":["x"]}"#.utf8))
        #expect(throws: ReleaseStorageError(.malformed, "release record: json: cannot unmarshal array into Go struct field Release.name of type string")) {
            try ReleaseStorage.decodeRecord(GoBase64.encode(wrong))
        }
        let deep = Array((#"{"config":{"a":"# + String(repeating: "[", count: 100_000)).utf8)
        #expect(throws: ReleaseStorageError.self) { try ReleaseStorage.decodeRecord(GoBase64.encode(deep)) }
        let notJSON = try Self.gzipped(Array("\u{1f}\u{8b} garbage".utf8))
        #expect(throws: ReleaseStorageError.self) { try ReleaseStorage.decodeRecord(GoBase64.encode(notJSON)) }
    }

    @Test func releasesHelmCouldNotStoreAreRefused() {
        for name in ["", "Web", "-web", "web.", "a..b", String(repeating: "a", count: 54)] {
            #expect(throws: ReleaseStorageError.self) {
                try ReleaseStorage.secret(for: Release(name: name, namespace: "n", version: 1))
            }
        }
        #expect(throws: ReleaseStorageError.self) { try ReleaseStorage.secret(for: Release(name: "a", namespace: "n", version: 0)) }
        #expect(throws: ReleaseStorageError.self) {
            try ReleaseStorage.secret(for: Release(name: "a", namespace: "n", version: 1, info: nil))
        }
        #expect(throws: ReleaseStorageError.self) { try ReleaseStorage.validateLabels(["owner": "me", "team": "x"]) }
        #expect(throws: Never.self) { try ReleaseStorage.validateLabels(["team": "x"]) }
        #expect(throws: Never.self) { try ReleaseStorage.validateName("web-1.prod") }
    }
}
