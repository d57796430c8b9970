import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// The largest `.sourceignore` file read.
    public static let maxFileSize = 1 << 20

    /// Reads `.sourceignore` files at any depth below `root` (not inside `.git`), each scoped to its
    /// directory, in the order Flux reads them: a directory's own file, then its subdirectories by name.
    ///
    /// Only real directories are entered (lstat: a link to a directory is not followed), to the
    /// archiver's depth and entry bounds. A `.sourceignore` must be a regular file of at most
    /// ``maxFileSize`` bytes, or a symlink to one inside `root`; anything else (a FIFO, a device, a
    /// link out of the checkout, a bigger file) fails with a ``SafePath/Violation`` naming it.
    public static func loadPatterns(root: String) throws -> [IgnorePattern] {
        let realRoot = try Archiver.realPath(root)
        var budget = Archiver.maxEntries
        return try loadPatterns(root: realRoot, domain: [], budget: &budget)
    }

    private static func loadPatterns(root: String, domain: [String], budget: inout Int) throws -> [IgnorePattern] {
        guard domain.count <= Archiver.maxDepth else {
            throw ArchiveError.tooDeep(path: domain.joined(separator: "/"), limit: Archiver.maxDepth)
        }
        let dir = domain.isEmpty ? root : root + "/" + domain.joined(separator: "/")
        var patterns: [IgnorePattern] = []
        if let data = try readIgnoreFile(dir + "/" + fileName, root: root, display: (domain + [fileName]).joined(separator: "/")) {
            patterns += IgnoreMatcher.parse(String(decoding: data, as: UTF8.self), domain: domain)
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name != ".git" {
            budget -= 1
            guard budget >= 0 else { throw ArchiveError.tooManyEntries(limit: Archiver.maxEntries) }
            var info = stat()
            guard lstat(dir + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
            patterns += try loadPatterns(root: root, domain: domain + [name], budget: &budget)
        }
        return patterns
    }

    /// The bytes of one ignore file, nil when there is none.
    static func readIgnoreFile(_ path: String, root: String, display: String) throws(SafePath.Violation) -> [UInt8]? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        var file = path
        if info.st_mode & S_IFMT == S_IFLNK {
            guard let resolved = try? Archiver.realPath(path) else { return nil }   // broken: as if absent
            guard resolved.hasPrefix(root + "/") else { throw SafePath.Violation(path: display, why: "is a symlink out of the repository") }
            file = resolved
        }
        return try SafePath.readRegularFile(file, limit: maxFileSize, display: display)
    }
}
