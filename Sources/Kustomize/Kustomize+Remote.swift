import Foundation

/// Remote bases and components in the build: an entry that names no local file or directory
/// and reads as a remote target (see `RemoteSpec`) is cloned and built like a local base.
///
/// Confinement, as kustomize's loader for a clone: the base's kustomization and everything it
/// reads resolve inside the clone, and nothing outside the repository root may be read (a
/// `../../x` or a symlink that leaves the clone fails with `KustomizeError.loadRestriction`).
/// The build's own `fileSystemRoot` does not apply inside a clone, which lives in a temporary
/// directory; the clone's root takes its place.
extension Builder {
    /// Why a remote entry is refused when ``Kustomize/Options/allowRemoteBases`` is false;
    /// worded after Flux's `--no-remote-bases`.
    static let remoteBasesDisabled = "remote bases are disabled (--no-remote-bases): remote resources are not allowed"

    /// The directory of the kustomization a remote `entry` names, and the root of its clone.
    mutating func remoteDirectory(_ entry: String, field: String, k: Kustomization) throws -> (dir: String, root: String) {
        guard options.allowRemoteBases else {
            throw KustomizeError.remote(file: k.file, field: field, url: RemoteSpec.redact(entry), reason: Builder.remoteBasesDisabled)
        }
        let spec: RemoteSpec
        do {
            spec = try RemoteSpec.parse(entry)
        } catch let error as RemoteSpec.ParseError {
            throw KustomizeError.remote(file: k.file, field: field, url: RemoteSpec.redact(entry), reason: error.reason)
        }
        if Builder.isPlainHTTPFile(spec) {
            throw KustomizeError.unsupported(file: k.file, field: field,
                                             reason: "remote files over HTTP are not supported: \(spec.display); copy the file into the repository")
        }
        let root = try fetcher.fetch(spec, kfile: k.file, field: field)
        let dir = Loader.canonical(spec.path.isEmpty ? root : root + "/" + spec.path)
        guard Loader.isInside(dir, root) else {
            throw KustomizeError.loadRestriction(file: k.file, field: field, path: spec.path, root: spec.display)
        }
        guard Loader.isDirectory(dir) else {
            throw KustomizeError.remote(file: k.file, field: field, url: spec.display,
                                        reason: "no directory \(spec.path.isEmpty ? "." : spec.path) in the repository")
        }
        return (dir, root)
    }

    /// kustomize fetches an `http(s)://` entry as a single file before it tries Git; Ferry
    /// treats as such a file an HTTP URL that names a YAML or JSON file and nothing Git-like
    /// (no `.git`, `//` root separator, `_git/` or ref).
    static func isPlainHTTPFile(_ spec: RemoteSpec) -> Bool {
        let lower = spec.raw.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return false }
        let path = lower.split(separator: "?", maxSplits: 1).first.map(String.init) ?? lower
        let afterScheme = path.components(separatedBy: "://").dropFirst().joined(separator: "://")
        if afterScheme.contains("//") || path.contains(".git") || path.contains("_git/") || !spec.ref.isEmpty { return false }
        return [".yaml", ".yml", ".json"].contains { path.hasSuffix($0) }
    }

    /// Runs `body` with the file system confined to `root` (a clone), restoring the build's
    /// own confinement afterwards.
    mutating func withFileSystemRoot(_ root: String, _ body: (inout Builder) throws -> Void) throws {
        let saved = options.fileSystemRoot
        options.fileSystemRoot = root
        defer { options.fileSystemRoot = saved }
        try body(&self)
    }
}
