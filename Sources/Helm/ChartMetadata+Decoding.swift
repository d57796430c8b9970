import GoTemplate

/// Reading Chart.yaml, requirements.yaml and lock files as sigs.k8s.io/yaml does into Helm's
/// structs: YAML → JSON, then `encoding/json` into the struct. So keys match field names
/// exactly or ignoring case, unknown keys are ignored, `null` leaves a field alone, scalars
/// meant for a string field become strings (`version: 1` is "1"), and any other mismatch fails
/// as Go's decoder does (`json: cannot unmarshal array into Go struct field Metadata.name of
/// type string`).
struct GoStructReader {
    let structName: String
    let path: [String]
    let object: GoMap

    /// Decodes `value` (the whole document) as a struct; nil for a `null` document.
    static func document(_ value: GoValue, goType: String, structName: String) throws(HelmError) -> GoStructReader? {
        switch value {
        case .null, .missing: return nil
        case .map(let m): return GoStructReader(structName: structName, path: [], object: m)
        default:
            throw unmarshalError(valueTypeError(value, goType: goType))
        }
    }

    static func unmarshalError(_ text: String) -> HelmError {
        HelmError("error unmarshaling JSON: while decoding JSON: " + text)
    }

    /// encoding/json's error for a decoded value `goType` cannot hold.
    static func valueTypeError(_ value: GoValue, goType: String) -> String {
        "json: cannot unmarshal \(jsonKind(value)) into Go value of type \(goType)"
    }

    /// The JSON type name encoding/json uses in its unmarshal errors.
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

    /// The value under a JSON field name: an exact key first, then one equal ignoring case.
    func value(_ name: String) -> GoValue? {
        if let v = object[name] { return v }
        let lower = name.lowercased()
        for key in object.sortedKeys where key.lowercased() == lower { return object[key] }
        return nil
    }

    func typeError(_ value: GoValue, _ field: String, _ goType: String) -> HelmError {
        let fieldPath = (path + [field]).joined(separator: ".")
        return GoStructReader.unmarshalError(
            "json: cannot unmarshal \(GoStructReader.jsonKind(value)) into Go struct field \(structName).\(fieldPath) of type \(goType)")
    }

    /// A scalar as sigs.k8s.io/yaml hands it to a string field: numbers and booleans in their
    /// text form, nil for values that stay a type error.
    static func scalarString(_ value: GoValue) -> String? {
        switch value {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let i, _): return String(i)
        case .uint(let u, _): return String(u)
        case .float(let d):
            if d == d.rounded(), abs(d) < 1e18 { return String(Int64(d)) }
            return "\(Float(d))"
        default: return nil
        }
    }

    func string(_ field: String, into target: inout String) throws(HelmError) {
        guard let v = value(field) else { return }
        if v.isNil { return }
        guard let s = GoStructReader.scalarString(v) else { throw typeError(v, field, "string") }
        target = s
    }

    func bool(_ field: String, into target: inout Bool) throws(HelmError) {
        guard let v = value(field) else { return }
        switch v {
        case .null, .missing: return
        case .bool(let b): target = b
        default: throw typeError(v, field, "bool")
        }
    }

    /// A `[]string` field; nil when absent or null (Go's nil slice).
    func strings(_ field: String) throws(HelmError) -> [String]? {
        guard let v = value(field) else { return nil }
        switch v {
        case .null, .missing: return nil
        case .list(let l):
            var out: [String] = []
            out.reserveCapacity(l.items.count)
            for item in l.items {
                if item.isNil { out.append(""); continue }
                guard let s = GoStructReader.scalarString(item) else { throw typeError(item, field, "string") }
                out.append(s)
            }
            return out
        default: throw typeError(v, field, "[]string")
        }
    }

    func stringMap(_ field: String) throws(HelmError) -> [String: String]? {
        guard let v = value(field) else { return nil }
        switch v {
        case .null, .missing: return nil
        case .map(let m):
            var out: [String: String] = [:]
            for (key, item) in m.entries {
                if item.isNil { out[key] = ""; continue }
                guard let s = GoStructReader.scalarString(item) else { throw typeError(item, field, "string") }
                out[key] = s
            }
            return out
        default: throw typeError(v, field, "map[string]string")
        }
    }

    /// A `[]*T` field of structs: each item a reader, nil for `null` items.
    func structs(_ field: String, goType: String, structName: String) throws(HelmError) -> [GoStructReader?]? {
        guard let v = value(field) else { return nil }
        switch v {
        case .null, .missing: return nil
        case .list(let l):
            var out: [GoStructReader?] = []
            for item in l.items {
                switch item {
                case .null, .missing: out.append(nil)
                case .map(let m): out.append(GoStructReader(structName: structName, path: path + [field], object: m))
                default: throw typeError(item, field, goType)
                }
            }
            return out
        default: throw typeError(v, field, "[]*" + goType)
        }
    }

    func anyList(_ field: String) throws(HelmError) -> [GoValue]? {
        guard let v = value(field) else { return nil }
        switch v {
        case .null, .missing: return nil
        case .list(let l): return l.items
        default: throw typeError(v, field, "[]interface {}")
        }
    }
}

