import Foundation
import GoTemplate
import Testing

@testable import Helm

/// The release record's JSON against what Go's encoding/json writes for Helm v3.15's structs
/// (`release.Release`, `Info`, `Hook`, `chart.Chart`, `Metadata`, `Dependency`, `Lock`,
/// `File`): field order, `omitempty`, base64 `[]byte`, Helm's time type, HTML escaping.
@Suite struct ReleaseJSONTests {
    static func handBuilt() -> Release {
        var metadata = ChartMetadata()
        metadata.name = "shop"
        metadata.version = "0.3.0"
        metadata.description = "Shop <front> & back"
        metadata.apiVersion = "v2"
        metadata.appVersion = "1.0"
        metadata.deprecated = true
        metadata.annotations = ["z.io/b": "2", "a.io/a": "1"]
        var ann = ChartMaintainer()
        ann.name = "Ann"
        ann.url = "https://ann.example"
        metadata.maintainers = [ann, nil]
        var cache = ChartDependency()
        cache.name = "cache"
        cache.version = "~7.0"
        cache.enabled = true
        cache.importValues = [.string("defaults"), .dict(["child": .string("a"), "parent": .string("b")])]
        var db = ChartDependency()
        db.name = "db"
        db.repository = "oci://registry.example/charts"
        db.condition = "db.enabled"
        db.tags = ["backend"]
        db.alias = "store"
        metadata.dependencies = [cache, db]
        metadata.hasDependencies = true
        var locked = ChartDependency()
        locked.name = "cache"
        locked.version = "7.0.1"
        locked.repository = "https://charts.example"
        var lock = ChartLock()
        lock.generated = "2024-01-02T03:04:05.060+01:00"
        lock.digest = "sha256:0f"
        lock.dependencies = [locked]
        let chart = StoredChart(
            metadata: metadata, lock: lock, templates: [ChartFile(name: "templates/cm.yaml", data: Array("a: <1>\n".utf8))],
            values: GoMap(["replicas": .float(1), "labels": .dict([:])]), schema: Array("{}".utf8), files: [])
        let config = GoMap([
            "big": .float(1e21), "tiny": .float(0.0000001), "half": .float(0.5), "count": .int(3, .int64),
            "name": .string("a&b"), "list": .array([.bool(true), .null]),
        ])
        let info = ReleaseInfo(firstDeployed: ReleaseTime(unixSeconds: 1_700_000_000, nanoseconds: 120_000_000),
                               lastDeployed: ReleaseTime(unixSeconds: 1_700_003_600, utcOffset: 7200),
                               description: "Install complete", status: .deployed)
        let hook = ReleaseHook(
            name: "shop-init", kind: "Job", path: "shop/templates/init.yaml", manifest: "kind: Job\n",
            events: [.preInstall, .preUpgrade],
            lastRun: HookExecution(startedAt: ReleaseTime(unixSeconds: 1_700_000_001),
                                   completedAt: ReleaseTime(unixSeconds: 1_700_000_002, nanoseconds: 5), phase: .succeeded),
            weight: 3, deletePolicies: [.hookSucceeded])
        return Release(name: "shop", namespace: "shop", version: 4, info: info, chart: chart, config: config,
                       manifest: "---\n# Source: shop/templates/cm.yaml\na: <1>\n", hooks: [hook], labels: ["team": "web"])
    }

    /// Written by hand from the Go struct definitions.
    static let handBuiltJSON = #"{"name":"shop","info":{"first_deployed":"2023-11-14T22:13:20.12Z","last_deployed":"2023-11-15T01:13:20+02:00","deleted":"","description":"Install complete","status":"deployed"},"chart":{"metadata":{"name":"shop","version":"0.3.0","description":"Shop \u003cfront\u003e \u0026 back","maintainers":[{"name":"Ann","url":"https://ann.example"},null],"apiVersion":"v2","appVersion":"1.0","deprecated":true,"annotations":{"a.io/a":"1","z.io/b":"2"},"dependencies":[{"name":"cache","version":"~7.0","repository":"","enabled":true,"import-values":["defaults",{"child":"a","parent":"b"}]},{"name":"db","repository":"oci://registry.example/charts","condition":"db.enabled","tags":["backend"],"alias":"store"}]},"lock":{"generated":"2024-01-02T03:04:05.06+01:00","digest":"sha256:0f","dependencies":[{"name":"cache","version":"7.0.1","repository":"https://charts.example"}]},"templates":[{"name":"templates/cm.yaml","data":"YTogPDE+Cg=="}],"values":{"labels":{},"replicas":1},"schema":"e30=","files":null},"config":{"big":1e+21,"count":3,"half":0.5,"list":[true,null],"name":"a\u0026b","tiny":1e-7},"manifest":"---\n# Source: shop/templates/cm.yaml\na: \u003c1\u003e\n","hooks":[{"name":"shop-init","kind":"Job","path":"shop/templates/init.yaml","manifest":"kind: Job\n","events":["pre-install","pre-upgrade"],"last_run":{"started_at":"2023-11-14T22:13:21Z","completed_at":"2023-11-14T22:13:22.000000005Z","phase":"Succeeded"},"weight":3,"delete_policies":["hook-succeeded"]}],"version":4,"namespace":"shop"}"#

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/release-storage")
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    @Test func handBuiltReleaseIsWhatGoWrites() throws {
        let json = String(decoding: try Self.handBuilt().jsonBytes(), as: UTF8.self)
        #expect(json == Self.handBuiltJSON)
    }

