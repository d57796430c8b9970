import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ExtractionPlan {
    /// Writes the plan under `directory` (created when missing). No path component is ever
    /// followed through a symlink, pre-existing or not; after the symlinks are made each is
    /// resolved on disk, and if one leaves the directory they are all removed and the
    /// extraction fails.
    func apply(into directory: String) throws(ArtifactFetchError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .extract("cannot create directory: \(error.localizedDescription)")
        }
        let root = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
        var known: Set<String> = [""]   // directories (relative) known to be real directories
        for step in steps {
            switch step {
            case .directory(let path):
                try Self.makeDirectories(path, root: root, known: &known)
            case .file(let path, let mode, let contents):
                let parent = path.split(separator: "/").dropLast().joined(separator: "/")
                try Self.makeDirectories(parent, root: root, known: &known)
                try Self.writeFile(root + "/" + path, mode: mode, contents: contents, entry: path)
            case .symlink:
                continue
            }
        }
        var made: [String] = []
        for case .symlink(let path, let target) in steps {
            let parent = path.split(separator: "/").dropLast().joined(separator: "/")
            try Self.makeDirectories(parent, root: root, known: &known)
            let full = root + "/" + path
            guard symlink(target, full) == 0 else {
                let reason = errno == EEXIST ? "conflicts with another entry" : String(cString: strerror(errno))
                Self.remove(made, root: root)
                throw .extract("symlink '\(path)' \(reason)")
            }
            made.append(path)
        }
        // A link that was fine on its own may leave the directory through a later one
        // (`a -> b/..` made before `b -> .`): resolve every link now that all exist.
        for case .symlink(let path, let target) in steps where Self.resolve(path, root: root) == nil {
            Self.remove(made, root: root)
            throw .extract("symlink '\(path)' -> '\(target)' escapes the target directory")
        }
    }

    /// `mkdir -p` that refuses to pass through anything but real directories.
    static func makeDirectories(_ relative: String, root: String, known: inout Set<String>) throws(ArtifactFetchError) {
        var current = ""
        for part in relative.split(separator: "/") {
            current = current.isEmpty ? String(part) : current + "/" + part
            if known.contains(current) { continue }
            let full = root + "/" + current
            var info = stat()
            if lstat(full, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else {
                    throw .extract("entry '\(current)' is not a directory")
                }
            } else if mkdir(full, 0o755) != 0 && errno != EEXIST {
                throw .extract("cannot create '\(current)': \(String(cString: strerror(errno)))")
            }
            known.insert(current)
        }
    }

    /// Replaces whatever is at `path` (never following a symlink there) with a new file.
    static func writeFile(_ path: String, mode: Int, contents: [UInt8], entry: String) throws(ArtifactFetchError) {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT != S_IFDIR else { throw .extract("entry '\(entry)' is a directory") }
            unlink(path)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
        guard fd >= 0 else { throw .extract("cannot write '\(entry)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var written = 0
        while written < contents.count {
            let n = contents.withUnsafeBytes { write(fd, $0.baseAddress! + written, contents.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .extract("cannot write '\(entry)': \(String(cString: strerror(errno)))")
            }
            written += n
        }
        fchmod(fd, mode_t(mode))   // the umask does not get a say in the artifact's modes
    }

    static func remove(_ links: [String], root: String) {
        for link in links { unlink(root + "/" + link) }
    }

    /// Resolves `relative` under `root` following symlinks on disk (a missing component ends
    /// the lookup and the rest is taken lexically); nil when it leaves `root`, is absolute,
    /// or loops.
    static func resolve(_ relative: String, root: String) -> [String]? {
        var resolved: [String] = []
        var pending = relative.split(separator: "/").map(String.init)
        var hops = 0
        while !pending.isEmpty {
            let part = pending.removeFirst()
            switch part {
            case "", ".": continue
            case "..":
                if resolved.isEmpty { return nil }
                resolved.removeLast()
                continue
            default: break
            }
            let full = root + "/" + (resolved + [part]).joined(separator: "/")
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(full, &buffer, buffer.count - 1)
            if n < 0 {   // not a symlink (or missing): a plain component
                resolved.append(part)
                continue
            }
            hops += 1
            let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if hops > 40 || target.hasPrefix("/") { return nil }
            pending = target.split(separator: "/").map(String.init) + pending
        }
        return resolved
    }
}
