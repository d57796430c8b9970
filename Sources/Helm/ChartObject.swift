import GoTemplate

/// `.Chart` as templates see it: Helm's `struct { chart.Metadata; IsRoot bool }`, the chart's
/// metadata with its exported Go field names (`.Chart.Name`, `.Chart.AppVersion`) plus
/// `IsRoot`. `toYaml .Chart` marshals the JSON field names, empty ones omitted.
final class ChartObject: GoObject {
    let metadata: ChartMetadata
    let isRoot: Bool

    init(_ metadata: ChartMetadata, isRoot: Bool) {
        self.metadata = metadata
        self.isRoot = isRoot
    }

    var goTypeName: String { "struct { *chart.Metadata; IsRoot bool }" }
    var goKind: String { "struct" }

    func field(_ name: String) -> GoValue? {
        let m = metadata
        switch name {
        case "Name": return .string(m.name)
        case "Home": return .string(m.home)
        case "Sources": return Self.strings(m.sources)
        case "Version": return .string(m.version)
        case "Description": return .string(m.description)
        case "Keywords": return Self.strings(m.keywords)
        case "Maintainers":
            return .list(GoList(m.maintainers.map { $0.map { .object(MaintainerObject($0)) } ?? .null },
                                elementType: "*chart.Maintainer"))
        case "Icon": return .string(m.icon)
        case "APIVersion": return .string(m.apiVersion)
        case "Condition": return .string(m.condition)
        case "Tags": return .string(m.tags)
        case "AppVersion": return .string(m.appVersion)
        case "Deprecated": return .bool(m.deprecated)
        case "Annotations":
            return .map(GoMap(m.annotations.mapValues { .string($0) }, typeName: "map[string]string", elementType: "string"))
        case "KubeVersion": return .string(m.kubeVersion)
        case "Dependencies":
            return .list(GoList(m.dependencies.map { $0.map { .object(DependencyObject($0)) } ?? .null },
                                elementType: "*chart.Dependency"))
        case "Type": return .string(m.type)
        case "IsRoot": return .bool(isRoot)
        default: return nil
        }
    }

    static func strings(_ values: [String]) -> GoValue {
        .list(GoList(values.map { .string($0) }, elementType: "string"))
    }

    var goDescription: String {
        let m = metadata
        return "{\(m.name) \(m.home) [\(m.sources.joined(separator: " "))] \(m.version) \(m.description) [\(m.keywords.joined(separator: " "))] \(m.icon) \(m.apiVersion) \(m.condition) \(m.tags) \(m.appVersion) \(m.deprecated) \(m.kubeVersion) \(m.type) \(isRoot)}"
    }

    /// `encoding/json` of the metadata (`omitempty` on every field) and `IsRoot`.
    var jsonValue: GoValue {
        let m = metadata
        var out: [String: GoValue] = [:]
        func put(_ key: String, _ value: String) { if !value.isEmpty { out[key] = .string(value) } }
        put("name", m.name)
        put("home", m.home)
        if !m.sources.isEmpty { out["sources"] = Self.strings(m.sources) }
        put("version", m.version)
        put("description", m.description)
        if !m.keywords.isEmpty { out["keywords"] = Self.strings(m.keywords) }
        if !m.maintainers.isEmpty {
            out["maintainers"] = .array(m.maintainers.map { $0.map { MaintainerObject($0).jsonValue } ?? .null })
        }
        put("icon", m.icon)
        put("apiVersion", m.apiVersion)
        put("condition", m.condition)
        put("tags", m.tags)
        put("appVersion", m.appVersion)
        if m.deprecated { out["deprecated"] = .bool(true) }
        if !m.annotations.isEmpty { out["annotations"] = .dict(m.annotations.mapValues { .string($0) }) }
        put("kubeVersion", m.kubeVersion)
        if !m.dependencies.isEmpty {
            out["dependencies"] = .array(m.dependencies.map { $0.map { DependencyObject($0).jsonValue } ?? .null })
        }
        put("type", m.type)
        out["IsRoot"] = .bool(isRoot)
        return .dict(out)
    }
}

/// `*chart.Maintainer`.
final class MaintainerObject: GoObject {
    let maintainer: ChartMaintainer
    init(_ maintainer: ChartMaintainer) { self.maintainer = maintainer }
    var goTypeName: String { "*chart.Maintainer" }
    func field(_ name: String) -> GoValue? {
        switch name {
        case "Name": return .string(maintainer.name)
        case "Email": return .string(maintainer.email)
        case "URL": return .string(maintainer.url)
        default: return nil
        }
    }
    var goDescription: String { "&{\(maintainer.name) \(maintainer.email) \(maintainer.url)}" }
    var jsonValue: GoValue {
        var out: [String: GoValue] = [:]
        if !maintainer.name.isEmpty { out["name"] = .string(maintainer.name) }
        if !maintainer.email.isEmpty { out["email"] = .string(maintainer.email) }
        if !maintainer.url.isEmpty { out["url"] = .string(maintainer.url) }
        return .dict(out)
    }
}

/// `*chart.Dependency`.
final class DependencyObject: GoObject {
    let dependency: ChartDependency
    init(_ dependency: ChartDependency) { self.dependency = dependency }
    var goTypeName: String { "*chart.Dependency" }
    func field(_ name: String) -> GoValue? {
        let d = dependency
        switch name {
        case "Name": return .string(d.name)
        case "Version": return .string(d.version)
        case "Repository": return .string(d.repository)
        case "Condition": return .string(d.condition)
        case "Tags": return ChartObject.strings(d.tags)
        case "Enabled": return .bool(d.enabled)
        case "ImportValues": return .array(d.importValues)
        case "Alias": return .string(d.alias)
        default: return nil
        }
    }
    var goDescription: String {
        let d = dependency
        return "&{\(d.name) \(d.version) \(d.repository) \(d.condition) [\(d.tags.joined(separator: " "))] \(d.enabled) \(GoFormat.formatValue(.array(d.importValues))) \(d.alias)}"
    }
    var jsonValue: GoValue {
        let d = dependency
        var out: [String: GoValue] = ["name": .string(d.name)]
        if !d.version.isEmpty { out["version"] = .string(d.version) }
        out["repository"] = .string(d.repository)
        if !d.condition.isEmpty { out["condition"] = .string(d.condition) }
        if !d.tags.isEmpty { out["tags"] = ChartObject.strings(d.tags) }
        if d.enabled { out["enabled"] = .bool(true) }
        if !d.importValues.isEmpty { out["import-values"] = .array(d.importValues) }
        if !d.alias.isEmpty { out["alias"] = .string(d.alias) }
        return .dict(out)
    }
}
