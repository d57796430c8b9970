import GoTemplate

/// A file of a chart as the loader read it: its path inside the chart (`templates/x.yaml`,
/// `files/a.txt`) with `/` separators, and its bytes (a UTF-8 BOM already removed).
public struct ChartFile: Sendable, Equatable {
    public var name: String
    public var data: [UInt8]
    public init(name: String, data: [UInt8]) {
        self.name = name
        self.data = data
    }
}

/// A loaded chart: Helm's `chart.Chart`. Subcharts hang off `dependencies` with a `parent`
/// link, so template names and values paths can be built from the root down.
///
/// A reference type, as in Helm: dependency processing replaces and renames subcharts in place
/// (aliases, disabled charts) and rewrites `values` (import-values) before rendering.
public final class Chart: @unchecked Sendable {
    public var metadata: ChartMetadata
    /// `Chart.lock`, or `requirements.lock` for an apiVersion v1 chart.
    public var lock: ChartLock?
    /// Every file under `templates/`, in the loader's (lexical) order.
    public var templates: [ChartFile]
    /// The text of `values.yaml` as written ("" when there is none).
    public var rawValues: [UInt8]
    /// `values.yaml` parsed (an empty map when there is none or it is empty).
    public var values: GoMap
    /// `values.schema.json`, when present.
    public var schema: [UInt8]?
    /// Every other file of the chart (what `.Files` serves, `crds/` included).
    public var files: [ChartFile]
    /// Every file as loaded, Chart.yaml and values.yaml included (Helm's `Raw`).
    public var raw: [ChartFile]
    public private(set) weak var parent: Chart?
    public private(set) var dependencies: [Chart] = []

    public init(metadata: ChartMetadata, lock: ChartLock? = nil, templates: [ChartFile] = [],
                rawValues: [UInt8] = [], values: GoMap = GoMap(), schema: [UInt8]? = nil,
                files: [ChartFile] = [], raw: [ChartFile] = []) {
        self.metadata = metadata
        self.lock = lock
        self.templates = templates
        self.rawValues = rawValues
        self.values = values
        self.schema = schema
        self.files = files
        self.raw = raw
    }

    /// A shallow copy (Go's `out := *c`): same files and values, own metadata and subchart list.
    /// Used for aliases, where one subchart appears twice under different names.
    public func copy() -> Chart {
        let out = Chart(metadata: metadata, lock: lock, templates: templates, rawValues: rawValues,
                        values: values, schema: schema, files: files, raw: raw)
        out.parent = parent
        out.dependencies = dependencies
        return out
    }

    public var name: String { metadata.name }
    public var isRoot: Bool { parent == nil }
    public var root: Chart { parent?.root ?? self }
    public var isLibrary: Bool { metadata.type == "library" }

    public func addDependency(_ charts: Chart...) { addDependencies(charts) }

    public func addDependencies(_ charts: [Chart]) {
        for chart in charts {
            chart.parent = self
            dependencies.append(chart)
        }
    }

    public func setDependencies(_ charts: [Chart]) {
        dependencies = []
        addDependencies(charts)
    }

    /// `parent.sub`: the dotted path of chart names from the root (Helm's `ChartPath`).
    public var chartPath: String {
        guard let parent else { return name }
        return parent.chartPath + "." + name
    }

    /// `parent/charts/sub`: the prefix of this chart's template names (Helm's `ChartFullPath`),
    /// as in `parent/charts/sub/templates/x.yaml`.
    public var chartFullPath: String {
        guard let parent else { return name }
        return parent.chartFullPath + "/charts/" + name
    }

    /// The manifests under `crds/` (`.yaml`, `.yml`, `.json`, any case) of this chart, then of
    /// its subcharts, each with the file name Helm prints (`chart/charts/sub/crds/x.yaml`).
    public var crdObjects: [(filename: String, file: ChartFile)] {
        var out: [(filename: String, file: ChartFile)] = []
        for file in files where file.name.hasPrefix("crds/") && Chart.hasManifestExtension(file.name) {
            out.append((chartFullPath + "/" + file.name, file))
        }
        for dependency in dependencies { out += dependency.crdObjects }
        return out
    }

    static func hasManifestExtension(_ name: String) -> Bool {
        let base = name.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? name
        guard let dot = base.lastIndex(of: ".") else { return false }
        let ext = base[dot...].lowercased()
        return ext == ".yaml" || ext == ".yml" || ext == ".json"
    }
}
