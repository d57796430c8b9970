import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The content layer of a Flux artifact, built from a local directory or file the way
/// `flux build artifact` / `flux push artifact` build it, through Ferry's one reproducible
/// ``Archiver``: the same files always give the same bytes, so the same digest (sorted entries,
/// mode 0644/0755, owner 0:0 without names, mtime 0, a gzip header without name or time).
///
/// What is left out: Git's own files always (`.git/`, `.gitignore`, `.gitmodules`,
/// `.gitattributes`), the `.sourceignore` rules found in the tree (scoped to their directories),
/// and the `ignorePaths` patterns (`.gitignore` syntax) — by default Flux's `--ignore-paths`
/// default, the VCS files and archives/images (`*.jpg`, `*.tar.gz`, `*.zip`, …). Symbolic links
/// that stay inside the tree are stored as links; one that leaves it fails the build.
public enum FluxArtifactBuild {
    /// Flux's default `--ignore-paths` (fluxcd/pkg/sourceignore's `ExcludeVCS` and `ExcludeExt`).
    public static let defaultIgnorePaths = SourceIgnore.vcsPatterns
        + ["*.jpg", "*.jpeg", "*.gif", "*.png", "*.wmv", "*.flv", "*.tar.gz", "*.zip"]

    /// Builds the layer of `path` (a directory, or one file, archived under its own name) into
    /// `output` (created or replaced). `ignorePaths` nil means ``defaultIgnorePaths``.
    public static func build(path: String, ignorePaths: [String]? = nil, to output: String) throws(ArchiveError) -> Archiver.Result {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .io("invalid path '\(path)', must point to an existing directory or file")
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            // Written outside the tree first: `--output` may well point inside it (`--path .`),
            // and the archive must not contain itself.
            let temporary = NSTemporaryDirectory() + "ferry-artifact-" + UUID().uuidString + ".tgz"
            defer { try? FileManager.default.removeItem(atPath: temporary) }
            let result = try Archiver.archive(directory: path, to: temporary, matcher: try matcher(root: path, ignorePaths: ignorePaths))
            do {
                if FileManager.default.fileExists(atPath: output) { try FileManager.default.removeItem(atPath: output) }
                try FileManager.default.moveItem(atPath: temporary, toPath: output)
            } catch {
                throw .io("cannot write '\(output)': \(error.localizedDescription)")
            }
            return result
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .io("invalid path '\(path)': not a directory or a regular file") }
        // One file: archived from a directory of its own, so its entry is its base name.
        let staging = NSTemporaryDirectory() + "ferry-artifact-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let name = (path as NSString).lastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            try FileManager.default.copyItem(atPath: path, toPath: staging + "/" + name)
        } catch {
            throw .io("cannot read '\(path)': \(error.localizedDescription)")
        }
        return try Archiver.archive(directory: staging, to: output, matcher: try matcher(root: staging, ignorePaths: ignorePaths))
    }

    /// VCS files, then the tree's `.sourceignore` rules, then `ignorePaths`.
    static func matcher(root: String, ignorePaths: [String]?) throws(ArchiveError) -> IgnoreMatcher {
        let fromTree: [IgnorePattern]
        do { fromTree = try SourceIgnore.loadPatterns(root: root) } catch let error as ArchiveError {
            throw error
        } catch {
            throw .io("reading .sourceignore files: \(error)")
        }
        let user = (ignorePaths ?? defaultIgnorePaths).flatMap { IgnoreMatcher.parse($0) }
        return IgnoreMatcher(patterns: SourceIgnore.vcsPatterns.compactMap { IgnorePattern($0) } + fromTree + user)
    }
}
