/// Paths inside an archive or a checkout, read lexically: the one rule the writer, the
/// extraction and includes share for entry names and symlink targets.
public enum RelativePath {
    /// The components of `path` relative to a root, starting from `base` (a symlink's
    /// directory): empty components and `.` dropped, `..` applied; nil when `path` is absolute
    /// or climbs above the root.
    public static func components(_ path: String, from base: [String] = []) -> [String]? {
        if path.hasPrefix("/") { return nil }
        var out = base
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                if out.isEmpty { return nil }
                out.removeLast()
            default: out.append(String(part))
            }
        }
        return out
    }
}
