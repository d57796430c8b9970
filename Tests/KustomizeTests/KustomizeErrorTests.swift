import Foundation
import Testing
@testable import Kustomize

/// Each failure names the file (and line for YAML) and the field at fault.
@Suite struct KustomizeErrorTests {
    /// Writes `files` (relative path → content) into a fresh directory and returns it.
    static func tree(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-kustomize-\(UUID().uuidString)").path
        for (path, content) in files {
            let full = dir + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try content.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return dir
    }

    static func failure(_ files: [String: String], root: String = "") throws -> KustomizeError? {
        let dir = try tree(files)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            _ = try Kustomize.build(directory: root.isEmpty ? dir : dir + "/" + root)
            return nil
        } catch let error as KustomizeError {
            return error
        }
    }

    @Test func malformedYAMLNamesFileAndLine() throws {
        let error = try Self.failure([
            "kustomization.yaml": "resources: [svc.yaml]\n",
            "svc.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  labels:\n    a: b\n    - c\n",
        ])
        guard case .malformedYAML(let file, let line, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(file.hasSuffix("svc.yaml"))
        #expect(line == 7)
    }

    @Test func unknownField() throws {
        let error = try Self.failure(["kustomization.yaml": "namespace: x\nresourcez: [a.yaml]\n"])
        guard case .unknownField(_, let line, let field) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(field == "resourcez")
        #expect(line == 2)
    }

    @Test func missingResource() throws {
        let error = try Self.failure(["kustomization.yaml": "resources: [nope.yaml]\n"])
        guard case .missingResource(_, let field, let path) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(field == "resources")
        #expect(path.hasSuffix("nope.yaml"))
    }

    @Test func cycleBetweenKustomizations() throws {
        let error = try Self.failure([
            "a/kustomization.yaml": "resources: [../b]\n",
            "b/kustomization.yaml": "resources: [../a]\n",
        ], root: "a")
        guard case .cycle = error else { Issue.record("got \(String(describing: error))"); return }
    }

    @Test func loadRestriction() throws {
        let error = try Self.failure([
            "app/kustomization.yaml": "resources: [../outside.yaml]\n",
            "outside.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
        ], root: "app")
        guard case .loadRestriction(_, let field, _, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(field == "resources")
    }

    @Test func conflictingGeneratorNames() throws {
        let error = try Self.failure([
            "kustomization.yaml": "configMapGenerator:\n- name: x\n  literals: [a=b]\n- name: x\n  literals: [c=d]\n",
        ])
        guard case .conflict(_, let field, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(field == "configMapGenerator")
    }

    @Test func patchWithoutTarget() throws {
        let error = try Self.failure([
            "kustomization.yaml": "resources: [cm.yaml]\npatches:\n- path: p.yaml\n",
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n",
            "p.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  a: b\n",
        ])
        guard case .patchTargetMissing(_, let field, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(field == "patches")
    }

    @Test func outOfScopeFeaturesSayWhy() throws {
        let helm = try Self.failure(["kustomization.yaml": "helmCharts:\n- name: x\n"])
        guard case .unsupported(_, "helmCharts", _) = helm else { Issue.record("got \(String(describing: helm))"); return }
        let remote = try Self.failure(["kustomization.yaml": "resources:\n- https://example.org/files/install.yaml\n"])
        guard case .unsupported(_, "resources", _) = remote else { Issue.record("got \(String(describing: remote))"); return }
    }

    @Test func deprecatedFieldsWarn() throws {
        let dir = try Self.tree(["kustomization.yaml": "commonLabels: {a: b}\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let box = WarningBox()
        _ = try Kustomize.build(directory: dir, options: .init(warningHandler: { box.append($0) }))
        #expect(box.messages == ["# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically."])
    }
}

final class WarningBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ s: String) { lock.lock(); stored.append(s); lock.unlock() }
    var messages: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}
