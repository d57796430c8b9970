import Foundation

/// File access for one kustomization root, with kustomize's load restriction.
///
/// With `rootOnly` (the default) a kustomization may read files only in or below its own
/// directory; other kustomizations (directories) may live anywhere, each with its own root.
/// A file system root (`Kustomize.Options.fileSystemRoot`) confines everything further: no
/// file or kustomization directory outside it is read, whatever the restrictor says.
struct Loader {
    /// Absolute, symlink-resolved directory of the kustomization.
    let root: String
    let restrictor: Kustomize.LoadRestrictor
    /// Absolute, symlink-resolved; nil when the whole file system may be read.
    let fileSystemRoot: String?
    /// `Kustomize.Options.fileContents`: read instead of these files.
    var fileContents: [String: Data] = [:]

    init(root: String, restrictor: Kustomize.LoadRestrictor, fileSystemRoot: String? = nil) {
        self.root = Loader.canonical(root)
        self.restrictor = restrictor
        self.fileSystemRoot = fileSystemRoot.map(Loader.canonical)
    }

    init(root: String, options: Kustomize.Options) {
        self.init(root: root, restrictor: options.loadRestrictor, fileSystemRoot: options.fileSystemRoot)
        fileContents = options.fileContents
    }

    static func canonical(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        return url.path
    }

    func absolute(_ relative: String) -> String {
        let joined = relative.hasPrefix("/") ? relative : root + "/" + relative
        return Loader.canonical(joined)
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Reads a file named in `field` of `kfile`, enforcing the load restriction.
    func read(_ relative: String, kfile: String, field: String) throws -> String {
        let path = absolute(relative)
        guard Loader.exists(path), !Loader.isDirectory(path) else {
            throw KustomizeError.missingResource(file: kfile, field: field, path: path)
        }
        try checkRestriction(path, kfile: kfile, field: field)
        if let data = fileContents[path] { return String(decoding: data, as: UTF8.self) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KustomizeError.missingResource(file: kfile, field: field, path: path)
        }
        return String(decoding: data, as: UTF8.self)
    }

    func readData(_ relative: String, kfile: String, field: String) throws -> Data {
        let path = absolute(relative)
        guard Loader.exists(path), !Loader.isDirectory(path) else {
            throw KustomizeError.missingResource(file: kfile, field: field, path: path)
        }
        try checkRestriction(path, kfile: kfile, field: field)
        return fileContents[path] ?? FileManager.default.contents(atPath: path) ?? Data()
    }

    func checkRestriction(_ path: String, kfile: String, field: String) throws {
        try checkFileSystemRoot(path, kfile: kfile, field: field)
        guard restrictor == .rootOnly else { return }
        if Loader.isInside(path, root) { return }
        throw KustomizeError.loadRestriction(file: kfile, field: field, path: path, root: root)
    }

    /// Refuses a canonical path (file or directory) outside the file system root.
    func checkFileSystemRoot(_ path: String, kfile: String, field: String) throws {
        guard let fileSystemRoot, !Loader.isInside(path, fileSystemRoot) else { return }
        throw KustomizeError.loadRestriction(file: kfile, field: field, path: path, root: fileSystemRoot)
    }

    static func isInside(_ path: String, _ dir: String) -> Bool {
        path == dir || path.hasPrefix(dir == "/" ? "/" : dir + "/")
    }

    static let kustomizationFileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// The kustomization file of a directory; exactly one must exist.
    static func kustomizationFile(in dir: String) throws -> String {
        let found = kustomizationFileNames.filter { exists(dir + "/" + $0) }
        if found.count > 1 { throw KustomizeError.multipleKustomizations(directory: dir) }
        guard let f = found.first else { throw KustomizeError.missingKustomization(directory: dir) }
        return dir + "/" + f
    }
}
