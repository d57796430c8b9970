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
