import Foundation
import GoTemplate
import Testing
@testable import Helm

/// A repository index as `helm repo index` writes one, with the oddities public indexes carry.
enum SampleIndex {
    static let yaml = """
    apiVersion: v1
    entries:
      podinfo:
      - apiVersion: v2
        appVersion: 6.4.1
        created: "2023-08-01T10:00:00.123456789Z"
        description: A small web application
        digest: 4b2a9ae4c4a1a4c2bd1c1b1a2d4b7e0f7f1d0a8b7f6b2e9c0b3d4e5f6a7b8c9d
        name: podinfo
        urls:
        - https://stefanprodan.example.com/podinfo/podinfo-6.4.1.tgz
        version: 6.4.1
      - apiVersion: v2
        created: "2023-09-01T10:00:00+02:00"
        name: podinfo
        urls:
        - podinfo-6.5.0.tgz
        version: 6.5.0
        annotations:
          category: Demo
      - apiVersion: v2
        created: "2023-09-20T10:00:00Z"
        name: podinfo
        urls:
        - podinfo-6.5.1-rc.1.tgz
        version: 6.5.1-rc.1
      - apiVersion: v2
        created: "2022-01-01T00:00:00Z"
        name: podinfo
        urls:
        - podinfo-5.2.1.tgz
        version: 5.2.1
      - apiVersion: v2
        name: podinfo
        urls:
        - podinfo-latest.tgz
        version: latest
      -
      redis:
      - name: redis
        version: 1.0.0+build.1
        created: "2021-01-01T00:00:00Z"
        urls: [redis-1.0.0+build.1.tgz]
      - name: redis
        version: 1.0.0+build.2
        created: "2021-02-01T00:00:00Z"
        urls: [redis-1.0.0+build.2.tgz]
      - name: redis
        version: 0.9.0
        created: "2020-01-01T00:00:00Z"
        urls: [redis-0.9.0.tgz]
        dependencies:
        - name: common
          repository: https://charts.example.com
        - name: common
          repository: https://charts.example.com
      empty: []
    generated: "2023-09-21T08:30:00.5Z"
    annotations:
      owner: platform-team
    """

    static func load() throws -> (RepositoryIndex, [String]) {
        var warnings: [String] = []
        let index = try RepositoryIndex.load(Array(yaml.utf8), warnings: &warnings)
        return (index, warnings)
    }
}

