import Foundation
import Manifests
import Testing
@testable import Kustomize

/// A JSON patch cannot grow an object without bound: forty `copy` operations of the object
/// into itself would make 2^40 values, which every later step (serialising, applying) walks.
@Suite struct KustomizeJSONPatchLimitTests {
    static let configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: b\n"

    static func kustomization(copies: Int) -> [String: String] {
        // Appending the list to itself doubles it every time.
        var ops = "- op: add\n  path: /l\n  value: [0]\n"
        for _ in 0..<copies { ops += "- op: copy\n  from: /l\n  path: /l/-\n" }
        return [
            "kustomization.yaml": "resources: [cm.yaml]\npatches:\n- path: grow.yaml\n  target: {kind: ConfigMap}\n",
            "cm.yaml": configMap,
            "grow.yaml": ops,
        ]
    }

    @Test func doublingCopiesFailNamingThePatch() throws {
        let error = try KustomizeErrorTests.failure(Self.kustomization(copies: 40))
        guard case .invalidField(let file, let field, let reason) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(file.hasSuffix("kustomization.yaml"))
        #expect(field == "patches")
        #expect(reason.contains("more than 1000000 values"), "\(reason)")
    }

    @Test func aFewCopiesStillApply() throws {
        let dir = try KustomizeErrorTests.tree(Self.kustomization(copies: 3))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = try Kustomize.buildYAML(directory: dir)
        #expect(output.contains("l:\n- 0\n- - 0\n"), "\(output)")
    }

    @Test func countsEveryValueAndStopsAtTheLimit() throws {
        let doc: JSONValue = ["a": 1, "b": [1, 2, ["c": "d"]]]
        #expect(try JSONPatch.count(doc, limit: 100) == 7)
        #expect(throws: JSONPatch.Failure.self) { try JSONPatch.count(doc, limit: 6) }
    }
}
