import Crypto
import GoTemplate
import Sprig

/// A chart repository's `index.yaml`: Helm's `repo.IndexFile` as Flux's HelmRepository reads
/// it (source-controller's `IndexFromBytes`, itself Helm 3.15's `loadIndex`).
///
/// Loading is bounded: the bytes are refused beyond `maximumSize` before any parsing (public
/// indexes reach hundreds of MiB; Flux's default cap is 50 MiB), and the YAML reader is
/// ``GoYAML``, which refuses alias bombs as go-yaml v2 does (`document contains excessive
/// aliasing`). Entries that fail chart-metadata validation (a version that is not semver, no
/// name, …) are dropped with a warning; `null` entries are dropped; each chart's versions
/// are sorted newest first (Helm's `SortEntries`).
public struct RepositoryIndex: Sendable {
    public var apiVersion: String
    public var generated: IndexTimestamp
    /// Chart name → versions, newest first.
    public var entries: [String: [IndexChartVersion]]
    public var publicKeys: [String]
    public var annotations: [String: String]
    /// ChartMuseum's `serverInfo` (kept only to write it back).
    public var serverInfo: GoMap?

    public init(apiVersion: String = "v1", generated: IndexTimestamp = .zero,
                entries: [String: [IndexChartVersion]] = [:], publicKeys: [String] = [],
                annotations: [String: String] = [:], serverInfo: GoMap? = nil) {
        self.apiVersion = apiVersion
        self.generated = generated
        self.entries = entries
        self.publicKeys = publicKeys
        self.annotations = annotations
        self.serverInfo = serverInfo
    }

    /// Flux's `helm.MaxIndexSize` (the controller's `--helm-index-max-size` default).
    public static let defaultMaximumSize = 50 << 20

    /// Parses an index (YAML, or JSON when the bytes are valid JSON, as Helm decides) with
    /// Helm's errors: `empty index.yaml file`, `no API version specified`, the decoder's
    /// `error converting YAML to JSON: …` / `error unmarshaling JSON: …`. Bytes beyond
    /// `maximumSize` are refused unread (`index exceeds the maximum index file size of N
    /// bytes`, Flux's text). Skipped entries are reported in `warnings`.
    public static func load(_ bytes: [UInt8], maximumSize: Int = defaultMaximumSize,
                            warnings: inout [String]) throws(HelmError) -> RepositoryIndex {
        guard bytes.count <= maximumSize else {
            throw HelmError("index exceeds the maximum index file size of \(maximumSize) bytes")
        }
        if bytes.isEmpty { throw HelmError("empty index.yaml file") }
        let document = try decodeDocument(bytes)
        var index: RepositoryIndex
        do throws(HelmError) {
            index = try RepositoryIndex(decoding: document.value, strict: !document.isJSON)
        } catch {
            // encoding/json's own errors carry no sigs.k8s.io/yaml prefix.
            let prefix = GoStructReader.unmarshalError("").message
            if document.isJSON && error.message.hasPrefix(prefix) { throw HelmError(String(error.message.dropFirst(prefix.count))) }
            throw error
        }
        if index.apiVersion.isEmpty { throw HelmError("no API version specified") }
        index.validateEntries(warnings: &warnings)
        index.sortEntries()
        return index
    }

    public static func load(_ bytes: [UInt8], maximumSize: Int = defaultMaximumSize) throws(HelmError) -> RepositoryIndex {
        var warnings: [String] = []
        return try load(bytes, maximumSize: maximumSize, warnings: &warnings)
    }

    /// The revision Flux's HelmRepository gives these bytes: `sha256:<hex>` over the index
    /// exactly as downloaded (not over the JSON it stores), so an unchanged index keeps its
    /// revision and the reconcile short-circuits.
    public static func revision(of bytes: [UInt8]) -> String {
        "sha256:" + SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// The artifact file name Flux stores the index under: `index-<hex of the revision>.yaml`.
    public static func artifactFileName(revision: String) -> String {
        let hex = revision.hasPrefix("sha256:") ? String(revision.dropFirst(7)) : revision
        return "index-\(hex).yaml"
    }

    /// Helm's per-entry check: an entry without metadata gets apiVersion v1, then chart
    /// metadata validation; failures other than a duplicate dependency name (JFrog strips
    /// aliases, helm/helm#12748) drop the entry.
    mutating func validateEntries(warnings: inout [String]) {
        for name in entries.keys.sorted() {
            guard let versions = entries[name] else { continue }
            var kept: [IndexChartVersion] = []
            kept.reserveCapacity(versions.count)
            for var version in versions {
                if version.metadata.apiVersion.isEmpty { version.metadata.apiVersion = ChartMetadata.apiVersionV1 }
                var checked = version.metadata
                do throws(HelmError) {
                    try checked.validate()
                    version.metadata = checked
                } catch {
                    if !error.message.hasPrefix("validation: more than one dependency with name or alias") {
                        warnings.append("skipping loading invalid entry for chart \(ChartMetadata.quote(name)) \(ChartMetadata.quote(version.metadata.version)): \(error.message)")
                        continue
                    }
                }
                kept.append(version)
            }
            entries[name] = kept
        }
    }

    /// Helm's `SortEntries`: newest version first (Masterminds ordering, build metadata
    /// ignored). Equal versions keep their order (Go's sort is not stable; stable here, so
    /// the same bytes always give the same order).
    mutating func sortEntries() {
        for (name, versions) in entries where versions.count > 1 {
            let parsed = versions.map { try? SemverVersion.parse($0.version) }
            let order = versions.indices.sorted { a, b in
                switch (parsed[a], parsed[b]) {
                case let (x?, y?):
                    let c = x.compare(y)
                    return c != 0 ? c > 0 : a < b
                case (_?, nil): return true
                case (nil, _?): return false
                case (nil, nil): return a < b
                }
            }
            entries[name] = order.map { versions[$0] }
        }
    }
}

/// One version of a chart in an index: Helm's `repo.ChartVersion` (the chart's metadata plus
/// where to download it).
public struct IndexChartVersion: Sendable {
    public var metadata: ChartMetadata
    /// Download locations; Helm and Flux use the first (absolute, or relative to the repository URL).
    public var urls: [String]
    public var created: IndexTimestamp
    public var removed: Bool
    /// The archive's sha256 as hex, as `helm repo index` writes it ("" when absent).
    public var digest: String
    /// Deprecated fields an index may still carry; kept only to write them back.
    var checksum = "", engine = "", tillerVersion = "", url = ""

    public init(metadata: ChartMetadata, urls: [String] = [], created: IndexTimestamp = .zero,
                removed: Bool = false, digest: String = "") {
        self.metadata = metadata
        self.urls = urls
        self.created = created
        self.removed = removed
        self.digest = digest
    }

    public var name: String { metadata.name }
    public var version: String { metadata.version }
}
