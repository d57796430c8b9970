import GoTemplate
import Helm
import Sprig

extension FuzzTarget {
    /// The input is template text, parsed and executed against a small fixed values map with
    /// Sprig's functions and Helm's YAML ones, under the render budget the Helm engine uses
    /// (smaller here, so that a loop the budget would stop is not reported as a timeout). Only
    /// a `TemplateError` may come out.
    static func goTemplate(_ data: [UInt8]) {
        let template = Template(name: "fuzz")
        template.funcs(templateFunctions)
        template.budget = ExecutionBudget(maxOutputBytes: 1 << 20, maxSteps: 200_000)
        do throws(TemplateError) {
            try template.parse(String(decoding: data, as: UTF8.self), as: "fuzz")
            _ = try template.execute("fuzz", data: .map(templateValues()))
        } catch {
            precondition(!error.message.isEmpty, "a template error without a message")
        }
    }

    /// Sprig without `env`/`expandenv` (as Helm), plus `toYaml`, `fromYaml` and `toJson`
    /// written over GoYAML as Helm's are.
    static let templateFunctions: [String: GoFunction] = {
        var functions = Sprig.functions
        functions.removeValue(forKey: "env")
        functions.removeValue(forKey: "expandenv")
        functions["toYaml"] = GoFunction("toYaml", [.any], typeName: "func(interface {}) string") { args in
            .string((try? GoYAML.marshal(args[0])) ?? "")
        }
        functions["fromYaml"] = GoFunction("fromYaml", [.string], typeName: "func(string) map[string]interface {}") { args in
            (try? GoYAML.unmarshal(args[0].stringValue ?? "")) ?? .map(GoMap())
        }
        return functions
    }()

    /// A fresh map per input: a template may change it (`set`, `unset`).
    static func templateValues() -> GoMap {
        let values = GoMap([
            "name": .string("web"),
            "replicas": .float(3),
            "enabled": .bool(true),
            "labels": .map(GoMap(["app": .string("web"), "tier": .string("front")])),
            "ports": .list(GoList([.float(80), .float(443)])),
            "image": .map(GoMap(["repository": .string("nginx"), "tag": .string("1.27")])),
        ], typeName: "chartutil.Values")
        return GoMap([
            "Values": .map(values),
            "Release": .map(GoMap(["Name": .string("rel"), "Namespace": .string("default")])),
        ])
    }
}