extension ChartMetadata {
    /// Decodes the fields of `reader` over `self` (a second document, requirements.yaml, adds
    /// its fields to Chart.yaml's).
    mutating func decode(_ r: GoStructReader) throws(HelmError) {
        try r.string("name", into: &name)
        try r.string("home", into: &home)
        if r.value("sources") != nil { sources = try r.strings("sources") ?? [] }
        try r.string("version", into: &version)
        try r.string("description", into: &description)
        if r.value("keywords") != nil { keywords = try r.strings("keywords") ?? [] }
        if let items = try r.structs("maintainers", goType: "chart.Maintainer", structName: "Maintainer") {
            var out: [ChartMaintainer?] = []
            for item in items {
                guard let item else { out.append(nil); continue }
                var m = ChartMaintainer()
                try item.string("name", into: &m.name)
                try item.string("email", into: &m.email)
                try item.string("url", into: &m.url)
                out.append(m)
            }
            maintainers = out
        } else if r.value("maintainers") != nil {
            maintainers = []
        }
        try r.string("icon", into: &icon)
        try r.string("apiVersion", into: &apiVersion)
        try r.string("condition", into: &condition)
        try r.string("tags", into: &tags)
        try r.string("appVersion", into: &appVersion)
        try r.bool("deprecated", into: &deprecated)
        if r.value("annotations") != nil { annotations = try r.stringMap("annotations") ?? [:] }
        try r.string("kubeVersion", into: &kubeVersion)
        if r.value("dependencies") != nil {
            if let deps = try ChartDependency.decodeList(r, field: "dependencies") {
                dependencies = deps
                hasDependencies = true
            } else {
                dependencies = []
                hasDependencies = false
            }
        }
        try r.string("type", into: &type)
    }
}

extension ChartDependency {
    static func decodeList(_ r: GoStructReader, field: String) throws(HelmError) -> [ChartDependency?]? {
        guard let items = try r.structs(field, goType: "chart.Dependency", structName: "Dependency") else { return nil }
        var out: [ChartDependency?] = []
        for item in items {
            guard let item else { out.append(nil); continue }
            var d = ChartDependency()
            try item.string("name", into: &d.name)
            try item.string("version", into: &d.version)
            try item.string("repository", into: &d.repository)
            try item.string("condition", into: &d.condition)
            d.tags = try item.strings("tags") ?? []
            try item.bool("enabled", into: &d.enabled)
            d.importValues = try item.anyList("import-values") ?? []
            try item.string("alias", into: &d.alias)
            out.append(d)
        }
        return out
    }
}

extension ChartLock {
    init(_ r: GoStructReader) throws(HelmError) {
        self.init()
        try r.string("generated", into: &generated)
        try r.string("digest", into: &digest)
        dependencies = try ChartDependency.decodeList(r, field: "dependencies") ?? []
    }
}
