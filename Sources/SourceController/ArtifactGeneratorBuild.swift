import FerryAPI
import Foundation

/// Stages one `spec.artifacts[]` entry of an ArtifactGenerator: its copy operations carried
/// out, in order, from the sources' extracted trees into an empty staging directory, which is
/// then archived (reproducibly, by ``Archiver``: the same files give the same digest, so an
/// artifact whose content did not change keeps its revision).
///
/// Copy semantics, as source-watcher's builder (`cp`-like):
/// - `from: @alias/<path>` without glob characters names one file or directory. A file goes to
///   `to`, or into it when `to` ends with `/` or is a directory already staged; a directory
///   goes, with everything below it, to `<to>/<its name>` (`@alias/.` copies the source's root
///   into `to`).
/// - `from: @alias/<glob>` copies every match — a matched directory with everything below it —
///   to `<to>/<match path>`; a glob ending in `/**` copies what is below its prefix
///   (`@repo/apps/a/**` → `to/<path below apps/a>`). Nothing matching is an error.
/// - `exclude` globs drop files and whole directories: matched against the path in the source
///   and against the path below the glob's literal prefix; a pattern without `/` also against
///   the file name (`*.md` anywhere).
/// - `Overwrite` (default) replaces a staged file; `Merge` deep-merges YAML into a staged file
///   (maps merged key by key, the later value winning; lists replaced — Helm's values merge);
///   `Extract` unpacks matched `.tar.gz`/`.tgz` files into `to` (other matches are skipped; a
///   directory named without a glob is an error).
///
/// Every failure is a ``Failure`` naming the operation; nothing is written outside the
/// staging directory (destinations with `..` or absolute are refused before anything runs).
struct ArtifactGeneratorBuild {
    /// alias → the absolute directory its artifact was extracted into.
    var sources: [String: String]
    /// Each source's listing, walked once for all the artifacts staged from it: a monorepo of
    /// 1,000 apps cut into 1,000 artifacts would otherwise walk the whole tree 1,000 times.
    private let trees = TreeCache()

    init(sources: [String: String]) { self.sources = sources }

    private final class TreeCache {
        var trees: [String: SourceTree] = [:]
    }

    private func tree(_ root: String) throws(Failure) -> SourceTree {
        if let tree = trees.trees[root] { return tree }
        let tree = try SourceTree(root: root)
        trees.trees[root] = tree
        return tree
    }

    struct Failure: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// Carries out `artifact.copy` into `staging` (an existing, empty directory).
    func stage(_ artifact: OutputArtifact, into staging: String) throws(Failure) {
        for operation in artifact.copy {
            do throws(Failure) {
                let parsed = try CopyOperationSpec(operation)
                guard let root = sources[parsed.alias] else {
                    throw Failure(description: "source alias '\(parsed.alias)' not found")
                }
                let steps = try CopyPlan.steps(for: parsed, source: tree(root)) { path in
                    Self.isDirectory(staging + "/" + path.joined(separator: "/"))
                }
                try CopyPlan.apply(steps, sourceRoot: root, staging: staging, merge: parsed.strategy == ArtifactGenerator.strategyMerge)
            } catch {
                throw Failure(description: "copy from '\(operation.from)' to '\(operation.to)' failed: \(error.description)")
            }
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// A copy operation with its fields checked and split: what the planner works from.
struct CopyOperationSpec: Equatable {
    var alias: String
    /// The path or glob inside the source (`""` for its root).
    var pattern: String
    /// Components of the destination below the artifact's root.
    var destination: [String]
    /// `to` ends with `/`: a directory.
    var destinationIsDirectory: Bool
    var excludes: [ArtifactGlob]
    var strategy: String

    init(_ operation: CopyOperation) throws(ArtifactGeneratorBuild.Failure) {
        guard operation.from.hasPrefix("@"), let slash = operation.from.firstIndex(of: "/") else {
            throw .init(description: "source must have the form '@alias/pattern'")
        }
        alias = String(operation.from[operation.from.index(after: operation.from.startIndex)..<slash])
        pattern = String(operation.from[operation.from.index(after: slash)...])
        guard !alias.isEmpty else { throw .init(description: "source must have the form '@alias/pattern'") }
        guard !pattern.split(separator: "/").contains("..") else {
            throw .init(description: "source pattern must not contain '..'")
        }
        let prefix = "@artifact/"
        guard operation.to.hasPrefix(prefix) || operation.to == "@artifact" else {
            throw .init(description: "destination must start with '@artifact/'")
        }
        let rest = operation.to.dropFirst(min(prefix.count, operation.to.count))
        let parts = rest.split(separator: "/").map(String.init).filter { $0 != "." }
        guard !parts.contains("..") else { throw .init(description: "destination path must not contain '..'") }
        destination = parts
        destinationIsDirectory = operation.to.hasSuffix("/")
        do throws(ArtifactGlob.Invalid) {
            excludes = try (operation.exclude ?? []).map { pattern throws(ArtifactGlob.Invalid) in try ArtifactGlob(pattern) }
        } catch {
            throw .init(description: "invalid exclude: \(error.description)")
        }
        strategy = operation.strategy ?? ArtifactGenerator.strategyOverwrite
        let strategies = [ArtifactGenerator.strategyOverwrite, ArtifactGenerator.strategyMerge, ArtifactGenerator.strategyExtract]
        guard strategies.contains(strategy) else {
            throw .init(description: "strategy '\(strategy)' must be one of \(strategies.joined(separator: ", "))")
        }
    }
}
