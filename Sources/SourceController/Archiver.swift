import Archive
import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Builds the reproducible `.tar.gz` of a checked-out tree.
///
/// The same tree always gives the same bytes: regular files and symbolic links only (as Flux
/// archives them; readers create the directories), in byte-wise path order of their components,
/// mode 0755 for executables and 0644 otherwise, owner 0:0 without names, mtime 0, and a gzip
/// header without name or time.
///
/// Symbolic links are stored as links and **never followed** while walking, so links between
/// directories (`a/l -> ../b`, `b/l -> ../a`) cannot make the walk loop. A link must stay in the
/// tree: its target relative, and inside the tree both read lexically from the link's directory
/// and resolved on disk; otherwise the archive fails naming the link. A link that does not
/// resolve (broken, or part of a loop of links) is left out. The walk is bounded: at most
/// ``maxDepth`` directories deep and ``maxEntries`` entries looked at, each a clear error.
public enum Archiver {
    public struct Result: Hashable, Sendable {
        /// `sha256:<hex>` of the archive file.
        public var digest: String
        public var size: Int64
        /// Regular files and symbolic links archived.
        public var files: Int
    }

    /// How deep directories may nest below the root.
    public static let maxDepth = 256
    /// How many directory entries one archive may look at (archived, excluded or skipped alike).
    public static let maxEntries = 1_000_000

    /// Ferry's default limit for one file in an artifact (the consumer side, fluxcd/pkg/tar, untars at most 100 MiB).
    public static let defaultMaxFileSize: Int64 = 100 << 20

    /// Archives `directory` into `outputPath` (created or replaced), skipping what `matcher` excludes.
    public static func archive(directory: String, to outputPath: String, matcher: IgnoreMatcher,
                               maxFileSize: Int64 = defaultMaxFileSize) throws(ArchiveError) -> Result {
        let root: String
        do { root = try realPath(directory) } catch { throw .io("cannot read '\(directory)': \(error)") }
        guard FileManager.default.createFile(atPath: outputPath, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: outputPath) else {
            throw .io("cannot create '\(outputPath)'")
        }
        defer { try? handle.close() }
        final class Sink {
            var hasher = SHA256()
            var size: Int64 = 0
        }
        let sink = Sink()
        do {
            let gzip = try GzipWriter { bytes in
                sink.hasher.update(data: bytes)
                sink.size += Int64(bytes.count)
                try handle.write(contentsOf: bytes)
            }
            var walker = Walker(root: root, matcher: matcher, maxFileSize: maxFileSize, gzip: gzip)
            try walker.walk(realDirectory: root, archivePath: [])
            try gzip.write(Tar.trailer)
            try gzip.finish()
            let hex = sink.hasher.finalize().map { String(format: "%02x", $0) }.joined()
            return Result(digest: "sha256:" + hex, size: sink.size, files: walker.files)
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw .io("writing '\(outputPath)': \(error)")
        }
    }

