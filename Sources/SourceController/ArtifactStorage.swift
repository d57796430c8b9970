import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where artifacts live on disk and how they are addressed over HTTP.
///
/// Layout as in Flux: `<root>/<kind>/<namespace>/<name>/<file>`, e.g.
/// `gitrepository/default/podinfo/<commit>.tar.gz`. Writes are atomic (temp file + rename in the
/// same directory), so the HTTP server never serves half a file.
///
/// Nothing in storage is readable by other users: directories are made 0700 and artifacts 0600
/// (the controller's own HTTP server is their only reader).
public struct ArtifactStorage: Sendable {
    /// Local directory holding everything.
    public var root: String
    /// The address advertised in `artifact.url`, `host[:port]` (Flux's `--storage-adv-addr`).
    public var advertisedAddress: String
    /// How many artifacts of one object GC keeps (Flux: `--artifact-retention-records`, 2).
    public var retentionRecords: Int
    /// Older artifacts are kept at least this long (Flux: `--artifact-retention-ttl`, 60s).
    public var retentionTTL: Duration

    public init(root: String, advertisedAddress: String, retentionRecords: Int = 2, retentionTTL: Duration = .seconds(60)) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        self.advertisedAddress = advertisedAddress
        self.retentionRecords = retentionRecords
        self.retentionTTL = retentionTTL
    }

    /// The storage-relative directory of an object's artifacts.
    public static func directory(kind: String, namespace: String, name: String) -> String {
        "\(kind.lowercased())/\(namespace)/\(name)"
    }

    /// The storage-relative path of an artifact file.
    public static func artifactPath(kind: String, namespace: String, name: String, fileName: String) -> String {
        directory(kind: kind, namespace: namespace, name: name) + "/" + fileName
    }

    /// `http://<advertised address>/<path>`.
    public func url(forPath path: String) -> String {
        "http://\(advertisedAddress)/\(path)"
    }

    public func localPath(_ relativePath: String) -> String { root + "/" + relativePath }

    public func exists(_ relativePath: String) -> Bool {
        var info = stat()
        return stat(localPath(relativePath), &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// A fresh temporary file next to where `relativePath` will go (same filesystem, so rename is atomic).
    public func temporaryPath(for relativePath: String) throws -> String {
        let dir = (localPath(relativePath) as NSString).deletingLastPathComponent
        try Self.makePrivateDirectories(dir, below: root)
        return dir + "/.tmp-" + UUID().uuidString
    }

    /// `mkdir -p` of `directory`, each directory it makes below `root` mode 0700 (whatever the umask).
    static func makePrivateDirectories(_ directory: String, below root: String) throws {
        var missing: [String] = []
        var current = directory
        while current.count > root.count, !FileManager.default.fileExists(atPath: current) {
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for dir in missing { chmod(dir, 0o700) }
    }

    /// Moves a finished temporary file into place.
    public func commit(temporaryPath: String, to relativePath: String) throws {
        guard rename(temporaryPath, localPath(relativePath)) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw StorageError(message: "cannot move artifact into place at '\(relativePath)': \(reason)")
        }
    }

    /// File names the server hands out: what the controllers store as artifacts (Helm
    /// repository indexes are `.yaml`).
    public static let artifactExtensions = [".tar.gz", ".tgz", ".yaml"]

    /// The `Content-Type` an artifact is served with.
    public static func contentType(of file: String) -> String {
        file.hasSuffix(".yaml") ? "application/x-yaml" : "application/gzip"
    }

    /// Names that stand for "the latest artifact" of an object (`status.url`): hard links to the
    /// current artifact, never garbage-collected themselves.
    public static let latestAliases: Set<String> = ["index.yaml", "latest.tar.gz"]

    /// Points the alias `name` (one of ``latestAliases``) in the artifact's directory at the
    /// artifact `relativePath`, atomically (a hard link renamed into place: the server refuses
    /// symlinks). Returns the alias's storage-relative path.
    @discardableResult
    public func linkLatest(_ relativePath: String, as name: String) throws -> String {
        let directory = (relativePath as NSString).deletingLastPathComponent
        let alias = directory + "/" + name
        let temporary = localPath(directory) + "/.tmp-" + UUID().uuidString
        guard link(localPath(relativePath), temporary) == 0 else {
            throw StorageError(message: "cannot link '\(alias)' to '\(relativePath)': \(String(cString: strerror(errno)))")
        }
        try commit(temporaryPath: temporary, to: alias)
        return alias
    }

    /// Resolves the path of an HTTP request to a file to serve, nil when it is not an artifact.
    ///
    /// Only artifacts: exactly `<kind>/<namespace>/<name>/<file>` with an artifact extension;
    /// no `..`, `.`, empty, hidden (temporary) or percent-encoded components; every directory
    /// a real directory and the file a regular file (lstat: no symlink anywhere on the way).
    /// Directories are never listed. The query string, if any, is ignored.
    public func fileForRequest(path requestPath: String) -> String? {
        var path = Substring(requestPath)
        if let q = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<q] }
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(path.hasPrefix("/") ? 1 : 0)
        guard components.count == 4,
              !components.contains(where: { $0.isEmpty || $0.hasPrefix(".") || $0.contains("%") || $0.contains("\0") || $0.contains("\\") }),
              let file = components.last, Self.artifactExtensions.contains(where: { file.hasSuffix($0) })
        else { return nil }
        var current = root
        for (i, part) in components.enumerated() {
            current += "/" + part
            var info = stat()
            guard lstat(current, &info) == 0 else { return nil }
            let wanted = i == components.count - 1 ? S_IFREG : S_IFDIR
            guard info.st_mode & S_IFMT == wanted else { return nil }
        }
        return current
    }

    /// Removes an object's old artifacts, never `keep` (the current one). As Flux does, an old
    /// artifact goes when it is older than `retentionTTL` or when it is beyond the
    /// `retentionRecords` newest (the current one counts). Returns the storage-relative paths removed.
    @discardableResult
    public func garbageCollect(directory relativeDirectory: String, keep: String?, now: Date = Date()) throws -> [String] {
        let dir = localPath(relativeDirectory)
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir) else { return [] }
        var candidates: [(path: String, modified: Date)] = []
        for name in names {
            let relative = relativeDirectory + "/" + name
            guard relative != keep, !Self.latestAliases.contains(name), let attributes = try? fm.attributesOfItem(atPath: dir + "/" + name),
                  attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            candidates.append((relative, attributes[.modificationDate] as? Date ?? .distantPast))
        }
        let plan = Self.collectionPlan(candidates: candidates, keepCurrent: keep != nil, retentionRecords: retentionRecords,
                                       ttl: retentionTTL, now: now)
        var removed: [String] = []
        for path in plan {
            do { try fm.removeItem(atPath: localPath(path)); removed.append(path) } catch {
                throw StorageError(message: "cannot remove '\(path)': \(error.localizedDescription)")
            }
        }
        return removed
    }

    /// Which of `candidates` (every file but the current artifact) to delete: those older than
    /// `ttl`, and those beyond the `retentionRecords` newest counting the current artifact.
    /// Temporary files (`.tmp-*`, an interrupted write) only by age.
    public static func collectionPlan(candidates: [(path: String, modified: Date)], keepCurrent: Bool, retentionRecords: Int,
                                      ttl: Duration, now: Date) -> [String] {
        let ttlSeconds = Double(ttl.components.seconds) + Double(ttl.components.attoseconds) / 1e18
        let sorted = candidates.sorted { $0.modified > $1.modified || ($0.modified == $1.modified && $0.path < $1.path) }
        var room = max(0, retentionRecords - (keepCurrent ? 1 : 0))
        var delete: [String] = []
        for candidate in sorted {
            let expired = now.timeIntervalSince(candidate.modified) >= ttlSeconds
            if candidate.path.split(separator: "/").last?.hasPrefix(".tmp-") == true {
                if expired { delete.append(candidate.path) }
                continue
            }
            if !expired && room > 0 { room -= 1; continue }
            delete.append(candidate.path)
        }
        return delete.sorted()
    }

    /// Removes every artifact of an object (when the object is deleted).
    public func removeAll(directory relativeDirectory: String) throws {
        let dir = localPath(relativeDirectory)
        if FileManager.default.fileExists(atPath: dir) { try FileManager.default.removeItem(atPath: dir) }
    }
}

public struct StorageError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
