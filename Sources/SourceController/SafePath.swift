import Archive
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Paths inside a working directory whose content a repository author controls: every component
/// is checked with `lstat` before anything is created, written or removed, so a symlink committed
/// in the repository (`evil -> /`) can never redirect a write or delete outside the directory.
///
/// Rules: `..` may not climb above the root (read lexically), no existing component may be a
/// symlink, and every component but the last must be a real directory. Files are created with
/// `O_NOFOLLOW | O_EXCL`, mode 0600 (0700 when executable): artifacts are built from them, nobody
/// else reads them.
enum SafePath {
    struct Violation: Error, Equatable, CustomStringConvertible {
        /// The path as given (relative to the root).
        var path: String
        var why: String
        var description: String { "path '\(path)' \(why)" }
    }

    /// `mkdir -p root/components…`, refusing to pass through anything but real directories.
    /// `display` names the path in errors.
    static func makeDirectories(_ components: [String], root: String, display: String) throws(Violation) {
        var current = root
        for (i, part) in components.enumerated() {
            current += "/" + part
            var info = stat()
            if lstat(current, &info) == 0 {
                let prefix = components[...i].joined(separator: "/")
                switch info.st_mode & S_IFMT {
                case S_IFDIR: continue
                case S_IFLNK: throw Violation(path: display, why: "passes through symlink '\(prefix)'")
                default: throw Violation(path: display, why: "passes through '\(prefix)', which is not a directory")
                }
            }
            guard mkdir(current, 0o700) == 0 || errno == EEXIST else {
                throw Violation(path: display, why: "cannot be created: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Removes what is at `root/components` (a file, a link itself, or a real directory tree, whose
    /// links are removed, not followed), after checking that no parent is a symlink.
    static func remove(_ components: [String], root: String, display: String) throws(Violation) {
        guard let last = components.last else { return }
        try makeDirectories(Array(components.dropLast()), root: root, display: display)
        let full = root + "/" + components.dropLast().map { $0 + "/" }.joined() + last
        var info = stat()
        guard lstat(full, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFLNK {
            throw Violation(path: display, why: "is a symlink")
        }
        do { try FileManager.default.removeItem(atPath: full) } catch {
            throw Violation(path: display, why: "cannot be removed: \(error.localizedDescription)")
        }
    }

    /// Writes a new file at `root/components` (its parents made by ``makeDirectories``), replacing
    /// a file there; never follows a symlink and never replaces a directory.
    static func writeFile(_ components: [String], root: String, contents: [UInt8], executable: Bool,
                          display: String) throws(Violation) {
        try makeDirectories(Array(components.dropLast()), root: root, display: display)
        let full = root + "/" + components.joined(separator: "/")
        try removeNonDirectory(full, display: display)
        let fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, executable ? 0o700 : 0o600)
        guard fd >= 0 else { throw Violation(path: display, why: "cannot be written: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let ok = contents.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
        guard ok else { throw Violation(path: display, why: "cannot be written: \(String(cString: strerror(errno)))") }
    }

    /// Removes what is at `full` (a file or a symlink, never followed) so a new entry can take its
    /// place; a directory there is a violation, never removed.
    private static func removeNonDirectory(_ full: String, display: String) throws(Violation) {
        var info = stat()
        if lstat(full, &info) == 0 {
            guard info.st_mode & S_IFMT != S_IFDIR else { throw Violation(path: display, why: "is a directory") }
            unlink(full)
        }
    }

    /// Makes a symlink at `root/components` pointing at `target`, which must be relative and stay
    /// below the root read lexically from the link's directory.
    static func makeSymlink(_ components: [String], target: String, root: String, display: String) throws(Violation) {
        guard !target.isEmpty, RelativePath.components(target, from: Array(components.dropLast())) != nil else {
            throw Violation(path: display, why: "is a symlink to '\(target)', outside the repository")
        }
        try makeDirectories(Array(components.dropLast()), root: root, display: display)
        let full = root + "/" + components.joined(separator: "/")
        try removeNonDirectory(full, display: display)
        guard symlink(target, full) == 0 else {
            throw Violation(path: display, why: "cannot be created: \(String(cString: strerror(errno)))")
        }
    }

    /// Reads a regular file of at most `limit` bytes at `path`, refusing a symlink, a FIFO, a
    /// device or a directory there (opened with `O_NOFOLLOW | O_NONBLOCK`, then checked with
    /// `fstat`, so a FIFO cannot block the read). Returns nil when nothing is there.
    static func readRegularFile(_ path: String, limit: Int, display: String) throws(Violation) -> [UInt8]? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        guard info.st_mode & S_IFMT == S_IFREG else {
            let kind = info.st_mode & S_IFMT == S_IFLNK ? "a symlink" : "not a regular file"
            throw Violation(path: display, why: "is \(kind)")
        }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Violation(path: display, why: "cannot be read: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw Violation(path: display, why: "is not a regular file") }
        guard info.st_size <= limit else {
            throw Violation(path: display, why: "is \(info.st_size) bytes, more than the limit of \(limit) bytes")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            offset += n
        }
        return Array(bytes.prefix(offset))
    }
}