    /// The sha256 digest of a file, `sha256:<hex>`.
    public static func digest(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ArchiveError.io("cannot open '\(path)'") }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty { hasher.update(data: chunk) }
        return "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    static func realPath(_ path: String) throws -> String {
        guard let resolved = realpath(path, nil) else { throw ArchiveError.io("cannot resolve '\(path)'") }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private struct Walker {
        let root: String
        let matcher: IgnoreMatcher
        let maxFileSize: Int64
        let gzip: GzipWriter
        var files = 0
        var entries = 0

        init(root: String, matcher: IgnoreMatcher, maxFileSize: Int64, gzip: GzipWriter) {
            self.root = root
            self.matcher = matcher
            self.maxFileSize = maxFileSize
            self.gzip = gzip
        }

        /// Archives the children of `realDirectory` (a real, symlink-free path inside the root)
        /// under `archivePath`. Recursion is bounded by ``Archiver/maxDepth``; only real
        /// directories (lstat) are entered.
        mutating func walk(realDirectory: String, archivePath: [String]) throws {
            guard archivePath.count <= Archiver.maxDepth else {
                throw ArchiveError.tooDeep(path: archivePath.joined(separator: "/"), limit: Archiver.maxDepth)
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: realDirectory)
                .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for name in names {
                entries += 1
                guard entries <= Archiver.maxEntries else { throw ArchiveError.tooManyEntries(limit: Archiver.maxEntries) }
                let path = archivePath + [name]
                let display = path.joined(separator: "/")
                let real = realDirectory + "/" + name
                var info = stat()
                guard lstat(real, &info) == 0 else { throw ArchiveError.io("cannot stat '\(display)'") }
                switch info.st_mode & S_IFMT {
                case S_IFLNK:
                    if name == ".git" || matcher.isExcluded(path, isDirectory: false) { continue }
                    guard let target = try Self.linkTarget(real: real, display: display, parent: archivePath, root: root) else { continue }
                    try gzip.write(Tar.header(path: display, type: .symlink, mode: 0o777, size: 0, linkTarget: target))
                    files += 1
                case S_IFDIR:
                    // Like Flux, only files are archived; an excluded directory is skipped as a whole
                    // unless some negated pattern could re-include something below it. Git's own
                    // directories are never entered.
                    if name == ".git" || (matcher.isExcluded(path, isDirectory: true) && !mayReinclude) { continue }
                    try walk(realDirectory: real, archivePath: path)
                case S_IFREG:
                    // A submodule's `.git` is a file pointing into the parent's `.git`: meaningless here.
                    if name == ".git" || matcher.isExcluded(path, isDirectory: false) { continue }
                    let size = Int64(info.st_size)
                    if size > maxFileSize { throw ArchiveError.fileTooLarge(path: display, size: size, limit: maxFileSize) }
                    guard let data = FileManager.default.contents(atPath: real) else { throw ArchiveError.io("cannot read '\(display)'") }
                    guard Int64(data.count) <= maxFileSize else {
                        throw ArchiveError.fileTooLarge(path: display, size: Int64(data.count), limit: maxFileSize)
                    }
                    let executable = (info.st_mode & 0o111) != 0
                    try gzip.write(Tar.header(path: display, type: .file, mode: executable ? 0o755 : 0o644, size: data.count))
                    try gzip.write([UInt8](data))
                    try gzip.write([UInt8](repeating: 0, count: Tar.padding(data.count)))
                    files += 1
                default:
                    continue  // sockets, fifos, devices
                }
            }
        }

        /// The target to store for the link at `real`, nil to leave it out (it does not resolve).
        /// Throws when it leaves the tree, lexically or on disk.
        static func linkTarget(real: String, display: String, parent: [String], root: String) throws -> String? {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: real) else {
                throw ArchiveError.io("cannot read symlink '\(display)'")
            }
            guard !target.isEmpty, !target.hasPrefix("/"), RelativePath.components(target, from: parent) != nil else {
                throw ArchiveError.symlinkOutsideTree(path: display, target: target)
            }
            // On disk too: `a -> s/..` with `s -> .` is inside when read lexically, not when followed.
            guard let resolved = try? realPath(real) else { return nil }
            guard resolved == root || resolved.hasPrefix(root + "/") else {
                throw ArchiveError.symlinkOutsideTree(path: display, target: target)
            }
            return target
        }

        /// Whether any pattern re-includes (`!…`); without one, nothing below an excluded directory can be archived.
        var mayReinclude: Bool { matcher.patterns.contains { $0.negated } }
    }
}

/// Why an archive could not be built. Messages name the offending path; they never contain file contents.
public enum ArchiveError: Error, Equatable, Sendable, CustomStringConvertible {
    case symlinkOutsideTree(path: String, target: String)
    case fileTooLarge(path: String, size: Int64, limit: Int64)
    case tooDeep(path: String, limit: Int)
    case tooManyEntries(limit: Int)
    case io(String)

    public var description: String {
        switch self {
        case .symlinkOutsideTree(let path, let target):
            return "symlink '\(path)' points outside the repository (to '\(target)')"
        case .fileTooLarge(let path, let size, let limit):
            return "file '\(path)' is \(size) bytes, more than the limit of \(limit) bytes"
        case .tooDeep(let path, let limit):
            return "directory '\(path)' is nested more than \(limit) levels deep"
        case .tooManyEntries(let limit):
            return "the repository has more than \(limit) files and directories"
        case .io(let message):
            return message
        }
    }
}