@Suite struct RepositoryIndexTests {
    @Test func parsesARealisticIndex() throws {
        let (index, warnings) = try SampleIndex.load()
        #expect(index.apiVersion == "v1")
        #expect(index.generated.rfc3339 == "2023-09-21T08:30:00.5Z")
        #expect(index.annotations == ["owner": "platform-team"])
        let podinfo = try #require(index.entries["podinfo"])
        // Newest first; the `latest` entry (not semver) and the empty entry are gone.
        #expect(podinfo.map(\.version) == ["6.5.1-rc.1", "6.5.0", "6.4.1", "5.2.1"])
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("\"podinfo\" \"latest\": validation: chart.metadata.version \"latest\" is invalid") == true)
        let v641 = podinfo[2]
        #expect(v641.metadata.appVersion == "6.4.1")
        #expect(v641.digest.hasPrefix("4b2a9ae4"))
        #expect(v641.created.nanoseconds == 123_456_789)
        #expect(podinfo[1].metadata.annotations == ["category": "Demo"])
        #expect(podinfo[1].created.rfc3339 == "2023-09-01T10:00:00+02:00")
        // An entry without apiVersion gets v1; a duplicated dependency name is tolerated (JFrog).
        let redis = try #require(index.entries["redis"])
        #expect(redis.count == 3)
        #expect(redis.allSatisfy { $0.metadata.apiVersion == "v1" })
        #expect(index.entries["empty"]?.isEmpty == true)
    }

    @Test(arguments: [
        ("", "empty index.yaml file"),
        ("entries: {}\n", "no API version specified"),
        ("apiVersion: v1\nentries: [a, b]\n",
         "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field IndexFile.entries of type map[string]repo.ChartVersions"),
        ("apiVersion: v1\nfoo: bar\n", "error unmarshaling JSON: while decoding JSON: json: unknown field \"foo\""),
        ("apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    colour: blue\n",
         "error unmarshaling JSON: while decoding JSON: json: unknown field \"colour\""),
        ("apiVersion: v1\ngenerated: yesterday\n",
         "error unmarshaling JSON: while decoding JSON: parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\""),
        ("apiVersion: v1\nentries: {a: [\n", "error converting YAML to JSON: yaml: line 2: did not find expected node content"),
    ])
    func refusesBadIndexesWithHelmsErrors(text: String, expected: String) {
        #expect(throws: HelmError(expected)) { try RepositoryIndex.load(Array(text.utf8)) }
    }

    @Test func jsonIndexIsReadLeniently() throws {
        let json = #"{"apiVersion":"v1","serverInfo":{"contextPath":"/x"},"extra":1,"entries":{"a":[{"name":"a","version":"1.0.0","urls":["a-1.0.0.tgz"]}]}}"#
        let index = try RepositoryIndex.load(Array(json.utf8))
        #expect(index.entries["a"]?.first?.urls == ["a-1.0.0.tgz"])
        #expect(index.serverInfo?["contextPath"]?.stringValue == "/x")
        #expect(throws: HelmError("json: cannot unmarshal array into Go struct field IndexFile.apiVersion of type string")) {
            try RepositoryIndex.load(Array(#"{"apiVersion": ["v1"]}"#.utf8))
        }
    }

    @Test(arguments: [
        ("", "6.5.0"),
        ("*", "6.5.0"),
        ("6.5.1-rc.1", "6.5.1-rc.1"),
        ("6.4.1", "6.4.1"),
        ("6.4.x", "6.4.1"),
        ("^6.0.0", "6.5.0"),
        (">=6.5.1-0", "6.5.1-rc.1"),
        ("~5", "5.2.1"),
        (">=5.0.0 <6.5.0", "6.4.1"),
        ("<6 || >=6.5.0 <6.5.1", "6.5.0"),
    ])
    func selectsAsFluxDoes(constraint: String, expected: String) throws {
        let (index, _) = try SampleIndex.load()
        #expect(try index.chartVersion("podinfo", version: constraint).version == expected)
    }

    @Test func equalVersionsGoToTheLatestCreated() throws {
        let (index, _) = try SampleIndex.load()
        #expect(try index.chartVersion("redis", version: "1.0.0").version == "1.0.0+build.2")
        #expect(try index.chartVersion("redis", version: "1.0.0+build.1").version == "1.0.0+build.1")
    }

    @Test(arguments: [
        ("podinfo", ">=7", "no 'podinfo' chart with version matching '>=7' found"),
        ("podinfo", "7.0.0", "no 'podinfo' chart with version matching '7.0.0' found"),
        ("nginx", "", "no chart name found"),
        ("empty", "", "no chart version found"),
        ("podinfo", "not a constraint", "improper constraint: not a constraint"),
    ])
    func missingVersionsFailWithFluxsText(name: String, version: String, expected: String) throws {
        let (index, _) = try SampleIndex.load()
        #expect(throws: HelmError(expected)) { try index.chartVersion(name, version: version) }
    }

    @Test func helmsGetSkipsPrereleasesForAnEmptyVersion() throws {
        let (index, _) = try SampleIndex.load()
        #expect(try index.get("podinfo").version == "6.5.0")
        #expect(throws: HelmError("no chart version found for podinfo-9.x")) { try index.get("podinfo", version: "9.x") }
    }

    @Test(arguments: [
        ("https://charts.example.com", "podinfo-6.5.0.tgz", "https://charts.example.com/podinfo-6.5.0.tgz"),
        ("https://charts.example.com/stable", "podinfo-6.5.0.tgz", "https://charts.example.com/stable/podinfo-6.5.0.tgz"),
        ("https://charts.example.com/stable/", "podinfo-6.5.0.tgz", "https://charts.example.com/stable/podinfo-6.5.0.tgz"),
        ("https://charts.example.com/stable?token=abc", "pkg/p-1.0.0.tgz", "https://charts.example.com/stable/pkg/p-1.0.0.tgz?token=abc"),
        ("https://charts.example.com/stable", "/p-1.0.0.tgz", "https://charts.example.com/p-1.0.0.tgz"),
        ("https://charts.example.com/a/b", "../other/p.tgz", "https://charts.example.com/a/other/p.tgz"),
        ("https://charts.example.com/x", "https://cdn.example.com/p.tgz?sig=1", "https://cdn.example.com/p.tgz?sig=1"),
        ("https://charts.example.com/x?t=1", "//cdn.example.com/p.tgz", "https://cdn.example.com/p.tgz?t=1"),
        ("http://localhost:8080", "p.tgz?x=1", "http://localhost:8080/p.tgz"),
    ])
    func resolvesChartURLsAsHelmDoes(base: String, reference: String, expected: String) throws {
        #expect(try RepositoryURL.resolveReference(base: base, reference: reference) == expected)
    }

    @Test func downloadURLUsesTheFirstURL() throws {
        let (index, _) = try SampleIndex.load()
        let entry = try index.chartVersion("podinfo", version: "6.5.0")
        #expect(try entry.downloadURL(repositoryURL: "https://stefanprodan.example.com/podinfo") == "https://stefanprodan.example.com/podinfo/podinfo-6.5.0.tgz")
        let bare = IndexChartVersion(metadata: entry.metadata)
        #expect(throws: HelmError("chart 'podinfo' has no downloadable URLs")) { try bare.downloadURL(repositoryURL: "https://x") }
        #expect(throws: HelmError("failed to parse :x.tgz as URL: parse \":x.tgz\": missing protocol scheme")) {
            try RepositoryURL.resolveReference(base: "https://x", reference: ":x.tgz")
        }
    }

    @Test func parseErrorsDoNotShowCredentials() {
        #expect(throws: HelmError("failed to parse https://***@charts.example.com/a:b\u{7f} as URL: parse \"https://***@charts.example.com/a:b\\x7f\": net/url: invalid control character in URL")) {
            try RepositoryURL.resolveReference(base: "https://bot:s3cret@charts.example.com/a:b\u{7f}", reference: "x.tgz")
        }
    }

    @Test func revisionIsTheDigestOfTheDownloadedBytes() throws {
        let bytes = Array("abc".utf8)
        let revision = RepositoryIndex.revision(of: bytes)
        #expect(revision == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(RepositoryIndex.artifactFileName(revision: revision) == "index-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.yaml")
        // Whitespace changes the revision even when the index means the same.
        #expect(RepositoryIndex.revision(of: Array(SampleIndex.yaml.utf8)) != RepositoryIndex.revision(of: Array((SampleIndex.yaml + "\n").utf8)))
    }

    @Test func canonicalJSONIsGoIndentedAndLoadsBack() throws {
        let text = """
        apiVersion: v1
        generated: "2024-01-02T03:04:05.000Z"
        entries:
          b:
          - name: b
            version: 1.0.0
            description: "<tag> & co"
            urls: [b-1.0.0.tgz]
            created: "2024-01-01T00:00:00+01:00"
            digest: abc
        """
        let index = try RepositoryIndex.load(Array(text.utf8))
        let json = String(decoding: try index.canonicalJSON(), as: UTF8.self)
        let expected = """
        {
          "apiVersion": "v1",
          "generated": "2024-01-02T03:04:05Z",
          "entries": {
            "b": [
              {
                "name": "b",
                "version": "1.0.0",
                "description": "\\u003ctag\\u003e \\u0026 co",
                "apiVersion": "v1",
                "urls": [
                  "b-1.0.0.tgz"
                ],
                "created": "2024-01-01T00:00:00+01:00",
                "digest": "abc"
              }
            ]
          }
        }
        """
        #expect(json == expected)
        let (sample, _) = try SampleIndex.load()
        let reloaded = try RepositoryIndex.load(try sample.canonicalJSON())
        #expect(reloaded.entries.mapValues { $0.map(\.version) } == sample.entries.mapValues { $0.map(\.version) })
        #expect(reloaded.entries["podinfo"]?[1].created == sample.entries["podinfo"]?[1].created)
        #expect(try reloaded.canonicalJSON() == (try sample.canonicalJSON()))
    }
}

