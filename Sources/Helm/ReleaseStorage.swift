import Manifests
import Sprig

/// Helm v3's default storage driver (`secrets`), without the cluster: one Secret per release
/// revision, in the release's storage namespace, named `sh.helm.release.v1.<name>.v<version>`,
/// of type `helm.sh/release.v1`, labelled so Helm's queries find it, holding the record under
/// `data.release`. The IO half (create, update, list with ``selector(name:status:)``, delete)
/// belongs to the controller; this is the format both halves agree on.
public enum ReleaseStorage {
    /// The Secret type Helm 3 writes.
    public static let secretType = "helm.sh/release.v1"
    /// The `owner` label's value on every object Helm's drivers write.
    public static let owner = "helm"
    /// Labels the driver sets itself; a release's own labels may not use these names.
    public static let systemLabels = ["name", "owner", "status", "version", "createdAt", "modifiedAt"]
    /// Helm's longest release name.
    public static let maximumNameLength = 53

    /// Helm's storage key: `sh.helm.release.v1.<name>.v<version>`.
    public static func secretName(release name: String, version: Int) -> String {
        "sh.helm.release.v1.\(name).v\(version)"
    }

    /// The label selector Helm lists a release's history with (`owner=helm` and `name`, plus
    /// `status` for its query of deployed revisions), keys in the order Kubernetes' label
    /// sets print them (sorted): `name=web,owner=helm`.
    public static func selector(name: String, status: ReleaseStatus? = nil) -> String {
        var parts = ["name=\(name)", "owner=\(owner)"]
        if let status { parts.append("status=\(status.rawValue)") }
        return parts.joined(separator: ",")
    }

    /// The selector of every release Helm's driver lists (`helm list`): `owner=helm`.
    public static let listSelector = "owner=helm"

    /// The Secret storing `release`, as Helm's driver builds it. Labels: the release's own,
    /// then the driver's (`name`, `owner=helm`, `status`, `version`), which win. Helm adds
    /// `createdAt` when it creates the Secret and only `modifiedAt` when it replaces it on an
    /// update (Unix seconds); pass whichever the operation is. `storageNamespace` defaults to the
    /// release's namespace (Flux's `spec.storageNamespace` may differ).
    public static func secret(for release: Release, storageNamespace: String? = nil, createdAt: Int? = nil,
                              modifiedAt: Int? = nil) throws(ReleaseStorageError) -> JSONValue {
        try validateName(release.name)
        guard release.version >= 1 else {
            throw ReleaseStorageError(.unencodable, "release \(release.name): version \(release.version) is not a revision (they start at 1)")
        }
        guard let info = release.info else {
            throw ReleaseStorageError(.unencodable, "release \(release.name) v\(release.version) has no info (status)")
        }
        let record = try encodeRecord(release)
        var labels: [String: String] = [:]
        if let createdAt { labels["createdAt"] = String(createdAt) }
        if let modifiedAt { labels["modifiedAt"] = String(modifiedAt) }
        for (k, v) in release.labels { labels[k] = v }
        labels["name"] = release.name
        labels["owner"] = owner
        labels["status"] = info.status.rawValue
        labels["version"] = String(release.version)

        var labelObject = JSONObject()
        for k in labels.keys.sorted() { labelObject[k] = .string(labels[k] ?? "") }
        var metadata: JSONObject = ["name": .string(secretName(release: release.name, version: release.version))]
        let namespace = storageNamespace ?? release.namespace
        if !namespace.isEmpty { metadata["namespace"] = .string(namespace) }
        metadata["labels"] = .object(labelObject)
        return [
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": .object(metadata),
            "type": .string(secretType),
            "data": ["release": .string(GoBase64.encode(Array(record.utf8)))],
        ]
    }

    /// The release a Secret holds, as Helm's driver reads it: the record under `data.release`
    /// (base64 in the wire JSON, then Helm's own encoding), and the Secret's labels minus the
    /// driver's as the release's labels.
    public static func release(fromSecret secret: JSONValue) throws(ReleaseStorageError) -> Release {
        let name = secret[path: "metadata", "name"]?.stringValue ?? "(unnamed)"
        guard secret.objectValue != nil else { throw ReleaseStorageError(.malformed, "release storage object is not a JSON object") }
        guard let data = secret["data"]?["release"] else {
            throw ReleaseStorageError(.malformed, "secret \(name): no data.release")
        }
        guard let wire = data.stringValue, let recordBytes = GoBase64.decode(wire) else {
            throw ReleaseStorageError(.malformed, "secret \(name): data.release is not base64")
        }
        var release: Release
        do throws(ReleaseStorageError) {
            release = try decodeRecord(String(decoding: recordBytes, as: UTF8.self))
        } catch {
            throw error.context("secret \(name)")
        }
        if let labels = secret[path: "metadata", "labels"]?.objectValue {
            for (k, v) in labels where !systemLabels.contains(k) {
                if let s = v.stringValue { release.labels[k] = s }
            }
        }
        return release
    }

    /// Helm refuses a release's own labels that reuse the driver's names (install and upgrade
    /// check before anything is stored).
    public static func validateLabels(_ labels: [String: String]) throws(ReleaseStorageError) {
        let reserved = labels.keys.filter { systemLabels.contains($0) }.sorted()
        guard reserved.isEmpty else {
            throw ReleaseStorageError(.unencodable,
                                      "release labels \(reserved.joined(separator: ", ")) are reserved for Helm's storage (reserved: \(systemLabels.joined(separator: ", ")))")
        }
    }

    /// Helm's release-name rule: at most 53 characters, DNS-label-like parts of lower-case
    /// letters, digits and `-`, joined by `.`, each starting and ending with a letter or digit.
    public static func validateName(_ name: String) throws(ReleaseStorageError) {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !name.isEmpty && name.utf8.count <= maximumNameLength && parts.allSatisfy { part in
            let bytes = Array(part.utf8)
            guard let first = bytes.first, let last = bytes.last else { return false }
            func alnum(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) }
            return alnum(first) && alnum(last) && bytes.allSatisfy { alnum($0) || $0 == 0x2D }
        }
        guard valid else {
            throw ReleaseStorageError(.unencodable,
                                      "invalid release name \(String(reflecting: name)): at most \(maximumNameLength) characters; lower-case letters, digits, '-' and '.', each '.'-separated part starting and ending with a letter or digit")
        }
    }
}
