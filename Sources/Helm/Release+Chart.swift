import GoTemplate

/// A chart as a release stores it: Helm's `chart.Chart` through `encoding/json`. Only the
/// exported, tagged fields survive: metadata, lock, templates, values, schema and files.
/// Subcharts, `Raw` and the text of values.yaml are not stored, so a chart read back from a
/// release renders only its own templates (Helm's rollback re-applies the stored manifest and
/// never renders it again).
///
/// Nil and empty differ where Go's JSON does: `values` nil is `null` (a chart without a
/// values.yaml, or one holding only comments), empty is `{}`; `schema` nil is `null`.
/// Empty template and file lists are written as `null`, as Helm's loader leaves them nil.
public struct StoredChart: Sendable {
    public var metadata: ChartMetadata?
    public var lock: ChartLock?
    public var templates: [ChartFile]
    public var values: GoMap?
    public var schema: [UInt8]?
    public var files: [ChartFile]

    public init(metadata: ChartMetadata?, lock: ChartLock? = nil, templates: [ChartFile] = [], values: GoMap? = nil,
                schema: [UInt8]? = nil, files: [ChartFile] = []) {
        self.metadata = metadata
        self.lock = lock
        self.templates = templates
        self.values = values
        self.schema = schema
        self.files = files
    }

    /// What `helm install` stores for `chart`: pass the chart after dependency processing
    /// (its `dependencies[].enabled` set, imported values merged), as Helm stores that one.
    /// The values are copied, so later changes to the chart do not reach the record.
    public init(_ chart: Chart) {
        var values: GoMap?
        if chart.values.count > 0 {
            values = Values.deepCopy(chart.values)
        } else if chart.raw.contains(where: { $0.name == "values.yaml" }),
                  case .map = (try? GoYAML.unmarshal(String(decoding: chart.rawValues, as: UTF8.self))) ?? .null {
            values = GoMap()  // `{}` in values.yaml: an empty, non-nil map
        }
        self.init(metadata: chart.metadata, lock: chart.lock, templates: chart.templates, values: values,
                  schema: chart.schema, files: chart.files)
    }

    /// The chart loaded back, for an upgrade that reuses values or a rollback: metadata is
    /// validated as the loader validates it (a record edited by hand fails here with Helm's
    /// text), `values.yaml` is regenerated from the stored values, and there are no subcharts.
    public func loadedChart() throws(HelmError) -> Chart {
        guard var metadata else { throw HelmError("stored chart: validation: chart.metadata is required") }
        do throws(HelmError) {
            try metadata.validate()
        } catch {
            throw error.wrapped("stored chart")
        }
        var rawValues: [UInt8] = []
        if let values, values.count > 0 {
            do throws(GoFunctionError) {
                rawValues = Array(try GoYAML.marshal(.map(values)).utf8)
            } catch {
                throw HelmError("stored chart: values: " + error.message)
            }
        }
        let copied = values.map { Values.deepCopy($0) } ?? GoMap()
        var raw = templates + files
        if values != nil { raw.append(ChartFile(name: "values.yaml", data: rawValues)) }
        if let schema { raw.append(ChartFile(name: "values.schema.json", data: schema)) }
        return Chart(metadata: metadata, lock: lock, templates: templates, rawValues: rawValues, values: copied,
                     schema: schema, files: files, raw: raw)
    }
}
