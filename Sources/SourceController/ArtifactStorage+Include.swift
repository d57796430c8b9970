import Archive
import FerryAPI
import Foundation

extension ArtifactStorage {
    /// Unpacks the part of a stored artifact that `mapping` selects into `directory`, replacing
    /// what is at the destination (overlaying when the destination is the root).
    ///
    /// Every path is checked component by component before anything is removed or written
    /// (``SafePath``): a symlink in the checkout on the way to `toPath` is a ``SafePath/Violation``,
    /// never followed. Fails with a ``StorageError`` if the artifact file is missing or does not
    /// match its digest.
    public func copy(artifact: Artifact, mapping: IncludeMapping, into directory: String) throws {
        let file = localPath(artifact.path)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw StorageError(message: "artifact '\(artifact.path)' is not in storage")
        }
        if let digest = artifact.digest, try Archiver.digest(ofFile: file) != digest {
            throw StorageError(message: "artifact '\(artifact.path)' does not match its digest \(digest)")
        }
        let plan = try IncludePlan(mapping: mapping, entries: try TarReader.entries(Gunzip.decompress([UInt8](data))))
        try Self.apply(plan, into: directory)
    }

    /// Carries an ``IncludePlan`` out under `root`.
    static func apply(_ plan: IncludePlan, into root: String) throws(SafePath.Violation) {
        if !plan.destinationRoot.isEmpty {
            let display = plan.destinationRoot.joined(separator: "/")
            try SafePath.remove(plan.destinationRoot, root: root, display: display)
            try SafePath.makeDirectories(plan.destinationRoot, root: root, display: display)
        }
        for step in plan.steps {
            switch step {
            case .directory(let path):
                try SafePath.makeDirectories(path, root: root, display: path.joined(separator: "/"))
            case .file(let path, let contents, let executable):
                try SafePath.writeFile(path, root: root, contents: contents, executable: executable, display: path.joined(separator: "/"))
            case .symlink(let path, let target):
                try SafePath.makeSymlink(path, target: target, root: root, display: path.joined(separator: "/"))
            }
        }
    }
}
