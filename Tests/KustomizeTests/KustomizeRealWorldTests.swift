import Foundation
import FerryTesting
import Testing
@testable import Kustomize

/// Differential tests on trees shaped like public kustomize repositories (kubeflow/manifests,
/// istio installs, cert-manager, kube-prometheus, argo-cd): each case under
/// `Fixtures/realworld/<case>/` is built by Ferry and by `kubectl kustomize` (kustomize v5.5)
/// and must give the same YAML documents, in the same order. The fixtures are written for
/// Ferry; they reproduce the structures those repositories use, not their files.
@Suite struct KustomizeRealWorldTests {
    static var realWorld: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/realworld")
    }

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: realWorld.path)) ?? []).filter {
            Loader.isDirectory(realWorld.appendingPathComponent($0).path)
        }.sorted()
    }

    /// One build's documents, or its failure.
    enum Outcome: Equatable {
        case documents([String])
        case failed
    }

    static func documents(_ text: String) -> [String] {
        text.components(separatedBy: "\n---\n").map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }
    }

    static func ferry(_ dir: String) -> (Outcome, String) {
        do {
            let text = try Kustomize.buildYAML(directory: dir)
            return (.documents(documents(text)), text)
        } catch {
            return (.failed, "\(error)")
        }
    }

    static func kubectl(_ dir: String) async -> (Outcome, String) {
        do {
            let text = try await LocalControlPlane.run("/usr/bin/kubectl", ["kustomize", dir])
            return (.documents(documents(text)), text)
        } catch {
            return (.failed, "\(error)")
        }
    }

    /// Builds `case` both ways; records a difference naming the first document that differs.
    @discardableResult
    static func compare(_ name: String) async -> String {
        let dir = realWorld.appendingPathComponent(name).path
        let (mine, mineText) = ferry(dir)
        let (theirs, theirText) = await kubectl(dir)
        switch (mine, theirs) {
        case (.documents(let a), .documents(let b)):
            #expect(a.count == b.count, "\(name): Ferry printed \(a.count) documents, kubectl kustomize \(b.count)")
            for (i, (x, y)) in zip(a, b).enumerated() where x != y {
                Issue.record("\(name): document \(i + 1) differs.\nFerry:\n\(x)\nkubectl kustomize:\n\(y)")
                break
            }
        case (.failed, .failed):
            break
        default:
            Issue.record("\(name): Ferry: \(mineText.prefix(400))\nkubectl kustomize: \(theirText.prefix(400))")
        }
        return mineText
    }

    @Test(arguments: cases)
    func sameDocumentsAsKubectlKustomize(_ name: String) async {
        await Self.compare(name)
    }

    @Test func thereAreRealWorldCases() {
        #expect(Self.cases.count >= 8)
    }

    // MARK: The classes of difference found on real repositories, one test each.

    /// Empty maps: `data: {}` of an empty Secret generator and a `{}` left behind by a
    /// deleting patch stay; `metadata.annotations: {}` goes, as kustomize drops it.
    @Test func emptyMapsAsKustomizeKeepsThem() async {
        let text = await Self.compare("empty-maps")
        #expect(text.contains("data: {}\nkind: Secret"))
        #expect(text.contains("      annotations: {}\n"))
        #expect(!text.contains("metadata:\n  annotations: {}"))
    }

    /// `field: null` in a strategic merge patch deletes the field, also inside a value the
    /// patch adds; in `patchesStrategicMerge` documents labels and annotations are strings.
    @Test func nullsInStrategicMergePatchesDelete() async {
        let text = await Self.compare("smp-nulls")
        #expect(!text.contains("replicas:"))
        #expect(!text.contains("loadBalancerIP"))
        #expect(!text.contains("valueFrom"))
        #expect(text.contains("version: \"null\""))
    }

    /// A JSON 6902 `replace` of a key missing from an existing object sets it.
    @Test func jsonPatchReplaceOfAMissingKeyAdds() async {
        let text = await Self.compare("json6902-replace-missing")
        #expect(text.contains("hostNetwork: true"))
        #expect(text.contains("dnsPolicy: ClusterFirstWithHostNet"))
    }

    /// Generator behaviors other than create/merge/replace (`Create`, "", `unspecified`) act as create.
    @Test func generatorBehaviorSpellingsActAsCreate() async {
        let text = await Self.compare("generator-behavior-spellings")
        #expect(text.contains("name: ui-config-"))
        #expect(text.contains("name: cache-config-"))
        #expect(text.contains("LOG_LEVEL: debug"))
    }
}
