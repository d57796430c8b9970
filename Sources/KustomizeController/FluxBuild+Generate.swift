import Foundation
import Kustomize
import Manifests

extension FluxBuild {
    /// The kustomization Flux's generator writes for a directory without one: `resources`
    /// lists, in lexical walk order,
    /// - every sub-directory that holds a kustomization file (not descended into), and
    /// - every `.yaml`/`.yml` file below `dir` elsewhere, each of which must decode as
    ///   Kubernetes objects (a mapping with kind and metadata.name per document; empty
    ///   documents are fine) — any other YAML, a Helm values file say, fails the build
    ///   naming the file, as Flux does.
    /// Other files (README.md, .json, scripts) are not listed. Entries are `./`-relative to
    /// `dir`. A symlink is listed only when it is a YAML file resolving inside `root`; a
    /// symlinked directory is not walked (Go's `filepath.Walk` does not follow them).
    static func generatedKustomization(for dir: String, root: String) throws(FluxBuildError) -> JSONObject {
        var resources: [JSONValue] = []
        try walk(dir, relative: "", root: root, into: &resources)
        return [
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "resources": .array(resources),
        ]
    }

    static func walk(_ dir: String, relative: String, root: String, into resources: inout [JSONValue]) throws(FluxBuildError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        } catch {
            throw FluxBuildError(.generate, "failed to generate kustomization.yaml: cannot read \(dir): \(error.localizedDescription)")
        }
        for name in names {
            let path = dir + "/" + name
            let entry = relative.isEmpty ? name : relative + "/" + name
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let type = attributes?[.type] as? FileAttributeType
            if type == .typeDirectory {
                let hasKustomization = Kustomize.kustomizationFileNames.contains { file in
                    var isDirectory: ObjCBool = false
                    return FileManager.default.fileExists(atPath: path + "/" + file, isDirectory: &isDirectory) && !isDirectory.boolValue
                }
                if hasKustomization {
                    resources.append(.string("./" + entry))
                } else {
                    try walk(path, relative: entry, root: root, into: &resources)
                }
                continue
            }
            guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard resolved.hasPrefix(root + "/") else {
                throw FluxBuildError(.generate, "failed to generate kustomization.yaml: \(path) resolves outside the source artifact")
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: resolved) else { continue }
            do {
                _ = try Kustomize.resources(fromYAML: String(decoding: data, as: UTF8.self), file: path)
            } catch {
                throw FluxBuildError(.generate, "failed to decode Kubernetes YAML: \(error)")
            }
            resources.append(.string("./" + entry))
        }
    }
}
