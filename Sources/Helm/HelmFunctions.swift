import GoTemplate
import Sprig

/// The functions Helm adds to Sprig's (`engine/funcs.go`): YAML, JSON and TOML conversion and
/// `lookup`. `include`, `tpl`, `required` and `fail` are bound per render by `RenderEngine`.
enum HelmFunctions {
    static let all: [String: GoFunction] = [
        "toYaml": GoFunction("toYaml", [.any], typeName: "func(interface {}) string") { args in
            // Helm swallows marshal errors inside templates: "".
            guard let yaml = try? GoYAML.marshal(args[0]) else { return .string("") }
            return .string(yaml.hasSuffix("\n") ? String(yaml.dropLast()) : yaml)
        },
        "fromYaml": decoder("fromYaml", into: "map[string]interface {}", wrapped: true) { s throws(GoFunctionError) in
            try GoYAML.unmarshal(s)
        },
        "fromYamlArray": decoder("fromYamlArray", into: "[]interface {}", wrapped: true) { s throws(GoFunctionError) in
            try GoYAML.unmarshal(s)
        },
        "toJson": GoFunction("toJson", [.any], typeName: "func(interface {}) string") { args in
            .string((try? GoJSON.marshal(args[0])) ?? "")
        },
        "fromJson": decoder("fromJson", into: "map[string]interface {}", wrapped: false) { s throws(GoFunctionError) in
            try GoJSON.unmarshal(s)
        },
        "fromJsonArray": decoder("fromJsonArray", into: "[]interface {}", wrapped: false) { s throws(GoFunctionError) in
            try GoJSON.unmarshal(s)
        },
        "toToml": GoFunction("toToml", [.any], typeName: "func(interface {}) string") { args in
            do throws(GoFunctionError) {
                return .string(try GoTOML.marshal(args[0]))
            } catch {
                return .string(error.message)
            }
        },
        // `helm template` has no cluster: every lookup finds nothing.
        "lookup": GoFunction("lookup", [.string, .string, .string, .string],
                             typeName: "func(string, string, string, string) (map[string]interface {}, error)") { _ in
            .map(GoMap())
        },
    ]

    /// Helm's `fromYaml`, `fromJson` and their `Array` forms: the text decoded into `goType`
    /// (a map or a list); an error is not thrown but returned, under `Error` in a map or as a
    /// list's only item. sigs.k8s.io/yaml (`wrapped`) prefixes encoding/json's type errors.
    private static func decoder(_ name: String, into goType: String, wrapped: Bool,
                                _ decode: @escaping @Sendable (String) throws(GoFunctionError) -> GoValue) -> GoFunction {
        let isList = goType.hasPrefix("[]")
        return GoFunction(name, [.string], typeName: "func(string) " + goType) { args in
            let failure: String
            do throws(GoFunctionError) {
                let value = try decode(args[0].stringValue ?? "")
                switch value {
                case .map(let m) where !isList: return .map(m)
                case .list(let l) where isList: return .list(l)
                case .null, .missing: return isList ? .array([]) : .map(GoMap())
                default:
                    let error = GoStructReader.valueTypeError(value, goType: goType)
                    failure = wrapped ? GoStructReader.unmarshalError(error).message : error
                }
            } catch {
                failure = error.message
            }
            return isList ? .array([.string(failure)]) : .dict(["Error": .string(failure)])
        }
    }
}
