import FerryAPI
import GoTemplate
import HelmController
import Manifests
import Sprig
import Testing

/// `valuesFrom` and `spec.values` composed as Flux's `ChartValuesFromReferences`.
@Suite struct ReleaseValuesTests {
    struct Objects: ValuesSourceReader {
        var objects: [String: [String: String]]
        func data(kind: String, name: String, namespace: String) async throws -> [String: [UInt8]]? {
            objects["\(kind)/\(namespace)/\(name)"]?.mapValues { Array($0.utf8) }
        }
    }

    static let reader = Objects(objects: [
        "ConfigMap/apps/base": ["values.yaml": "a: base\nlist: [1, 2]\nnested:\n  x: 1\n  z: base\n", "other.yaml": "nested:\n  z: other\n"],
        "Secret/apps/creds": ["password": "s3cret", "quoted": "\"0123\"", "number": "0123"],
    ])

    func compose(_ refs: [ValuesReference], inline: JSONValue? = nil) async throws(ReleaseValues.Failure) -> JSONValue {
        let map = try await ReleaseValues.compose(references: refs, inline: inline, namespace: "apps", reader: Self.reader)
        return (try? JSONValue(json: (try? GoJSON.marshal(.map(map), escapeHTML: false)) ?? "null")) ?? .null
    }

    @Test func laterReferencesMergeDeeplyAndInlineValuesWin() async throws {
        let values = try await compose([ValuesReference(kind: "ConfigMap", name: "base"),
                                        ValuesReference(kind: "ConfigMap", name: "base", valuesKey: "other.yaml")],
                                       inline: ["a": "inline", "list": [3]])
        #expect(values["a"] == "inline")
        #expect(values[path: "nested", "x"] == 1)
        #expect(values[path: "nested", "z"] == "other")
        #expect(values["list"] == [3], "lists are replaced, not merged")
    }

    @Test func targetPathSetsOneValueTypedUnlessQuoted() async throws {
        let values = try await compose([ValuesReference(kind: "Secret", name: "creds", valuesKey: "password", targetPath: "auth.password"),
                                        ValuesReference(kind: "Secret", name: "creds", valuesKey: "quoted", targetPath: "code"),
                                        ValuesReference(kind: "Secret", name: "creds", valuesKey: "password", targetPath: "list[0]")])
        #expect(values[path: "auth", "password"] == "s3cret")
        #expect(values["code"] == "0123", "a quoted value is a string without its quotes")
        #expect(values["list"] == ["s3cret"])
    }

    @Test func optionalForgivesAMissingObjectButNotAMissingKey() async throws {
        let skipped = try await compose([ValuesReference(kind: "ConfigMap", name: "gone", optional: true)], inline: ["a": 1])
        #expect(skipped == ["a": 1])
        await #expect(throws: ReleaseValues.Failure.self) {
            _ = try await compose([ValuesReference(kind: "ConfigMap", name: "base", valuesKey: "nope.yaml", optional: true)])
        }
        do {
            _ = try await compose([ValuesReference(kind: "ConfigMap", name: "gone")])
            Issue.record("a missing object that is not optional must fail")
        } catch { #expect(error.description == "could not find ConfigMap 'apps/gone'") }
        do {
            _ = try await compose([ValuesReference(kind: "ConfigMap", name: "base", valuesKey: "nope.yaml", optional: true)])
            Issue.record("a missing key must fail even when optional")
        } catch { #expect(error.description == "missing key 'nope.yaml' in ConfigMap 'apps/base'") }
        do {
            _ = try await compose([ValuesReference(kind: "Bucket", name: "base")])
            Issue.record("only ConfigMaps and Secrets can hold values")
        } catch { #expect(error.description == "unsupported ValuesReference kind 'Bucket'") }
    }

    @Test func digestFollowsTheValuesNotTheirOrder() async throws {
        let one = try await ReleaseValues.compose(references: [], inline: ["a": 1, "b": ["c": true]], namespace: "apps", reader: Self.reader)
        let two = try await ReleaseValues.compose(references: [], inline: ["b": ["c": true], "a": 1], namespace: "apps", reader: Self.reader)
        let three = try await ReleaseValues.compose(references: [], inline: ["a": 2, "b": ["c": true]], namespace: "apps", reader: Self.reader)
        #expect(ReleaseValues.digest(one) == ReleaseValues.digest(two))
        #expect(ReleaseValues.digest(one) != ReleaseValues.digest(three))
        #expect(ReleaseValues.digest(one).hasPrefix("sha256:") && ReleaseValues.digest(one).count == 71)
    }
}
