import Manifests
import Testing

/// Manifests come from repositories: an alias bomb, a collection used as a key or nesting a
/// hundred thousand levels deep is refused with a message, in bounded time, memory and stack.
@Suite struct YAMLAliasLimitTests {
    /// `levels` levels of `&aN [*aN-1 × width]` under a single root: width^levels nodes expanded.
    static func bomb(levels: Int, width: Int = 9) -> String {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...levels {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: width).joined(separator: ", ") + "]\n"
        }
        return text
    }

    @Test(arguments: [3, 5, 9, 30])
    func aliasBombsAreRefusedAsGoYAMLDoes(levels: Int) async {
        #expect {
            try YAML.documents(Self.bomb(levels: levels), source: "bomb.yaml")
        } throws: { error in
            guard let error = error as? ManifestError else { return false }
            return error.reason == "document contains excessive aliasing" && error.source == "bomb.yaml" && error.line != nil
        }
    }

    @Test func smallAliasingStillExpands() throws {
        // Two levels: 9 + 81 aliased nodes, under go-yaml's threshold of 100.
        let docs = try YAML.documents(Self.bomb(levels: 2))
        #expect(docs.first?["a2"]?.arrayValue?.count == 9)
        #expect(docs.first?["a2"]?.arrayValue?.first?.arrayValue?.first?.arrayValue?.count == 9)
    }

    @Test func mergeKeysAndRepeatedAnchorsStillWork() throws {
        let text = """
            base: &base {cpu: 1, memory: 2Gi}
            small: {cpu: 2, <<: *base}
            list: [*base, *base, *base]
            """
        let doc = try YAML.document(text)
        #expect(doc["small"]?["cpu"] == .int(2))
        #expect(doc["small"]?["memory"] == .string("2Gi"))
        #expect(doc["list"]?.arrayValue?.count == 3)
    }

    /// Many aliases of a small anchor in a large real document are fine (a share under 99%).
    @Test func manyAliasesAmongManyRealNodesAreFine() throws {
        var text = "labels: &l {app: x}\nitems:\n"
        for i in 0..<3_000 { text += "- {name: n\(i), value: \(i), labels: *l}\n" }
        let doc = try YAML.document(text)
        #expect(doc["items"]?.arrayValue?.count == 3_000)
    }

    @Test(arguments: ["? [a, b]\n: c\n", "{[a]: b}\n", "k: &k [1, 2]\n*k : v\n", "? {a: 1}\n: b\n"])
    func collectionKeysAreRefused(text: String) async {
        #expect {
            try YAML.documents(text, source: "keys.yaml")
        } throws: { error in
            (error as? ManifestError)?.reason == "mapping keys must be scalars"
        }
    }

    static let deep: [String] = [
        String(repeating: "[", count: 100_000),
        String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
        String(repeating: "{a: ", count: 100_000),
        (0..<5_000).map { String(repeating: " ", count: $0) + "- \n" }.joined(),
        (0..<5_000).map { String(repeating: " ", count: $0) + "k:\n" }.joined(),
    ]

    /// On a task's stack, as the controllers read manifests.
    @Test(arguments: deep)
    func deepNestingIsRefusedWithoutOverflowingTheStack(text: String) async {
        #expect {
            try YAML.documents(text, source: "deep.yaml")
        } throws: { error in
            (error as? ManifestError)?.reason == "YAML nests deeper than 1000 levels"
        }
    }

    @Test func nestingJustUnderTheLimitReads() async throws {
        let depth = 999
        let doc = try YAML.document(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        var value = doc
        var levels = 0
        while case .array(let items) = value, let first = items.first { value = first; levels += 1 }
        #expect(levels == depth - 1)
        // And it writes back out, still on this stack.
        #expect(!YAML.string(doc).isEmpty)
        #expect(!doc.jsonString().isEmpty)
    }
}
