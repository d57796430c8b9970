import GoTemplate
import Sprig

/// Reading an index as Helm's `jsonOrYamlUnmarshal` does: bytes that are valid JSON go through
/// `json.Unmarshal` (lenient); anything else through sigs.k8s.io/yaml's `UnmarshalStrict`,
/// which also refuses keys no field has (`json: unknown field "x"`). Field names match
/// ignoring case, as Go's decoder matches them.
///
/// Not reproduced: strict mode's refusal of a key repeated in one mapping (the later value
/// wins here, as in lenient mode).
extension RepositoryIndex {
    struct Document {
        var value: GoValue
        var isJSON: Bool
    }

    static func decodeDocument(_ bytes: [UInt8]) throws(HelmError) -> Document {
        let text = String(decoding: bytes, as: UTF8.self)
        // A YAML index fails at its first byte (`apiVersion:`), so this costs nothing there.
        if let first = bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
           first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
           let value = try? GoJSON.unmarshal(text) {
            return Document(value: value, isJSON: true)
        }
        do throws(GoFunctionError) {
            return Document(value: try GoYAML.unmarshal(text), isJSON: false)
        } catch {
            throw HelmError(error.message)
        }
    }

    /// The JSON names of a Go struct's fields, and how a key is matched to one.
    struct FieldTable {
        let names: Set<String>
        let byLowercase: [String: String]

        init(_ names: [String]) {
            self.names = Set(names)
            byLowercase = Dictionary(names.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        }

        func known(_ key: String) -> Bool { names.contains(key) || byLowercase[key.lowercased()] != nil }

        /// The object with every key renamed to its field's exact name (an exact key wins over
        /// one differing in case, then the first in sorted order, as Go's decoder and
        /// ``GoStructReader`` choose) and every absent field present as `.missing`, which
        /// readers treat as absent: so a reader never falls back to its per-field scan of the
        /// keys, which dominated the decoding of a large index.
        func canonical(_ object: GoMap) -> GoMap {
            var out: [String: GoValue] = [:]
            out.reserveCapacity(names.count + object.count)
            for name in names { out[name] = .missing }
            var inexact = false
            for (key, value) in object.entries {
                if names.contains(key) { out[key] = value } else { inexact = true }
            }
            if inexact {
                for key in object.sortedKeys where !names.contains(key) {
                    if let name = byLowercase[key.lowercased()], out[name]?.isMissing == true {
                        out[name] = object[key]
                    } else if byLowercase[key.lowercased()] == nil {
                        out[key] = object[key]
                    }
                }
            }
            return GoMap(out)
        }
    }

    static let indexFields = FieldTable(["serverInfo", "apiVersion", "generated", "entries", "publicKeys", "annotations"])
    static let metadataFieldNames = [
        "name", "home", "sources", "version", "description", "keywords", "maintainers", "icon", "apiVersion",
        "condition", "tags", "appVersion", "deprecated", "annotations", "kubeVersion", "dependencies", "type",
    ]
    static let chartVersionFields = FieldTable(metadataFieldNames + ["urls", "created", "removed", "digest", "checksum", "engine", "tillerVersion", "url"])
    static let maintainerFields = FieldTable(["name", "email", "url"])
    static let dependencyFields = FieldTable(["name", "version", "repository", "condition", "tags", "enabled", "import-values", "alias"])

    init(decoding value: GoValue, strict: Bool) throws(HelmError) {
        self.init(apiVersion: "")
        guard let r = try GoStructReader.document(value, goType: "repo.IndexFile", structName: "IndexFile") else { return }
        if strict { try Self.refuseUnknown(r.object, known: Self.indexFields) }
        try r.string("apiVersion", into: &apiVersion)
        generated = try Self.timestamp(r, "generated")
        publicKeys = try r.strings("publicKeys") ?? []
        annotations = try r.stringMap("annotations") ?? [:]
        if let info = r.value("serverInfo") {
            switch info {
            case .null, .missing: break
            case .map(let m): serverInfo = m
            default: throw r.typeError(info, "serverInfo", "map[string]interface {}")
            }
        }
        guard let raw = r.value("entries") else { return }
        switch raw {
        case .null, .missing: return
        case .map(let m):
            for (name, list) in m.entries {
                switch list {
                case .null, .missing: entries[name] = []
                case .list(let l):
                    var versions: [IndexChartVersion] = []
                    versions.reserveCapacity(l.items.count)
                    for item in l.items {
                        switch item {
                        case .null, .missing: continue  // Helm skips an empty entry
                        case .map(let object):
                            versions.append(try IndexChartVersion(decoding: object, strict: strict))
                        default: throw r.typeError(item, "entries", "repo.ChartVersion")
                        }
                    }
                    entries[name] = versions
                default: throw r.typeError(list, "entries", "repo.ChartVersions")
                }
            }
        default: throw r.typeError(raw, "entries", "map[string]repo.ChartVersions")
        }
    }

    /// `json: unknown field "x"` for the first key (in sorted order) no field takes.
    static func refuseUnknown(_ object: GoMap, known fields: FieldTable) throws(HelmError) {
        if object.entries.keys.allSatisfy(fields.names.contains) { return }
        for key in object.sortedKeys where !fields.known(key) {
            throw GoStructReader.unmarshalError("json: unknown field " + GoJSON.quote(key))
        }
    }

    /// A `time.Time` field: `null` or absent is the zero time; a string must be RFC 3339.
    static func timestamp(_ r: GoStructReader, _ field: String) throws(HelmError) -> IndexTimestamp {
        guard let v = r.value(field) else { return .zero }
        switch v {
        case .null, .missing: return .zero
        case .string(let s):
            guard let t = IndexTimestamp(rfc3339: s) else {
                throw GoStructReader.unmarshalError("parsing time \(GoJSON.quote(s)) as \"\(IndexTimestamp.layout)\": cannot parse \(GoJSON.quote(s)) as \"2006\"")
            }
            return t
        default:
            throw GoStructReader.unmarshalError("Time.UnmarshalJSON: input is not a JSON string")
        }
    }
}

extension IndexChartVersion {
    init(decoding object: GoMap, strict: Bool) throws(HelmError) {
        let r = GoStructReader(structName: "ChartVersion", path: [], object: RepositoryIndex.chartVersionFields.canonical(object))
        if strict {
            try RepositoryIndex.refuseUnknown(object, known: RepositoryIndex.chartVersionFields)
            for item in try r.structs("maintainers", goType: "chart.Maintainer", structName: "Maintainer") ?? [] {
                if let item { try RepositoryIndex.refuseUnknown(item.object, known: RepositoryIndex.maintainerFields) }
            }
            for item in try r.structs("dependencies", goType: "chart.Dependency", structName: "Dependency") ?? [] {
                if let item { try RepositoryIndex.refuseUnknown(item.object, known: RepositoryIndex.dependencyFields) }
            }
        }
        var metadata = ChartMetadata()
        try metadata.decode(r)
        self.init(metadata: metadata)
        urls = try r.strings("urls") ?? []
        created = try RepositoryIndex.timestamp(r, "created")
        try r.bool("removed", into: &removed)
        try r.string("digest", into: &digest)
        try r.string("checksum", into: &checksum)
        try r.string("engine", into: &engine)
        try r.string("tillerVersion", into: &tillerVersion)
        try r.string("url", into: &url)
    }
}
