/// A Go struct (or pointer to one) seen by templates: named fields and methods, looked up by
/// their exported (capitalised) names. `.Chart.Name` is a field; `.Files.Get "a"` and
/// `.Capabilities.APIVersions.Has "v1"` are methods.
public protocol GoObject: AnyObject, Sendable {
    /// `reflect.Type.String()`: `*chart.Metadata`, `chartutil.Capabilities`, `*semver.Version`.
    var goTypeName: String { get }
    /// `reflect.Kind` as `kindOf` prints it: `ptr`, `struct`, `slice`, `map`.
    var goKind: String { get }
    /// An exported field's value, or nil when the type has no such field.
    func field(_ name: String) -> GoValue?
    /// An exported method, or nil when the type has none of that name. Fields are looked up
    /// after methods, as Go's `evalField` does.
    func method(_ name: String) -> GoFunction?
    /// What `%v` and `{{ . }}` print: `String()` for a `fmt.Stringer`, else Go's struct form
    /// (`{a b}`, `&{a b}` for pointers).
    var goDescription: String { get }
    /// The value converted to plain data for `toYaml`/`toJson` (what `encoding/json` would
    /// marshal: a map of the JSON field names); `.null` when it marshals to null.
    var jsonValue: GoValue { get }
    /// For an object whose Go kind is a slice with methods (Helm's `chartutil.VersionSet`, a
    /// `[]string` with `Has`): its elements, for `range`, `len` and `index`. nil otherwise.
    var sequence: [GoValue]? { get }
}

extension GoObject {
    public var goKind: String { goTypeName.hasPrefix("*") ? "ptr" : "struct" }
    public func method(_ name: String) -> GoFunction? { nil }
    public var jsonValue: GoValue { .null }
    public var sequence: [GoValue]? { nil }
}
