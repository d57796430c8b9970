import Archive
import FerryAPI
import Foundation

extension ArtifactStorage {
    /// Unpacks the part of a stored artifact that `mapping` selects into `directory`, replacing
    /// what is at the destination (overlaying when the destination is the root). Fails if the artifact file is missing or does not match its digest.
    public func copy(artifact: Artifact, mapping: IncludeMapping, into directory: String) throws {
        let file = localPath(artifact.path)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw StorageError(message: "artifact '\(artifact.path)' is not in storage")
        }
        if let digest = artifact.digest, try Archiver.digest(ofFile: file) != digest {
            throw StorageError(message: "artifact '\(artifact.path)' does not match its digest \(digest)")
        }
        let entries = try TarReader.entries(Gunzip.decompress([UInt8](data)))
        let fm = FileManager.default
        // The destination is replaced, unless it is the root of the checkout (then the include overlays it).
        if !mapping.destinationRoot.isEmpty {
            let root = directory + "/" + mapping.destinationRoot
            if fm.fileExists(atPath: root) { try fm.removeItem(atPath: root) }
            try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        }
        for entry in entries {
            guard let relative = mapping.destination(of: entry.path) else { continue }
            let path = directory + "/" + relative
            switch entry.kind {
            case .directory:
                try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
            case .file:
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard fm.createFile(atPath: path, contents: Data(entry.contents),
                                    attributes: [.posixPermissions: entry.mode & 0o111 != 0 ? 0o755 : 0o644]) else {
                    throw StorageError(message: "cannot write '\(relative)'")
                }
            case .symlink, .other:   // the archiver writes neither
                continue
            }
        }
    }
}
