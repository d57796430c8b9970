import Foundation
import Testing
@testable import Kustomize

/// `Options.fileSystemRoot` (Flux's SecureBuild): kustomizations inside the root may read
/// each other's files freely (`loadRestrictor: .none`), but nothing outside the root is read —
/// not a base, a component, a file, nor a symlink's target.
@Suite struct KustomizeFileSystemRootTests {
    static let configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n"

    static func failure(_ dir: String, options: Kustomize.Options) -> KustomizeError? {
        do {
            _ = try Kustomize.build(directory: dir, options: options)
            return nil
        } catch {
            return error as? KustomizeError
        }
    }

    @Test func nothingOutsideTheRootIsReadWhateverTheReference() throws {
        let dir = try KustomizeErrorTests.tree([
            "root/file/kustomization.yaml": "resources: [../../outside/cm.yaml]\n",
            "root/base/kustomization.yaml": "resources: [../../outside]\n",
            "root/component/kustomization.yaml": "resources: [../shared/cm.yaml]\ncomponents: [../../outside/component]\n",
            "root/link/kustomization.yaml": "resources: [cm.yaml]\n",
            "root/shared/cm.yaml": Self.configMap,
            "root/sibling/kustomization.yaml": "resources: [../shared/cm.yaml]\n",
            "outside/kustomization.yaml": "resources: [cm.yaml]\n",
            "outside/cm.yaml": Self.configMap,
            "outside/component/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/root/link/cm.yaml", withDestinationPath: "../../outside/cm.yaml")
        let root = URL(fileURLWithPath: dir + "/root").resolvingSymlinksInPath().path
        let outside = URL(fileURLWithPath: dir + "/outside").resolvingSymlinksInPath().path
        let options = Kustomize.Options(loadRestrictor: .none, fileSystemRoot: dir + "/root")

        for (name, field, path) in [("file", "resources", outside + "/cm.yaml"), ("base", "resources", outside),
                                    ("component", "components", outside + "/component"), ("link", "resources", outside + "/cm.yaml")] {
            let error = Self.failure(dir + "/root/" + name, options: options)
            #expect(error == .loadRestriction(file: root + "/\(name)/kustomization.yaml", field: field, path: path, root: root), "\(name)")
        }
        // Inside the root, no load restriction applies between kustomizations.
        #expect(try Kustomize.build(directory: dir + "/root/sibling", options: options).map(\.name) == ["cm"])
        // Without a file system root the same build reads outside, as kubectl does.
        #expect(try Kustomize.build(directory: dir + "/root/file", options: Kustomize.Options(loadRestrictor: .none)).map(\.name) == ["cm"])
        // The directory being built must itself be inside.
        #expect(Self.failure(dir + "/outside", options: options) != nil)
    }
}
