import Foundation

/// The artifacts this process's own source controllers keep, read from their storage directory
/// when an artifact's URL names this process's advertised storage address — instead of a GET
/// to that address. When the Kustomization and HelmRelease controllers share a process with the
/// source controllers (Ferry's default), the bytes need not go through HTTP: no copy through a
/// socket, and no dependence on the advertised name resolving from where the process runs (a
/// Service name needs cluster DNS; Flux's controllers are separate Pods and always fetch).
///
/// Only a hint: whatever is read is checked against the artifact's digest by the caller, and
/// anything else — another address (another shard's Service), a file not (or no longer) in
/// storage, a path that leaves the storage root, a file larger than the caller accepts — is
/// `nil`, and the caller downloads as before.
public struct LocalArtifacts: Sendable {
    /// `host:port` as the source controllers put it into `artifact.url`.
    public let advertisedAddress: String
    /// The storage root: `<root>/<kind>/<namespace>/<name>/<file>`.
    public let root: String

    public init(advertisedAddress: String, root: String) {
        self.advertisedAddress = advertisedAddress
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    /// The storage path `url` names, when it is `http://<advertised address>/<relative path>`
    /// and the relative path stays inside the root (no empty, `.` or `..` component, no query
    /// or fragment).
    public func path(forURL url: String) -> String? {
        let prefix = "http://" + advertisedAddress + "/"
        guard url.hasPrefix(prefix) else { return nil }
        let relative = url.dropFirst(prefix.count)
        guard !relative.isEmpty, !relative.contains(where: { $0 == "?" || $0 == "#" || $0 == "%" || $0 == "\\" || $0 == "\0" }) else { return nil }
        let components = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        return root + "/" + relative
    }

    /// The bytes of the artifact `url` names, when it is one of this process's and at most
    /// `maxSize` bytes long (`nil`: no limit).
    public func bytes(forURL url: String, maxSize: Int?) -> [UInt8]? {
        guard let path = path(forURL: url),
              let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = (attributes[.size] as? NSNumber)?.intValue,
              maxSize.map({ size <= $0 }) ?? true,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        return [UInt8](data)
    }
}
