import Foundation
import OCI

/// Where ImageRepositories keep the tags they scanned: one JSON file per ImageRepository under
/// the controller's image storage directory (`--image-storage-path`), written atomically (a
/// temporary file renamed over the old one), so a restart finds every list as last scanned and
/// a crash never leaves half a list. Flux keeps the same in a Badger database; the status only
/// carries the count and a sample.
///
/// A list is stored with the canonical image name it was scanned from, so an ImagePolicy never
/// reads tags of an image its repository no longer names.
public struct TagStore: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    /// One scan's outcome.
    public struct Record: Codable, Equatable, Sendable {
        /// The canonical image name scanned (`status.canonicalImageName`).
        public var image: String
        /// Every stored tag, in descending byte order (Flux's order).
        public var tags: [String]
        /// ``TagStore/revision(of:)`` of `tags`.
        public var revision: String

        public init(image: String, tags: [String]) {
            self.image = image
            self.tags = TagStore.sorted(tags)
            self.revision = TagStore.revision(of: self.tags)
        }
    }

    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The file of ImageRepository `namespace/name`.
    public func path(namespace: String, name: String) -> String { root + "/" + namespace + "/" + name + ".json" }

    /// The list of `namespace/name`, nil when it was never stored (or was removed).
    public func read(namespace: String, name: String) throws(Failure) -> Record? {
        let file = path(namespace: namespace, name: name)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        do {
            return try JSONDecoder().decode(Record.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw Failure(description: "failed to read tags from '\(file)': \(error.localizedDescription)")
        }
    }

    /// Replaces the list of `namespace/name` atomically.
    public func write(_ record: Record, namespace: String, name: String) throws(Failure) {
        let file = path(namespace: namespace, name: name)
        do {
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(record).write(to: URL(fileURLWithPath: file), options: [.atomic])
        } catch {
            throw Failure(description: "failed to set tags for '\(record.image)': \(error.localizedDescription)")
        }
    }

    /// Forgets `namespace/name` (its ImageRepository was deleted).
    public func remove(namespace: String, name: String) throws(Failure) {
        let file = path(namespace: namespace, name: name)
        guard FileManager.default.fileExists(atPath: file) else { return }
        do { try FileManager.default.removeItem(atPath: file) } catch {
            throw Failure(description: "failed to remove tags '\(file)': \(error.localizedDescription)")
        }
    }

    /// Descending byte order: what Flux stores and samples `latestTags` from.
    public static func sorted(_ tags: [String]) -> [String] {
        tags.sorted { Array($1.utf8).lexicographicallyPrecedes(Array($0.utf8)) }
    }

    /// A stable hash of a sorted list: hex SHA-256 of the tags joined by newlines. It changes
    /// exactly when the set of tags does.
    public static func revision(of sortedTags: [String]) -> String {
        let digest = OCIClient.digest(Array(sortedTags.joined(separator: "\n").utf8))
        return digest.hasPrefix("sha256:") ? String(digest.dropFirst("sha256:".count)) : digest
    }
}