    @Test func minimalReleaseOmitsEmptyFieldsButNotTimesOrPhase() throws {
        // Go's zero `Status` is "", omitted; Ferry's default `unknown` is written.
        var release = Release(name: "a", namespace: "", version: 0, info: ReleaseInfo(status: ReleaseStatus("")))
        release.hooks = [ReleaseHook()]
        release.config = GoMap()
        let json = String(decoding: try release.jsonBytes(), as: UTF8.self)
        #expect(json == #"{"name":"a","info":{"first_deployed":"","last_deployed":"","deleted":""},"hooks":[{"last_run":{"started_at":"","completed_at":"","phase":""}}]}"#)
        let bare = Release(name: "", namespace: "", version: 0, info: nil)
        #expect(try bare.jsonBytes() == Array("{}".utf8))
    }

    @Test func helmWrittenRecordReadsAndWritesBackByteForByte() throws {
        let bytes = try Self.fixture("helm-release.json")
        let release = try Release(json: bytes)
        #expect(release.name == "webapp")
        #expect(release.namespace == "apps")
        #expect(release.version == 2)
        #expect(release.status == .deployed)
        #expect(release.info?.firstDeployed == ReleaseTime(unixSeconds: 1_718_000_130, nanoseconds: 123_456_789, utcOffset: 7200))
        #expect(release.info?.deleted.isZero == true)
        #expect(release.chart?.metadata?.name == "webapp")
        #expect(release.chart?.metadata?.kubeVersion == ">=1.23.0-0")
        #expect(release.chart?.lock == nil)
        #expect(release.chart?.schema == nil)
        #expect(release.chart?.templates.first.map { String(decoding: $0.data, as: UTF8.self) }?.hasPrefix("apiVersion: v1\n") == true)
        // Values read back as Go's interface{} holds them: every number a float64.
        guard case .float(3)? = release.config?["replicaCount"] else { Issue.record("replicaCount"); return }
        #expect(release.config?["ui"]?.mapValue?["title"]?.stringValue == "<b>Web</b>")
        #expect(release.hooks.count == 2)
        #expect(release.hooks[0].events == [.test])
        #expect(release.hooks[0].weight == -5)
        #expect(release.hooks[0].lastRun.phase == .succeeded)
        #expect(release.hooks[0].deletePolicies == [.beforeHookCreation, .hookSucceeded])
        #expect(release.hooks[1].lastRun.startedAt.isZero)
        #expect(try release.jsonBytes() == bytes)
    }

    @Test func decodingIsAsLenientAsGo() throws {
        // Unknown fields (a later Helm's), keys in another case, nulls for zero values.
        let json = #"{"NAME":"x","Version":3,"info":{"status":"failed","Description":"boom","deleted":null},"#
            + #""hooks":[null,{"name":"h","output_log_policies":["hook-failed"],"last_run":null}],"#
            + #""apply_method":"ssa","config":null,"chart":{"metadata":null,"values":{},"schema":""}}"#
        let release = try Release(json: Array(json.utf8))
        #expect(release.name == "x")
        #expect(release.version == 3)
        #expect(release.status == .failed)
        #expect(release.info?.description == "boom")
        #expect(release.hooks.map(\.name) == ["h"])
        #expect(release.config == nil)
        #expect(release.chart?.metadata == nil)
        #expect(release.chart?.values?.count == 0)
        #expect(release.chart?.schema == [])
    }

    @Test(arguments: [
        (#"{"version":"1"}"#, "json: cannot unmarshal string into Go struct field Release.version of type int"),
        (#"{"version":1.5}"#, "json: cannot unmarshal number 1.5 into Go struct field Release.version of type int"),
        (#"{"info":{"status":7}}"#, "json: cannot unmarshal number 7 into Go struct field Info.info.status of type release.Status"),
        (#"{"hooks":{}}"#, "json: cannot unmarshal object into Go struct field Release.hooks of type []*release.Hook"),
        (#"{"config":[1]}"#, "json: cannot unmarshal array into Go struct field Release.config of type map[string]interface {}"),
        (#"{"chart":{"templates":[{"data":"%%%"}]}}"#, "illegal base64 data in Go struct field File.chart.templates.data"),
        (#"{"info":{"last_deployed":"yesterday"}}"#, #"parsing time "yesterday" in Go struct field Info.info.last_deployed: not RFC 3339"#),
        (#"[]"#, "json: cannot unmarshal array into Go value of type release.Release"),
        (#"{"name":"x""#, "unexpected end of JSON input"),
    ])
    func wrongTypesFailNamingTheField(json: String, message: String) {
        #expect(throws: ReleaseStorageError(.malformed, message)) { try Release(json: Array(json.utf8)) }
    }

    @Test(arguments: [
        ("2024-02-29T23:59:59.999999999-07:30", "2024-02-29T23:59:59.999999999-07:30"),
        ("1970-01-01T00:00:00.000Z", "1970-01-01T00:00:00Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        ("2000-03-01T12:00:00.1234567891+00:00", "2000-03-01T12:00:00.123456789Z"),
    ])
    func timesReadAndWriteAsGo(input: String, output: String) throws {
        let time = try #require(ReleaseTime(rfc3339: input))
        #expect(time.rfc3339 == output)
    }

    @Test(arguments: ["2023-02-29T00:00:00Z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00", "2024-01-01T24:00:00Z",
                      "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00+0100", ""])
    func malformedTimesAreRefused(input: String) {
        #expect(ReleaseTime(rfc3339: input) == nil)
    }

    @Test func unwritableValuesFailInsteadOfWritingWrongJSON() {
        var release = Release(name: "a", namespace: "n", version: 1)
        release.info?.lastDeployed = ReleaseTime(unixSeconds: 253_402_300_800)  // year 10000
        #expect(throws: ReleaseStorageError.self) { try release.jsonBytes() }
        release = Release(name: "a", namespace: "n", version: 1, config: GoMap(["x": .float(.nan)]))
        #expect(throws: ReleaseStorageError.self) { try release.jsonBytes() }
    }
}