@Suite struct RepositoryIndexHostileTests {
    @Test func sizeCapRefusesBeforeParsing() {
        let big = [UInt8](repeating: UInt8(ascii: "#"), count: 4096)
        #expect(throws: HelmError("index exceeds the maximum index file size of 1024 bytes")) {
            try RepositoryIndex.load(big, maximumSize: 1024)
        }
    }

    @Test func aliasBombDoesNotExpand() {
        var text = "apiVersion: v1\nannotations:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...12 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            text += "  a\(i): &a\(i) [\(refs)]\n"
        }
        #expect(throws: HelmError("error converting YAML to JSON: yaml: document contains excessive aliasing")) {
            try RepositoryIndex.load(Array(text.utf8))
        }
    }

    @Test func garbageIsAnErrorNotACrash() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<50 {
            let bytes = (0..<512).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 33)
            }
            #expect(throws: HelmError.self) { try RepositoryIndex.load(bytes) }
        }
        for text in ["apiVersion: v1\nentries: 3\n", "apiVersion: [v1]\n", "- a\n- b\n", "apiVersion: v1\nentries: {a: [1]}\n",
                     "apiVersion: v1\nentries: {a: [{name: a, version: 1.0.0, created: 5}]}\n"] {
            #expect(throws: HelmError.self) { try RepositoryIndex.load(Array(text.utf8)) }
        }
    }

    @Test func manyEntriesLoadWithinTheCap() throws {
        var text = "apiVersion: v1\nentries:\n  big:\n"
        for i in 0..<3000 { text += "  - {name: big, version: 1.\(i % 50).\(i / 50), urls: [big-\(i).tgz]}\n" }
        let index = try RepositoryIndex.load(Array(text.utf8))
        #expect(index.entries["big"]?.count == 3000)
        #expect(try index.chartVersion("big").version == "1.49.59")
    }
}
