import Archive
import GoTemplate
import Sprig

/// `helm package`: a chart written as a `.tgz` whose entries are `<chart name>/<path>`, as
/// Helm's `chartutil.Save` writes it — Chart.yaml re-marshalled from the metadata, Chart.lock
/// (apiVersion v2), values.yaml, values.schema.json, templates, other files, then each
/// subchart unpacked under `charts/<name>/` — so a chart loaded from a directory (which
/// honours `.helmignore`) packages to what Helm would.
///
/// Unlike Helm, the bytes are deterministic: mtime 0, owner 0:0, mode 0644, no directory
/// entries, a fixed gzip header. The same chart gives the same digest, which is what lets a
/// HelmChart artifact keep its revision across reconciles.
public struct ChartPackage: Sendable {
    public var name: String
    public var version: String
    /// The `.tgz` bytes.
    public var archive: [UInt8]

    /// Flux's (and Helm's) artifact name: `<name>-<version>.tgz`.
    public var fileName: String { "\(name)-\(version).tgz" }

    /// What to change while packaging; the chart itself is never modified.
    public struct Options: Sendable {
        /// Replaces Chart.yaml's version (`helm package --version`; Flux's build metadata).
        public var version: String?
        /// Replaces values.yaml with these values, as Flux writes merged `valuesFiles` into
        /// the package (`OverwriteChartDefaultValues`): marshalled as YAML, or empty when the
        /// map is empty. nil leaves values.yaml as written.
        public var values: GoMap?

        public init(version: String? = nil, values: GoMap? = nil) {
            self.version = version
            self.values = values
        }
    }

    /// Packages a loaded chart. Errors: `chart validation: validation: …` (the version
    /// override must be semver), `Invalid JSON in values.schema.json`, and Flux's
    /// `failed to locate values file: values.yaml` when values are given for a chart that
    /// has none.
    public static func package(_ chart: Chart, options: Options = Options()) throws(HelmError) -> ChartPackage {
        var metadata = chart.metadata
        if let version = options.version { metadata.version = version }
        do throws(HelmError) {
            try metadata.validate()
        } catch {
            throw error.wrapped("chart validation")
        }
        var rawValues = chart.raw.first { $0.name == "values.yaml" }?.data
        if let values = options.values {
            guard rawValues != nil else { throw HelmError("failed to locate values file: values.yaml") }
            rawValues = try encodeValues(values)
        }
        var tar: [UInt8] = []
        try writeContents(chart, metadata: metadata, rawValues: rawValues, prefix: "", depth: 0, into: &tar)
        tar += Tar.trailer
        return ChartPackage(name: metadata.name, version: metadata.version, archive: try gzip(tar))
    }

    /// Loads the chart directory (`.helmignore` honoured, as `ChartLoader` does) and packages it.
    public static func package(directory: String, options: Options = Options()) throws(HelmError) -> ChartPackage {
        try package(try ChartLoader.load(path: directory), options: options)
    }

    /// Flux's `values.Encode`: YAML with sorted keys; no bytes at all for an empty map.
    static func encodeValues(_ values: GoMap) throws(HelmError) -> [UInt8] {
        if values.count == 0 { return [] }
        do throws(GoFunctionError) {
            return Array(try GoYAML.marshal(.map(values)).utf8)
        } catch {
            throw HelmError(error.message)
        }
    }

    /// Helm's `writeTarContents`, one chart and then its subcharts.
    static func writeContents(_ chart: Chart, metadata: ChartMetadata, rawValues: [UInt8]?, prefix: String,
                              depth: Int, into tar: inout [UInt8]) throws(HelmError) {
        guard depth <= ChartLoader.maximumDepth else {
            throw HelmError("chart nesting is deeper than \(ChartLoader.maximumDepth) levels")
        }
        // Validation lets `..` through as a name (it is its own base name); in a path it would climb.
        guard metadata.name != "..", metadata.name != "." else {
            throw HelmError("chart name \(ChartMetadata.quote(metadata.name)) cannot name an archive directory")
        }
        let base = prefix.isEmpty ? metadata.name : prefix + "/" + metadata.name
        func add(_ name: String, _ data: [UInt8]) { tar += Tar.file(path: base + "/" + name, contents: data, mode: 0o644) }
        // A loaded chart's names are clean; a chart built in code might not be.
        for file in chart.templates + chart.files {
            guard let parts = RelativePath.components(file.name), parts.joined(separator: "/") == file.name, !parts.isEmpty else {
                throw HelmError("chart file \(ChartMetadata.quote(file.name)) is not a clean path inside the chart")
            }
        }

        add("Chart.yaml", try chartYAML(metadata))
        if metadata.apiVersion == ChartMetadata.apiVersionV2, let lock = chart.lock { add("Chart.lock", try lockYAML(lock)) }
        if let rawValues { add("values.yaml", rawValues) }
        if let schema = chart.schema {
            guard (try? GoJSON.unmarshal(String(decoding: schema, as: UTF8.self))) != nil else {
                throw HelmError("Invalid JSON in values.schema.json")
            }
            add("values.schema.json", schema)
        }
        for file in chart.templates { add(file.name, file.data) }
        for file in chart.files { add(file.name, file.data) }
        for sub in chart.dependencies {
            let subValues = sub.raw.first { $0.name == "values.yaml" }?.data
            try writeContents(sub, metadata: sub.metadata, rawValues: subValues, prefix: base + "/charts",
                              depth: depth + 1, into: &tar)
        }
    }

    static func gzip(_ tar: [UInt8]) throws(HelmError) -> [UInt8] {
        var out: [UInt8] = []
        do {
            let writer = try GzipWriter { out += $0 }
            try writer.write(tar)
            try writer.finish()
        } catch {
            throw HelmError("cannot compress chart archive: \(error)")
        }
        return out
    }
}
