import GoTemplate

/// Helm's `loader.Load`: a chart from a directory (honouring `.helmignore`) or a `.tgz`, its
/// subcharts from `charts/` (directories and archives, nested), validated as Helm validates,
/// with Helm's error texts.
public enum ChartLoader {
    /// The largest single file read from a chart (Helm's 5 MiB bound on archive entries, kept
    /// for directories too so a hostile tree cannot exhaust memory).
    public static let maximumFileSize = 5 << 20
    /// The largest total of a chart's decompressed archive.
    public static let maximumChartSize = 100 << 20
    /// How deep subcharts may nest before the chart is refused.
    static let maximumDepth = 32

    /// Loads a chart directory or archive file. Warnings Helm logs while loading (a v2 chart
    /// with requirements.yaml) are appended to `warnings`.
    public static func load(path: String, warnings: inout [String]) throws(HelmError) -> Chart {
        switch ChartFileSystem.kind(of: path) {
        case .none: throw HelmError("stat \(path): no such file or directory")
        case .directory: return try loadDirectory(path, warnings: &warnings)
        case .file: return try loadFile(path, warnings: &warnings)
        }
    }

    public static func load(path: String) throws(HelmError) -> Chart {
        var warnings: [String] = []
        return try load(path: path, warnings: &warnings)
    }

    /// A chart from the bytes of a `.tgz` (`.helmignore` is not applied to archives, as in Helm).
    public static func load(archive: [UInt8]) throws(HelmError) -> Chart {
        var warnings: [String] = []
        return try load(archive: archive, warnings: &warnings)
    }

    public static func load(archive: [UInt8], warnings: inout [String]) throws(HelmError) -> Chart {
        try loadFiles(try archiveFiles(archive), depth: 0, warnings: &warnings)
    }

    /// Helm's `LoadFiles`: sorts the files of one chart into metadata, values, templates,
    /// other files and subcharts, then loads the subcharts.
    public static func loadFiles(_ files: [ChartFile], warnings: inout [String]) throws(HelmError) -> Chart {
        try loadFiles(files, depth: 0, warnings: &warnings)
    }

