import GoTemplate
import Sprig

/// `.Files`: a chart's non-template files (Helm's `engine.files`, a `map[string][]byte` with
/// methods). Built as a `GoMap` so that `range $path, $_ := .Files.Glob "x/*"` iterates it,
/// with `Get`, `GetBytes`, `Glob`, `Lines`, `AsConfig` and `AsSecrets` as its methods.
enum HelmFiles {
    static func object(_ files: [(name: String, data: [UInt8])]) -> GoValue {
        var data: [String: [UInt8]] = [:]
        for file in files { data[file.name] = file.data }
        return .map(make(data))
    }

    static func make(_ data: [String: [UInt8]]) -> GoMap {
        var entries: [String: GoValue] = [:]
        for (name, bytes) in data { entries[name] = .bytes(bytes) }
        return GoMap(entries, typeName: "engine.files", elementType: "[]uint8", methods: methods(data))
    }

    static func methods(_ data: [String: [UInt8]]) -> [String: GoFunction] {
        [
            "Get": GoFunction("Get", [.string], typeName: "func(string) string") { args in
                .string(text(data[args.first?.stringValue ?? ""] ?? []))
            },
            "GetBytes": GoFunction("GetBytes", [.string], typeName: "func(string) []uint8") { args in
                .bytes(data[args.first?.stringValue ?? ""] ?? [])
            },
            "Glob": GoFunction("Glob", [.string], typeName: "func(string) engine.files") { args in
                let matcher = GlobPattern(args.first?.stringValue ?? "") ?? GlobPattern.everything
                return .map(make(data.filter { matcher.matches($0.key) }))
            },
            "Lines": GoFunction("Lines", [.string], typeName: "func(string) []string") { args in
                guard let bytes = data[args.first?.stringValue ?? ""] else {
                    return .list(GoList([], elementType: "string"))
                }
                var s = text(bytes)
                if s.hasSuffix("\n") { s.removeLast() }
                let lines = s.split(separator: "\n", omittingEmptySubsequences: false).map { GoValue.string(String($0)) }
                return .list(GoList(lines, elementType: "string"))
            },
            "AsConfig": GoFunction("AsConfig", typeName: "func() string") { _ in
                .string(asYAML(data) { .string(text($0)) })
            },
            "AsSecrets": GoFunction("AsSecrets", typeName: "func() string") { _ in
                .string(asYAML(data) { .string(GoBase64.encode($0)) })
            },
        ]
    }

    /// A map of base names to converted contents, as YAML without the final newline; "" when
    /// there are no files (Helm returns "" for a nil map, and `{}` marshals for an empty one).
    static func asYAML(_ data: [String: [UInt8]], _ convert: ([UInt8]) -> GoValue) -> String {
        var m: [String: GoValue] = [:]
        for (name, bytes) in data {
            let base = name.split(separator: "/").last.map(String.init) ?? name
            m[base] = convert(bytes)
        }
        guard let yaml = try? GoYAML.marshal(.dict(m)) else { return "" }
        return yaml.hasSuffix("\n") ? String(yaml.dropLast()) : yaml
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
