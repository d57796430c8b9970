import Archive
import Foundation

/// Unpacks an OCI artifact's `tar+gzip` layer, whose every byte the artifact's publisher
/// controls, into an empty working directory — the first half of an `extract` OCIRepository
/// (the files are then archived again, with `spec.ignore`, by ``Archiver``).
///
/// Refused, naming the entry, before anything is written: a name that is absolute or climbs out
/// with `..`, a hard link, device or FIFO, a symlink whose target is absolute or leaves the
/// tree, and more than ``maxSize`` bytes once decompressed (a decompression bomb stops there,
/// never expanding further). Writes then go through ``SafePath``: no component is followed
/// through a symlink, and the symlinks are made last, so no write can pass through one.
enum OCILayerExtraction {
    /// The largest unpacked layer (the same bound consumers untar artifacts with, 100 MiB).
    static let maxSize = Int(Archiver.defaultMaxFileSize)

    enum Step: Equatable {
        case directory([String])
        case file([String], contents: [UInt8], executable: Bool)
        case symlink([String], target: String)
    }

    struct Failure: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// What unpacking `layer` writes; throws when any entry is refused.
    static func plan(_ layer: [UInt8], maxSize: Int = maxSize) throws(Failure) -> [Step] {
        let tar: [UInt8]
        do { tar = try Gunzip.decompress(layer, maxSize: maxSize) } catch {
            throw Failure(description: error.exceededMaxSize
                          ? "layer exceeds the maximum extracted size of \(maxSize) bytes"
                          : "layer is not a gzipped tarball: \(error.description)")
        }
        let entries: [TarEntry]
        do { entries = try TarReader.entries(tar) } catch {
            throw Failure(description: "layer is not a valid tarball: \(error.description)")
        }
        var contents: [Step] = [], links: [Step] = []
        for entry in entries {
            guard !entry.path.contains("\\"), let components = RelativePath.components(entry.path) else {
                throw Failure(description: "illegal path '\(entry.path)': it leaves the artifact's root")
            }
            switch entry.kind {
            case .directory:
                if !components.isEmpty { contents.append(.directory(components)) }
            case .file:
                guard !components.isEmpty else { throw Failure(description: "illegal path '\(entry.path)': not a file name") }
                contents.append(.file(components, contents: entry.contents, executable: entry.mode & 0o111 != 0))
            case .symlink:
                let target = entry.linkTarget
                guard !components.isEmpty, !target.isEmpty, !target.hasPrefix("/"),
                      RelativePath.components(target, from: Array(components.dropLast())) != nil else {
                    throw Failure(description: "illegal symlink '\(entry.path)' -> '\(target)': it leaves the artifact's root")
                }
                links.append(.symlink(components, target: target))
            case .other(let flag):
                let type = flag == UInt8(ascii: "1") ? "a hard link" : "of type '\(Character(Unicode.Scalar(flag)))'"
                throw Failure(description: "entry '\(entry.path)' is \(type), which an artifact may not hold")
            }
        }
        return contents + links
    }

    /// Carries `steps` out under `root` (an empty directory of the controller's).
    static func apply(_ steps: [Step], into root: String) throws(Failure) {
        do throws(SafePath.Violation) {
            for step in steps {
                switch step {
                case .directory(let path):
                    try SafePath.makeDirectories(path, root: root, display: path.joined(separator: "/"))
                case .file(let path, let contents, let executable):
                    try SafePath.writeFile(path, root: root, contents: contents, executable: executable, display: path.joined(separator: "/"))
                case .symlink(let path, let target):
                    try SafePath.makeSymlink(path, target: target, root: root, display: path.joined(separator: "/"))
                }
            }
        } catch {
            throw Failure(description: error.description)
        }
    }
}
