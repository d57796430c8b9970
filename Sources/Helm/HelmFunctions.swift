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
        "fromYaml": GoFunction("fromYaml", [.string], typeName: "func(string) map[string]interface {}") { args in
            do throws(GoFunctionError) {
                let value = try GoYAML.unmarshal(args[0].stringValue ?? "")
                switch value {
                case .map(let m): return .map(m)
                case .null, .missing: return .map(GoMap())
                default:
                    return .dict(["Error": .string("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal \(jsonKind(value)) into Go value of type map[string]interface {}")])
                }
            } catch {
                return .dict(["Error": .string(error.message)])
            }
        },
        "fromYamlArray": GoFunction("fromYamlArray", [.string], typeName: "func(string) []interface {}") { args in
            do throws(GoFunctionError) {
                let value = try GoYAML.unmarshal(args[0].stringValue ?? "")
                switch value {
                case .list(let l): return .list(l)
                case .null, .missing: return .array([])
                default:
                    return .array([.string("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal \(jsonKind(value)) into Go value of type []interface {}")])
                }
            } catch {
                return .array([.string(error.message)])
            }
        },
        "toJson": GoFunction("toJson", [.any], typeName: "func(interface {}) string") { args in
            .string((try? GoJSON.marshal(args[0])) ?? "")
        },
        "fromJson": GoFunction("fromJson", [.string], typeName: "func(string) map[string]interface {}") { args in
            do throws(GoFunctionError) {
                let value = try GoJSON.unmarshal(args[0].stringValue ?? "")
                switch value {
                case .map(let m): return .map(m)
                case .null, .missing: return .map(GoMap())
                default:
                    return .dict(["Error": .string("json: cannot unmarshal \(jsonKind(value)) into Go value of type map[string]interface {}")])
                }
            } catch {
                return .dict(["Error": .string(error.message)])
            }
        },
        "fromJsonArray": GoFunction("fromJsonArray", [.string], typeName: "func(string) []interface {}") { args in
            do throws(GoFunctionError) {
                let value = try GoJSON.unmarshal(args[0].stringValue ?? "")
                switch value {
                case .list(let l): return .list(l)
                case .null, .missing: return .array([])
                default:
                    return .array([.string("json: cannot unmarshal \(jsonKind(value)) into Go value of type []interface {}")])
                }
            } catch {
                return .array([.string(error.message)])
            }
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

    /// The JSON type name `encoding/json` uses in its unmarshal errors.
    static func jsonKind(_ value: GoValue) -> String {
        switch value {
        case .string: return "string"
        case .bool: return "bool"
        case .int, .uint, .float: return "number"
        case .list: return "array"
        case .map: return "object"
        default: return "null"
        }
    }
}