    static func loadFiles(_ files: [ChartFile], depth: Int, warnings: inout [String]) throws(HelmError) -> Chart {
        guard depth <= maximumDepth else { throw HelmError("chart nesting is deeper than \(maximumDepth) levels") }
        var metadata: ChartMetadata?
        for file in files where file.name == "Chart.yaml" {
            var md = metadata ?? ChartMetadata()
            try decodeYAML(file.data, context: "cannot load Chart.yaml", goType: "chart.Metadata") { (r) throws(HelmError) in
                try md.decode(r)
            }
            if md.apiVersion.isEmpty { md.apiVersion = ChartMetadata.apiVersionV1 }
            metadata = md
        }

        let chart = Chart(metadata: metadata ?? ChartMetadata())
        var subcharts: [String: [ChartFile]] = [:]
        var subchartOrder: [String] = []
        for file in files {
            chart.raw.append(file)
            switch file.name {
            case "Chart.yaml":
                continue
            case "Chart.lock":
                chart.lock = try decodeLock(file.data, context: "cannot load Chart.lock")
            case "values.yaml":
                chart.values = try parseValues(file.data, context: "cannot load values.yaml")
                chart.rawValues = file.data
            case "values.schema.json":
                chart.schema = file.data
            case "requirements.yaml":
                var md = metadata ?? ChartMetadata()
                if md.apiVersion != ChartMetadata.apiVersionV1 {
                    warnings.append("load.go:120: Warning: Dependencies are handled in Chart.yaml since apiVersion \"v2\". We recommend migrating dependencies to Chart.yaml.")
                }
                try decodeYAML(file.data, context: "cannot load requirements.yaml", goType: "chart.Metadata") { (r) throws(HelmError) in
                    try md.decode(r)
                }
                metadata = md
                chart.metadata = md
                if md.apiVersion == ChartMetadata.apiVersionV1 { chart.files.append(file) }
            case "requirements.lock":
                chart.lock = try decodeLock(file.data, context: "cannot load requirements.lock")
                if metadata == nil { metadata = ChartMetadata() }
                if metadata?.apiVersion == ChartMetadata.apiVersionV1 { chart.files.append(file) }
            default:
                if file.name.hasPrefix("templates/") {
                    chart.templates.append(file)
                } else if file.name.hasPrefix("charts/") {
                    if ChartLoader.extensionOf(file.name) == ".prov" {
                        chart.files.append(file)
                        continue
                    }
                    let rest = file.name.dropFirst("charts/".count)
                    let sub = String(rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                    if subcharts[sub] == nil { subchartOrder.append(sub) }
                    subcharts[sub, default: []].append(ChartFile(name: String(rest), data: file.data))
                } else {
                    chart.files.append(file)
                }
            }
        }

        guard var md = metadata else { throw HelmError("Chart.yaml file is missing") }
        try md.validate()
        chart.metadata = md

        for name in subchartOrder.sorted() {
            guard let files = subcharts[name] else { continue }
            if name.hasPrefix("_") || name.hasPrefix(".") { continue }
            let sub: Chart
            do throws(HelmError) {
                if ChartLoader.extensionOf(name) == ".tgz" {
                    guard let file = files.first, file.name == name else {
                        throw HelmError("error unpacking subchart tar in \(chart.name): expected \(name), got \(files.first?.name ?? "")")
                    }
                    sub = try loadFiles(try archiveFiles(file.data), depth: depth + 1, warnings: &warnings)
                } else {
                    var inner: [ChartFile] = []
                    for f in files {
                        let parts = f.name.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                        guard parts.count == 2 else { continue }
                        inner.append(ChartFile(name: String(parts[1]), data: f.data))
                    }
                    sub = try loadFiles(inner, depth: depth + 1, warnings: &warnings)
                }
            } catch {
                throw error.wrapped("error unpacking \(name) in \(chart.name)")
            }
            chart.addDependency(sub)
        }
        return chart
    }

    /// Go's `filepath.Ext`: from the last dot of the last element.
    static func extensionOf(_ path: String) -> String {
        let base = path.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(path)
        guard let dot = base.lastIndex(of: ".") else { return "" }
        return String(base[dot...])
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// sigs.k8s.io/yaml into a struct: `context: error converting YAML to JSON: …` or
    /// `context: error unmarshaling JSON: …`.
    static func decodeYAML(_ bytes: [UInt8], context: String, goType: String,
                           _ body: (GoStructReader) throws(HelmError) -> Void) throws(HelmError) {
        let value: GoValue
        do throws(GoFunctionError) {
            value = try GoYAML.unmarshal(text(bytes))
        } catch {
            throw HelmError(context + ": " + error.message)
        }
        do throws(HelmError) {
            let name = String(goType.split(separator: ".").last ?? Substring(goType))
            if let reader = try GoStructReader.document(value, goType: goType, structName: name) { try body(reader) }
        } catch {
            throw error.wrapped(context)
        }
    }

    static func decodeLock(_ bytes: [UInt8], context: String) throws(HelmError) -> ChartLock {
        var lock = ChartLock()
        try decodeYAML(bytes, context: context, goType: "chart.Lock") { (r) throws(HelmError) in
            lock = try ChartLock(r)
        }
        return lock
    }

    /// A values document into a map: `null` or empty gives an empty map; anything but a
    /// mapping fails as Go's decoder does.
    static func parseValues(_ bytes: [UInt8], context: String) throws(HelmError) -> GoMap {
        let value: GoValue
        do throws(GoFunctionError) {
            value = try GoYAML.unmarshal(text(bytes))
        } catch {
            throw HelmError(context + ": " + error.message)
        }
        switch value {
        case .map(let m): return m
        case .null, .missing: return GoMap()
        default:
            throw GoStructReader.unmarshalError(GoStructReader.valueTypeError(value, goType: "map[string]interface {}"))
                .wrapped(context)
        }
    }
}
