import GoTemplate

/// YAML as Helm reads and writes it: sigs.k8s.io/yaml over go-yaml v2 (YAML 1.1).
/// (API first; the implementation follows.)
public enum GoYAML {
    /// `yaml.Unmarshal` of sigs.k8s.io/yaml into `interface{}`: YAML → JSON → Go values, so
    /// numbers are float64, keys strings; `null` documents are `.null`. Errors read as Helm's:
    /// `error converting YAML to JSON: yaml: line 6: did not find expected ',' or ']'`.
    public static func unmarshal(_ text: String) throws(GoFunctionError) -> GoValue { .null }
    /// `yaml.Marshal` of sigs.k8s.io/yaml (`toYaml`): a JSON round trip, then go-yaml v2's
    /// emitter (sorted keys, YAML 1.1 quoting, literal blocks for multi-line strings).
    public static func marshal(_ value: GoValue) throws(GoFunctionError) -> String { "" }
}
