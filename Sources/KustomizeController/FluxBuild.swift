import FerryAPI
import Foundation
import Kustomize
import Manifests

/// Flux's build of a Kustomization's `spec.path` (kustomize-controller's `generate` +
/// `fluxcd/pkg/kustomize` `SecureBuild`), on the native Kustomize engine.
public enum FluxBuild {
    /// Builds `path` (relative to `root`, the extracted artifact; it must exist and stay
    /// inside root) the way kustomize-controller does:
    ///
    /// 1. `path` is taken relative to `root` (a leading `/` too, as Flux's secure join
    ///    does); one that climbs out with `..` or through a symlink is refused.
    /// 2. A directory without a kustomization file gets a generated `kustomization.yaml`
    ///    listing its YAML files and sub-directories (see `generatedKustomization`).
    /// 3. The options are merged into the kustomization (see `merge`), which is written back
    ///    **in place**, as JSON: the file found (or `kustomization.yaml`) in `root/path` is
    ///    overwritten. `root` must therefore be a throwaway copy, such as the directory
    ///    `ArtifactFetcher` extracted into.
    /// 4. The build runs with no load restriction between kustomizations but with nothing
    ///    outside `root` readable (`SecureBuild`); builtin generators and transformers only.
    /// 5. Every object must have an apiVersion, kind and name.
    ///
    /// `commonMetadata` is not set here: Flux sets it at apply time, after postBuild
    /// substitution (so a `${var}` in it stays literal); callers use ``setCommonMetadata(_:on:)``.
    ///
    /// Returns the objects in kustomize's output order. Throws `FluxBuildError` whose
    /// message names the file (relative to `root`) and the cause.
    public static func build(root: String, path: String, options: FluxBuildOptions) throws -> [JSONValue] {
        let canonicalRoot = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
        let roots = [root, canonicalRoot, URL(fileURLWithPath: root).standardizedFileURL.path]
        func relative(_ message: String) -> String { FluxBuildError.relative(message, roots: roots) }

        let dir = try directory(root: canonicalRoot, path: path)
        do {
            try writeKustomization(in: dir, root: canonicalRoot, options: options)
        } catch let error as FluxBuildError {
            throw FluxBuildError(error.kind, relative(error.description))
        } catch {
            throw FluxBuildError(.generate, relative("failed to generate kustomization.yaml: \(error)"))
        }
        let resources: [Resource]
        do {
            var buildOptions = Kustomize.Options(loadRestrictor: .none, fileSystemRoot: canonicalRoot)
            buildOptions.allowRemoteBases = options.allowRemoteBases
            buildOptions.fileContents = options.fileContents
            resources = try Kustomize.build(directory: dir, options: buildOptions)
        } catch {
            throw FluxBuildError(.build, relative("kustomize build failed: \(error)"))
        }
        let objects = resources.map(\.object)
        for object in objects where object["apiVersion"]?.stringValue?.isEmpty ?? true {
            let kind = object["kind"]?.stringValue ?? "", name = object[path: "metadata", "name"]?.stringValue ?? ""
            throw FluxBuildError(.build, "failed to decode Kubernetes apiVersion, kind and name from: \(kind)/\(name) (no apiVersion)")
        }
        return objects
    }

    /// The absolute, canonical directory of `path` inside `root`, or the error Flux gives.
    static func directory(root: String, path: String) throws(FluxBuildError) -> String {
        guard let components = ExtractionPlan.clean(path.hasPrefix("/") ? String(path.drop { $0 == "/" }) : path) else {
            throw FluxBuildError(.path, "kustomization path '\(path)' escapes the source artifact")
        }
        let shown = components.isEmpty ? "." : components.joined(separator: "/")
        let joined = components.isEmpty ? root : root + "/" + components.joined(separator: "/")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: joined, isDirectory: &isDirectory) else {
            throw FluxBuildError(.path, "kustomization path not found: stat \(shown): no such file or directory")
        }
        let canonical = URL(fileURLWithPath: joined).resolvingSymlinksInPath().path
        guard canonical == root || canonical.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw FluxBuildError(.path, "kustomization path '\(path)' escapes the source artifact")
        }
        guard isDirectory.boolValue else {
            throw FluxBuildError(.path, "kustomization path '\(shown)' is not a directory")
        }
        return canonical
    }

    /// Generates (when missing) and merges the kustomization file of `dir`; returns its path.
    @discardableResult
    static func writeKustomization(in dir: String, root: String, options: FluxBuildOptions) throws -> String {
        let existing = Kustomize.kustomizationFileNames.map { dir + "/" + $0 }.first { file in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        let fields: JSONObject
        let kfile: String
        if let existing {
            do {
                fields = try Kustomize.kustomizationFields(file: existing)
            } catch {
                throw FluxBuildError(.generate, "failed to read kustomization: \(error)")
            }
            kfile = existing
        } else {
            fields = try generatedKustomization(for: dir, root: root)
            kfile = dir + "/kustomization.yaml"
        }
        let merged = try merge(fields, options: options) { component in
            FileManager.default.fileExists(atPath: dir + "/" + component)
        }
        // JSON is YAML that every reader reads the same: no scalar can change type on the way.
        let text = JSONValue.object(merged).prettyJSONString() + "\n"
        do {
            // Replace, never write through: the file may be a symlink (kept inside root by the
            // extraction, but there is no reason to touch its target).
            try? FileManager.default.removeItem(atPath: kfile)
            try Data(text.utf8).write(to: URL(fileURLWithPath: kfile))
        } catch {
            throw FluxBuildError(.generate, "failed to write \(kfile): \(error.localizedDescription)")
        }
        return kfile
    }
}
