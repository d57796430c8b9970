import GoTemplate

/// Go's `encoding/json` for template values. (API first; the implementation follows.)
public enum GoJSON {
    /// `json.Marshal(v)`: map keys sorted, `<`, `>`, `&` escaped as `\u003c`…, floats as Go
    /// writes them. `escapeHTML: false` is `toRawJson`'s encoder.
    public static func marshal(_ value: GoValue, escapeHTML: Bool = true) throws(GoFunctionError) -> String { "" }
    /// `json.MarshalIndent(v, "", "  ")` (`toPrettyJson`).
    public static func marshalIndent(_ value: GoValue, indent: String = "  ") throws(GoFunctionError) -> String { "" }
    /// `json.Unmarshal` into `interface{}`: numbers become float64, objects
    /// `map[string]interface {}`; errors read as Go's.
    public static func unmarshal(_ text: String) throws(GoFunctionError) -> GoValue { .null }
}

extension Sprig {
    /// `toJson`, `mustToJson`, `toPrettyJson`, `toRawJson`, `fromJson`, … 
    public static var jsonFunctions: [String: GoFunction] { [:] }
}
