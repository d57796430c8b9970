import Testing
@testable import GoTemplate

/// Shared helpers of the executor's tests: parse one text as template "t" and run it.
enum Exec {
    static func render(_ text: String, _ data: GoValue = .missing, funcs: [String: GoFunction] = [:],
                       missingKey: Template.MissingKey = .default) throws(TemplateError) -> String {
        let set = Template(name: "t")
        set.funcs(funcs)
        set.missingKey = missingKey
        try set.parse(text, as: "t")
        return try set.execute("t", data: data)
    }

    /// The error message of a render that must fail.
    static func failure(_ text: String, _ data: GoValue = .missing, funcs: [String: GoFunction] = [:],
                        missingKey: Template.MissingKey = .default) -> String {
        do {
            let output = try render(text, data, funcs: funcs, missingKey: missingKey)
            return "no error; rendered \(output)"
        } catch {
            return error.message
        }
    }

    /// Helm-like values: `{"name": "web", "port": 80.0, "tags": ["a","b"], "nested": {"k": "v"}, "empty": "", "nothing": nil}`.
    static var values: GoValue {
        .dict([
            "name": .string("web"),
            "port": .float(80),
            "tags": .array([.string("a"), .string("b")]),
            "nested": .dict(["k": .string("v")]),
            "empty": .string(""),
            "nothing": .null,
        ])
    }
}

/// A struct-like value with a field and a method, as Helm's `.Files` or `.Chart` are.
final class SampleObject: GoObject, @unchecked Sendable {
    var goTypeName: String { "*test.Sample" }
    func field(_ name: String) -> GoValue? {
        switch name {
        case "Name": return .string("sample")
        case "Count": return .integer(3)
        default: return nil
        }
    }
    func method(_ name: String) -> GoFunction? {
        switch name {
        case "Get":
            return GoFunction("Get", [.string]) { args in .string("got " + (args[0].stringValue ?? "?")) }
        case "Fail":
            return GoFunction("Fail", []) { _ in throw GoFunctionError("sample failure") }
        default: return nil
        }
    }
    var goDescription: String { "&{sample 3}" }
}

/// A named slice type with a method, as Helm's `chartutil.VersionSet` (`[]string` with `Has`).
final class SampleVersionSet: GoObject, @unchecked Sendable {
    let versions: [String]
    init(_ versions: [String]) { self.versions = versions }
    var goTypeName: String { "chartutil.VersionSet" }
    var goKind: String { "slice" }
    func field(_ name: String) -> GoValue? { nil }
    func method(_ name: String) -> GoFunction? {
        guard name == "Has" else { return nil }
        let versions = versions
        return GoFunction("Has", [.string]) { args in .bool(versions.contains(args[0].stringValue ?? "")) }
    }
    var goDescription: String { "[" + versions.joined(separator: " ") + "]" }
    var jsonValue: GoValue { .list(GoList(versions.map { .string($0) }, elementType: "string")) }
}
