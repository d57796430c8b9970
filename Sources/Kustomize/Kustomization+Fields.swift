import Manifests

/// A parsed kustomization file: its fields as JSON plus where it came from.
struct Kustomization {
    var file: String
    var dir: String
    var fields: JSONObject

    static let knownFields: Set<String> = [
        "apiVersion", "kind", "metadata", "openapi", "namePrefix", "nameSuffix", "namespace",
        "commonLabels", "labels", "commonAnnotations", "patchesStrategicMerge", "patchesJson6902",
        "patches", "images", "imageTags", "replacements", "replicas", "vars", "sortOptions", "resources",
        "components", "crds", "bases", "configMapGenerator", "secretGenerator", "helmGlobals",
        "helmCharts", "helmChartInflationGenerator", "generatorOptions", "configurations",
        "generators", "transformers", "validators", "buildMetadata",
    ]

    init(file: String, dir: String, text: String) throws {
        self.file = file
        self.dir = dir
        let docs = try KYAML.documents(text, source: file, allowDuplicateKeys: true).filter { $0 != .null }
        guard docs.count <= 1 else {
            throw KustomizeError.malformedYAML(file: file, line: nil, reason: "a kustomization must be one YAML document")
        }
        switch docs.first ?? .object([:]) {
        case .object(let o): fields = o
        default: throw KustomizeError.malformedYAML(file: file, line: nil, reason: "a kustomization must be a mapping")
        }
        // Go's encoding/json matches field names case-insensitively.
        var canonical = JSONObject()
        for (key, value) in fields {
            guard let known = Kustomization.knownFields.first(where: { $0.lowercased() == key.lowercased() }) else {
                throw KustomizeError.unknownField(file: file, line: Kustomization.line(ofTopLevelKey: key, in: text), field: key)
            }
            canonical[known] = value
        }
        fields = canonical
        for field in ["helmCharts", "helmChartInflationGenerator", "helmGlobals"] where fields[field] != nil {
            throw KustomizeError.unsupported(file: file, field: field, reason: "Helm charts are not supported by Ferry's kustomize engine")
        }
        if let kind = fields["kind"]?.stringValue, kind != "Kustomization", kind != "Component" {
            throw KustomizeError.invalidField(file: file, field: "kind", reason: "kind \"\(kind)\" is not Kustomization or Component")
        }
    }

    func validateKind(asComponent: Bool) throws {
        let api = string("apiVersion")
        if asComponent, let api, api != "kustomize.config.k8s.io/v1alpha1" {
            throw KustomizeError.invalidField(file: file, field: "apiVersion", reason: "apiVersion for Component should be kustomize.config.k8s.io/v1alpha1")
        }
        if !asComponent, let api, api != "kustomize.config.k8s.io/v1beta1" {
            throw KustomizeError.invalidField(file: file, field: "apiVersion", reason: "apiVersion for Kustomization should be kustomize.config.k8s.io/v1beta1")
        }
        if let o = fields["openapi"]?.objectValue {
            if o["path"] != nil && o["version"] != nil {
                throw KustomizeError.invalidField(file: file, field: "openapi", reason: "builtin version and custom schema provided, cannot use both")
            }
        }
    }

    /// kustomize's deprecation warnings for the fields this kustomization uses.
    var deprecationWarnings: [String] {
        let replaced: [(String, String, String)] = [
            ("bases", "resources", ""), ("commonLabels", "labels", ""), ("imageTags", "images", ""),
            ("patchesJson6902", "patches", ""), ("patchesStrategicMerge", "patches", ""),
            ("vars", "replacements", " [EXPERIMENTAL]"),
        ]
        return replaced.filter { fields[$0.0] != nil }.map { old, new, note in
            "# Warning: '\(old)' is deprecated. Please use '\(new)' instead.\(note) Run 'kustomize edit fix' to update your Kustomization automatically."
        }
    }

    /// 1-based line where a top-level key is written, for error messages.
    static func line(ofTopLevelKey key: String, in text: String) -> Int? {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (i, l) in lines.enumerated() {
            let t = l.hasPrefix("\"") || l.hasPrefix("'") ? l.dropFirst() : l[...]
            if t.hasPrefix(key), t.dropFirst(key.count).first.map({ $0 == ":" || $0 == "\"" || $0 == "'" }) == true {
                return i + 1
            }
        }
        return nil
    }

    var isComponent: Bool { fields["kind"]?.stringValue == "Component" }

    func string(_ key: String) -> String? { fields[key]?.stringValue }

    func strings(_ key: String) throws -> [String] {
        guard let v = fields[key], v != .null else { return [] }
        guard case .array(let a) = v else {
            throw KustomizeError.invalidField(file: file, field: key, reason: "expected a list of strings")
        }
        return try a.map {
            guard let s = $0.stringValue else {
                throw KustomizeError.invalidField(file: file, field: key, reason: "expected a list of strings")
            }
            return s
        }
    }

    func list(_ key: String) -> [JSONValue] { fields[key]?.arrayValue ?? [] }

    func map(_ key: String) -> JSONObject { fields[key]?.objectValue ?? [:] }

    /// Label/annotation maps: values must be strings in the output, whatever YAML type they had.
    func stringMap(_ key: String) -> [(String, String)] {
        map(key).map { ($0.key, Kustomization.scalarString($0.value)) }
    }

    static func scalarString(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return KYAML.formatFloat(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        default: return KYAML.marshal(v)
        }
    }

    static func isRemote(_ path: String) -> Bool {
        path.contains("://") || path.hasPrefix("github.com/") || path.hasPrefix("git@")
            || path.hasPrefix("gitlab.com/") || path.hasPrefix("bitbucket.org/")
    }
}
