import Archive
import Foundation

/// A tar.gz built entry by entry with the Archive module's writer, hostile names included.
struct TestArchive {
    var tar: [UInt8] = []

    mutating func file(_ path: String, _ text: String, mode: Int = 0o644) {
        tar += Tar.file(path: path, contents: Array(text.utf8), mode: mode)
    }

    mutating func directory(_ path: String) {
        tar += Tar.header(path: path, type: .directory, mode: 0o755, size: 0)
    }

    mutating func symlink(_ path: String, to target: String) {
        tar += Tar.header(path: path, type: .symlink, mode: 0o777, size: 0, linkTarget: target)
    }

    mutating func hardLink(_ path: String, to target: String) {
        tar += Tar.header(path: path, type: .hardLink, mode: 0o644, size: 0, linkTarget: target)
    }

    var gzipped: [UInt8] {
        var out: [UInt8] = []
        let gzip = try! GzipWriter { out += $0 }
        try! gzip.write(tar + Tar.trailer)
        try! gzip.finish()
        return out
    }
}

/// A scratch directory under one per-process directory that is removed when the test
/// process exits (not when the value goes away: Swift may end a value's lifetime at its
/// last use, before the code that reads the directory has run).
struct ScratchDirectory {
    let path: String

    private static let base: String = {
        let base = FileManager.default.temporaryDirectory.path + "/ferry-kc-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: ScratchDirectory.base) }
        return base
    }()

    init() {
        path = Self.base + "/" + UUID().uuidString.prefix(8)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` at `relative`, creating parent directories.
    func write(_ relative: String, _ text: String) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ relative: String) -> Bool {
        var info = stat()
        return lstat(path + "/" + relative, &info) == 0
    }
}
