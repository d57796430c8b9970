import GoTemplate

/// Helm's `ValidateAgainstSchema` over a chart tree: the chart's `values.schema.json` against
/// its coalesced values, then each subchart's schema against its part of them (depth first).
enum SchemaCheck {
    static func validate(chart: Chart, values: GoMap) throws(HelmError) {
        var reports: [(chartName: String, report: ValuesSchema.Report)] = []
        collect(chart, values: values, into: &reports)
        if let message = ValuesSchema.message(reports: reports) {
            throw HelmError(message)
        }
    }

    private static func collect(_ chart: Chart, values: GoMap, into reports: inout [(chartName: String, report: ValuesSchema.Report)]) {
        if let schema = chart.schema {
            let report: ValuesSchema.Report
            do {
                report = try ValuesSchema(json: String(decoding: schema, as: UTF8.self)).check(.map(values))
            } catch {
                report = .failure(error.message)
            }
            reports.append((chart.name, report))
        }
        for sub in chart.dependencies {
            collect(sub, values: values[sub.name]?.mapValue ?? GoMap(), into: &reports)
        }
    }
}
