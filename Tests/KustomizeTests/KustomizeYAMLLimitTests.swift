import Manifests
import Testing

@testable import Kustomize

/// kustomize's own reader gets the same limits as the manifest reader: go-yaml v3's
/// "excessive aliasing", scalar keys only, and bounded nesting.
@Suite struct KustomizeYAMLLimitTests {
    static let bomb: String = {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        return text
    }()

    static let hostile: [(String, String)] = [
        (bomb, "document contains excessive aliasing"),
        ("? [a]\n: b\n", "mapping keys must be scalars"),
        (String(repeating: "[", count: 100_000), "YAML nests deeper than 1000 levels"),
    ]

    @Test(arguments: hostile)
    func refusedWithAMessage(text: String, reason: String) async {
        #expect {
            try KYAML.documents(text, source: "deploy/app.yaml")
        } throws: { error in
            guard case .malformedYAML(let file, _, let r)? = error as? KustomizeError else { return false }
            return file == "deploy/app.yaml" && r == reason
        }
    }

    @Test func anchorsAndMergeKeysStillWork() throws {
        let docs = try KYAML.documents("base: &b {a: 1}\nx: {<<: *b, c: 2}\ny: [*b, *b]\n", source: "k.yaml")
        #expect(docs.first?["x"]?["a"] == .int(1))
        #expect(docs.first?["y"]?.arrayValue?.count == 2)
    }
}
