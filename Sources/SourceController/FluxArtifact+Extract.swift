import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unpacks a pulled Flux artifact's layer into a user's directory (`ferry pull artifact`), with
/// the same refusals as the OCIRepository controller's extraction (``OCILayerExtraction``): an
/// entry that is absolute or climbs out with `..`, a hard link or device, a symlink leaving the
/// tree, or more than ``maxSize`` bytes unpacked is refused, naming the entry, before anything is
/// written. Existing files of the same name are replaced and existing directories merged, as
/// `flux pull artifact` does; no write ever passes through a symlink (``SafePath``).
///
/// Files get mode 0644 (0755 when executable) — what a user's `tar -x` gives — rather than the
/// controller's private 0600.
public enum FluxArtifactExtraction {
    /// The largest unpacked layer (the controller's bound, 100 MiB).
    public static let maxSize = OCILayerExtraction.maxSize

    public struct Failure: Error, Equatable, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Entries written (files, directories and symlinks).
    @discardableResult
    public static func extract(_ layer: [UInt8], into directory: String, maxSize: Int = maxSize) throws(Failure) -> Int {
        let steps: [OCILayerExtraction.Step]
        do { steps = try OCILayerExtraction.plan(layer, maxSize: maxSize) } catch {
            throw Failure(description: error.description)
        }
        let links = steps.filter { if case .symlink = $0 { true } else { false } }
        let contents = steps.filter { if case .symlink = $0 { false } else { true } }
        // The directories this extraction creates (the user's own keep their modes): 0755 after.
        var created: [String] = []
        var seen = Set<[String]>()
        for step in contents {
            let dirs: [String]
            switch step {
            case .directory(let path): dirs = path
            case .file(let path, _, _): dirs = Array(path.dropLast())
            case .symlink: dirs = []
            }
            for depth in stride(from: 1, through: dirs.count, by: 1) where seen.insert(Array(dirs.prefix(depth))).inserted {
                let full = directory + "/" + dirs.prefix(depth).joined(separator: "/")
                var info = stat()
                if lstat(full, &info) != 0 { created.append(full) }
            }
        }
        do {
            try OCILayerExtraction.apply(contents, into: directory)
            // Before any link exists, so these paths are the files just written.
            for case .file(let path, _, let executable) in contents {
                let full = directory + "/" + path.joined(separator: "/")
                let fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
                guard fd >= 0 else { continue }
                _ = fchmod(fd, executable ? 0o755 : 0o644)
                close(fd)
            }
            for full in created { _ = chmod(full, 0o755) }
            try OCILayerExtraction.apply(links, into: directory)
        } catch {
            throw Failure(description: error.description)
        }
        return steps.count
    }
}
