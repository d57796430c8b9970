import Foundation
import Sprig

/// Loading a chart directory as Helm's `LoadDir` does: a walk in lexical order that follows
/// symbolic links (Helm's `sympath.Walk`), skips what `.helmignore` (plus the default
/// `templates/.?*`) ignores, refuses irregular files, and drops a UTF-8 BOM from each file.
extension ChartLoader {
    static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let maximumWalkDepth = 64

    static func loadDirectory(_ path: String, warnings: inout [String]) throws(HelmError) -> Chart {
        let top = ChartFileSystem.absolute(path)
        var rules = HelmIgnore()
        let ignoreFile = top + "/" + HelmIgnore.fileName
        if ChartFileSystem.kind(of: ignoreFile) == .file {
            rules = try HelmIgnore(parsing: text(try ChartFileSystem.read(ignoreFile)))
        }
        rules.addDefaults()
        var files: [ChartFile] = []
        var total = 0
        try walk(top, relative: "", rules: rules, depth: 0, files: &files, total: &total)
        return try loadFiles(files, depth: 0, warnings: &warnings)
    }

    private static func walk(_ path: String, relative: String, rules: HelmIgnore, depth: Int,
                             files: inout [ChartFile], total: inout Int) throws(HelmError) {
        guard depth <= maximumWalkDepth else {
            throw HelmError("chart directory \(path) is nested more than \(maximumWalkDepth) levels deep")
        }
        guard var kind = ChartFileSystem.linkKind(of: path) else {
            throw HelmError("lstat \(path): no such file or directory")
        }
        if kind == .symlink {
            guard let resolved = ChartFileSystem.resolveSymlinks(path), let target = ChartFileSystem.linkKind(of: resolved) else {
                throw HelmError("error evaluating symlink \(path): lstat \(path): no such file or directory")
            }
            kind = target
        }
        let isDirectory = kind == .directory
        if !relative.isEmpty {
            if rules.ignores(relative, isDirectory: isDirectory) { return }
            if !isDirectory {
                guard kind == .regular else {
                    throw HelmError("cannot load irregular file \(path) as it has file mode type bits set")
                }
                let size = ChartFileSystem.size(of: path)
                if size > maximumFileSize {
                    throw HelmError("chart file \(ChartFileSystem.quoted(ChartMetadata.baseName(path))) is larger than the maximum file size \(maximumFileSize)")
                }
                var data: [UInt8]
                do throws(HelmError) {
                    data = try ChartFileSystem.read(path)
                } catch {
                    throw error.wrapped("error reading \(relative)")
                }
                total += data.count
                if total > maximumChartSize {
                    throw HelmError("chart is larger than the maximum size \(maximumChartSize)")
                }
                if data.starts(with: utf8BOM) { data.removeFirst(3) }
                files.append(ChartFile(name: relative, data: data))
                return
            }
        }
        guard isDirectory else { return }
        for name in ChartFileSystem.list(path) {
            let rel = relative.isEmpty ? name : relative + "/" + name
            try walk(path + "/" + name, relative: rel, rules: rules, depth: depth + 1, files: &files, total: &total)
        }
    }
}

/// The few file-system questions the loader asks, answered without following links unless
/// asked to.
enum ChartFileSystem {
    enum Kind: Equatable { case directory, file }
    enum LinkKind: Equatable { case directory, regular, symlink, other }

    /// Following symbolic links; nil when nothing is there.
    static func kind(of path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT == S_IFDIR ? .directory : .file
    }

    /// Not following a final symbolic link (`lstat`: Foundation's `attributesOfItem` builds a
    /// whole dictionary per call and was a tenth of a small chart's render).
    static func linkKind(of path: String) -> LinkKind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regular
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    /// `realpath(3)` (Go's `filepath.EvalSymlinks`); nil when the target is missing or loops.
    static func resolveSymlinks(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        let resolved = String(cString: pointer)
        return linkKind(of: resolved) == nil ? nil : resolved
    }

    static func size(of path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int(info.st_size)
    }

    /// Entry names sorted bytewise, as Go's `readDirNames` returns them. (POSIX calls rather
    /// than FileManager and URL throughout: their first use in a process costs more than
    /// loading a small chart.)
    static func list(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    String(cString: $0)
                }
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func read(_ path: String) throws(HelmError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw HelmError("open \(path): no such file or directory") }
        defer { close(fd) }
        var info = stat()
        var bytes: [UInt8] = []
        if fstat(fd, &info) == 0 { bytes.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { readFile(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw HelmError("open \(path): no such file or directory")
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<n])
        }
    }

    /// The working directory (`os.Getwd`).
    static func currentDirectory() -> String {
        guard let pointer = getcwd(nil, 0) else { return "." }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// Go's `filepath.Abs`: joined to the working directory and cleaned.
    static func absolute(_ path: String) -> String {
        Sprig.pathClean(path.hasPrefix("/") ? path : currentDirectory() + "/" + path)
    }

    static func quoted(_ s: String) -> String { ChartMetadata.quote(s) }
}

/// `read(2)`, named apart from `ChartFileSystem.read`.
private func readFile(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }
