import Foundation

/// Flux's exclusion rules for artifacts (`fluxcd/pkg/sourceignore`).
///
/// The VCS patterns always apply. The other defaults apply only when the repository has no
/// `.sourceignore` rules and the spec has no `ignore`: as in Flux's `SourceIgnoreFilter`, any
/// user pattern replaces them.
public enum SourceIgnore {
    public static let fileName = ".sourceignore"
    public static let vcsPatterns = [".git/", ".gitignore", ".gitmodules", ".gitattributes"]
    public static let defaultPatterns = [
        "*.jpg", "*.jpeg", "*.gif", "*.png", "*.wmv", "*.flv", "*.tar.gz", "*.zip",
        ".github/", ".circleci/", ".travis.yml", ".gitlab-ci.yml", "appveyor.yml", ".drone.yml",
        "cloudbuild.yaml", "codeship-services.yml", "codeship-steps.yml",
        "**/.goreleaser.yml", "**/.sops.yaml", "**/.flux.yaml",
    ]

    /// The matcher for an archive: VCS patterns, then either the defaults or the user's patterns
    /// (`.sourceignore` files, outermost first, then `spec.ignore`).
    public static func matcher(sourceIgnorePatterns: [IgnorePattern], specIgnore: String?) -> IgnoreMatcher {
        let vcs = vcsPatterns.compactMap { IgnorePattern($0) }
        var user = sourceIgnorePatterns
        if let specIgnore { user += IgnoreMatcher.parse(specIgnore) }
        if user.isEmpty { return IgnoreMatcher(patterns: vcs + defaultPatterns.compactMap { IgnorePattern($0) }) }
        return IgnoreMatcher(patterns: vcs + user)
    }

    /// Reads `.sourceignore` files at any depth below `root` (not inside `.git`), each scoped to its
    /// directory, in the order Flux reads them: a directory's own file, then its subdirectories by name.
    public static func loadPatterns(root: String) throws -> [IgnorePattern] {
        try loadPatterns(root: root, domain: [])
    }

    private static func loadPatterns(root: String, domain: [String]) throws -> [IgnorePattern] {
        let fm = FileManager.default
        let dir = domain.isEmpty ? root : root + "/" + domain.joined(separator: "/")
        var patterns: [IgnorePattern] = []
        if let data = fm.contents(atPath: dir + "/" + fileName) {
            patterns += IgnoreMatcher.parse(String(decoding: data, as: UTF8.self), domain: domain)
        }
        for name in try fm.contentsOfDirectory(atPath: dir).sorted() where name != ".git" {
            var isDir: ObjCBool = false
            let path = dir + "/" + name
            // Do not follow symlinks: attributesOfItem does not, so a link to a directory is skipped.
            guard fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue,
                  (try? fm.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeDirectory else { continue }
            patterns += try loadPatterns(root: root, domain: domain + [name])
        }
        return patterns
    }
}
