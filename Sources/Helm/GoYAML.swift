import GoTemplate
import Sprig

/// YAML as Helm reads and writes it: sigs.k8s.io/yaml over go-yaml v2 (YAML 1.1).
public enum GoYAML {
    /// `yaml.Unmarshal` of sigs.k8s.io/yaml into `interface{}`: YAML → JSON → Go values, so
    /// numbers are float64, keys strings; `null` documents are `.null`. Errors read as Helm's:
    /// `error converting YAML to JSON: yaml: line 6: did not find expected ',' or ']'`.
    public static func unmarshal(_ text: String) throws(GoFunctionError) -> GoValue {
        do {
            guard let root = try parseFirstDocument(text) else { return .null }
            var decoder = GoYAMLDecoder()
            return try decoder.decode(root)
        } catch {
            throw GoFunctionError("error converting YAML to JSON: " + error.message)
        }
    }

    /// `unmarshal` for a reader of a few top-level keys (Helm's sorter reads `apiVersion`,
    /// `kind` and `metadata` of every rendered document): the same errors and the same values
    /// for those keys, without building the rest when it is plain data.
    public static func unmarshalHead(_ text: String, keys: Set<String>) throws(GoFunctionError) -> GoValue {
        do {
            guard let root = try parseFirstDocument(text) else { return .null }
            var head = GoYAMLDecoder()
            if let value = try head.decodeHead(root, keys: keys) { return value }
            var decoder = GoYAMLDecoder()
            return try decoder.decode(root)
        } catch {
            throw GoFunctionError("error converting YAML to JSON: " + error.message)
        }
    }

    /// Every document of a stream, each as `unmarshal` reads one (Helm's `fromYamlArray` reads
    /// one document; this is for callers splitting multi-document files). An empty document
    /// is `.null`.
    public static func unmarshalDocuments(_ text: String) throws(GoFunctionError) -> [GoValue] {
        var roots: [GoYAMLNode?] = []
        do {
            try parse(text, limit: .max) { roots.append($0) }
            var values: [GoValue] = []
            for root in roots {
                guard let root else { values.append(.null); continue }
                var decoder = GoYAMLDecoder()
                values.append(try decoder.decode(root))
            }
            return values
        } catch {
            throw GoFunctionError("error converting YAML to JSON: " + error.message)
        }
    }

    /// `yaml.Marshal` of sigs.k8s.io/yaml (`toYaml`): a JSON round trip, then go-yaml v2's
    /// emitter (sorted keys, YAML 1.1 quoting, literal blocks for multi-line strings).
    /// Errors are json's, prefixed as sigs.k8s.io/yaml does: `error marshaling into JSON:
    /// json: unsupported value: NaN`.
    public static func marshal(_ value: GoValue) throws(GoFunctionError) -> String {
        var marshaller = GoYAMLMarshaller()
        try marshaller.document(value)
        return String(decoding: marshaller.emitter.out, as: UTF8.self)
    }
}
