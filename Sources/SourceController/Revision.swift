/// Artifact revision strings as RFC-0005 defines them: `[<named pointer>@]<algo>:<hash>`.
public enum Revision {
    /// `<short ref>@sha1:<commit>` for branches and tags, the absolute ref for `name`,
    /// and `sha1:<commit>` for a bare commit. 64-digit ids (SHA-256 repositories) use `sha256:`.
    public static func format(reference: GitReference, refName: String?, commit: String) -> String {
        let digest = (commit.count == 64 ? "sha256:" : "sha1:") + commit
        switch reference {
        case .branch(let b): return "\(b)@\(digest)"
        case .tag, .semver:
            guard let refName else { return digest }
            return "\(refName.dropFirst("refs/tags/".count))@\(digest)"
        case .name(let n): return "\(n)@\(digest)"
        case .commit(_, let b?): return "\(b)@\(digest)"
        case .commit(_, nil): return digest
        }
    }

    /// The commit id in a revision; also reads Flux's legacy `main/<commit>` form.
    public static func commit(of revision: String) -> String? {
        if let at = revision.lastIndex(of: "@") {
            return commit(of: String(revision[revision.index(after: at)...]))
        }
        if let colon = revision.firstIndex(of: ":") {
            let hash = revision[revision.index(after: colon)...]
            return hash.isEmpty ? nil : String(hash)
        }
        if let slash = revision.lastIndex(of: "/") {
            let hash = revision[revision.index(after: slash)...]
            return hash.allSatisfy(\.isHexDigit) && !hash.isEmpty ? String(hash) : nil
        }
        return revision.allSatisfy(\.isHexDigit) && !revision.isEmpty ? revision : nil
    }

    /// Whether two revisions name the same commit under the same pointer (the legacy form compares by commit).
    public static func same(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let legacy = { (s: String) in !s.contains(":") }
        if legacy(a) || legacy(b) { return commit(of: a) != nil && commit(of: a) == commit(of: b) }
        return false
    }
}
