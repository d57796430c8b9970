import Foundation
import GoTemplate
import Sprig
import Testing
@testable import Helm

/// GoYAML over every values file of the Helm corpus (`../shared/corpus/helm`): each reads,
/// `toYaml` of it reads back to the same values, and toYaml snippets Helm printed for the
/// real-world charts come out byte for byte.
@Suite struct GoYAMLCorpusTests {
    static var corpus: URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for candidate in [root.appendingPathComponent("../shared/corpus/helm").standardizedFileURL,
                          URL(fileURLWithPath: "/work/shared/corpus/helm")]
        where FileManager.default.fileExists(atPath: candidate.path) {
            return candidate
        }
        return nil
    }

    static func valuesFiles() -> [URL] {
        guard let corpus, let walker = FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil) else {
            return []
        }
        return walker.compactMap { $0 as? URL }.filter { $0.lastPathComponent == "values.yaml" && !$0.path.contains("/templates/") }
    }

    @Test func everyValuesFileRoundTripsThroughToYaml() throws {
        let files = Self.valuesFiles()
        try #require(!files.isEmpty, "the Helm corpus is not available")
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            do {
                let values = try GoYAML.unmarshal(text)
                let yaml = try GoYAML.marshal(values)
                let again = try GoYAML.unmarshal(yaml)
                #expect(try GoJSON.marshal(again) == GoJSON.marshal(values), "\(file.path)")
            } catch {
                Issue.record("\(file.path): \(error.message)")
            }
        }
    }

    /// real-podinfo: `resources:` then `{{ toYaml .Values.resources | indent 12 }}`.
    @Test func podinfoResources() throws {
        let corpus = try #require(Self.corpus)
        let text = try String(contentsOf: corpus.appendingPathComponent("real-podinfo/chart/values.yaml"), encoding: .utf8)
        let resources = try #require(try GoYAML.unmarshal(text).mapValue?["resources"])
        #expect(try GoYAML.marshal(resources) == "limits: null\nrequests:\n  cpu: 1m\n  memory: 16Mi\n")
    }

    /// A large values tree is written in one pass over one buffer; this guards against
    /// accidental quadratic behaviour (it would take minutes, not milliseconds).
    @Test func largeValuesStayLinear() throws {
        var items: [GoValue] = []
        for i in 0..<20_000 {
            items.append(.dict(["name": .string("item-\(i)"), "port": .float(Double(i)),
                                "labels": .dict(["app": .string("x"), "tier": .string("backend service \(i)")])]))
        }
        let yaml = try GoYAML.marshal(.dict(["items": .array(items)]))
        let back = try GoYAML.unmarshal(yaml)
        #expect(back.mapValue?["items"]?.listValue?.items.count == 20_000)
    }
}
