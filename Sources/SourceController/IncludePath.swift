import Archive
import FerryAPI

/// Where the files of an included artifact go, as a pure mapping of archive paths.
///
/// `fromPath` selects a directory of the included artifact (all of it when empty); `toPath`
/// (default: the included repository's name) is where it lands in this one. Both are cleaned like
/// a path joined under a root (as Flux's securejoin does): `..` cannot climb above the root.
public struct IncludeMapping: Hashable, Sendable {
    public var from: [String]
    public var to: [String]

    public init(_ include: GitRepositoryInclude) {
        from = Self.clean(include.fromPath ?? "")
        // An explicit `toPath` that cleans to nothing (`.`, `/`) is the root, as securejoin makes it.
        if let toPath = include.toPath, !toPath.isEmpty { to = Self.clean(toPath) } else { to = Self.clean(include.repository.name) }
    }

    /// The destination of an entry of the included artifact, nil when it is outside `fromPath`.
    public func destination(of entryPath: String) -> String? {
        let path = Self.clean(entryPath)
        guard path.count >= from.count, Array(path.prefix(from.count)) == from else { return nil }
        let result = to + path.dropFirst(from.count)
        return result.isEmpty ? nil : result.joined(separator: "/")
    }

    /// `toPath` as a relative path (where the include's root lands); empty for the root.
    public var destinationRoot: String { to.joined(separator: "/") }

    /// Components of `path` with `.`, empty and root-escaping `..` components removed.
    public static func clean(_ path: String) -> [String] {
        var out: [String] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !out.isEmpty { out.removeLast() }
            default: out.append(String(part))
            }
        }
        return out
    }
}

/// What copying an included artifact writes, decided from the mapping and the artifact's entries
/// alone (the IO half, ``ArtifactStorage/copy(artifact:mapping:into:)``, only carries it out, with
/// every path checked on disk by ``SafePath``).
///
/// Fails when an entry's name leaves the artifact, or when `fromPath` runs through a symlink of
/// the included artifact (its files are not below the link in the artifact, and following the
/// link is what a hostile include would want).
struct IncludePlan: Equatable {
    enum Step: Equatable {
        case directory([String])
        case file([String], contents: [UInt8], executable: Bool)
        case symlink([String], target: String)
    }

    /// Replaced as a whole before the steps run, unless it is the root (empty: the include overlays).
    var destinationRoot: [String]
    /// Directories and files in archive order, then the symlinks: no write follows a link made here.
    var steps: [Step]

    init(mapping: IncludeMapping, entries: [TarEntry]) throws(SafePath.Violation) {
        destinationRoot = mapping.to
        var contents: [Step] = [], links: [Step] = []
        for entry in entries {
            guard let components = RelativePath.components(entry.path), !components.isEmpty else {
                throw SafePath.Violation(path: entry.path, why: "leaves the included artifact")
            }
            if entry.kind == .symlink, !mapping.from.isEmpty, components.count <= mapping.from.count,
               Array(mapping.from.prefix(components.count)) == components {
                throw SafePath.Violation(path: mapping.from.joined(separator: "/"),
                                         why: "passes through symlink '\(components.joined(separator: "/"))' of the included artifact")
            }
            guard let destination = mapping.destination(of: entry.path) else { continue }
            let target = destination.split(separator: "/").map(String.init)
            switch entry.kind {
            case .directory: contents.append(.directory(target))
            case .file: contents.append(.file(target, contents: entry.contents, executable: entry.mode & 0o111 != 0))
            case .symlink: links.append(.symlink(target, target: entry.linkTarget))
            case .other: continue   // the archiver writes none
            }
        }
        steps = contents + links
    }
}
