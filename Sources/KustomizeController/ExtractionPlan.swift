import Archive


/// What extracting an archive will write, decided from its entries alone: every name is
/// cleaned and checked here, so that the file system step only carries the plan out.
///
/// Rules (Flux's `fluxcd/pkg/tar` plus symlinks): a name may not be absolute, contain a
/// backslash, or climb out with `..`; only directories, regular files and symlinks are
/// accepted; a symlink's target must be relative and, resolved from the link's directory,
/// stay inside (checked again on disk once every link exists, see `apply`); the sizes of
/// regular files may not add up to more than `maxSize` (negative: no limit).
struct ExtractionPlan: Equatable {
    enum Step: Equatable {
        case directory(path: String)
        case file(path: String, mode: Int, contents: [UInt8])
        case symlink(path: String, target: String)
    }

    /// Directories and files in archive order, then symlinks: nothing is written after a
    /// symlink exists, so no write can follow one.
    var steps: [Step]

    init(entries: [TarEntry], maxSize: Int64) throws(ArtifactFetchError) {
        var contents: [Step] = [], links: [Step] = []
        var total: Int64 = 0
        for entry in entries {
            guard let components = Self.clean(entry.path) else {
                if entry.path.contains("\\") { throw .extract("entry '\(entry.path)' has an invalid name") }
                throw .extract("entry '\(entry.path)' escapes the target directory")
            }
            let path = components.joined(separator: "/")
            switch entry.kind {
            case .directory:
                if !path.isEmpty { contents.append(.directory(path: path)) }
            case .file:
                guard !path.isEmpty else { throw .extract("entry '\(entry.path)' has an invalid name") }
                total += Int64(entry.contents.count)
                if maxSize >= 0 && total > maxSize {
                    throw .extract("artifact exceeds the maximum extracted size of \(maxSize) bytes (at entry '\(entry.path)')")
                }
                contents.append(.file(path: path, mode: entry.mode & 0o111 != 0 ? 0o755 : 0o644, contents: entry.contents))
            case .symlink:
                guard !path.isEmpty else { throw .extract("entry '\(entry.path)' has an invalid name") }
                let target = entry.linkTarget
                let parent = Array(components.dropLast())
                guard !target.isEmpty, !target.hasPrefix("/"), Self.clean(target, from: parent) != nil else {
                    throw .extract("symlink '\(entry.path)' -> '\(target)' escapes the target directory")
                }
                links.append(.symlink(path: path, target: target))
            case .other(let flag):
                let type = flag == UInt8(ascii: "1") ? "hard link" : "type '\(Character(Unicode.Scalar(flag)))'"
                throw .extract("entry '\(entry.path)' has an unsupported type (\(type))")
            }
        }
        steps = contents + links
    }

    /// The components of `name` relative to the root, resolving `.` and `..` lexically from
    /// `base`; nil when it is absolute, holds a backslash or climbs above the root.
    static func clean(_ name: String, from base: [String] = []) -> [String]? {
        name.contains("\\") ? nil : RelativePath.components(name, from: base)
    }
}
