import Manifests

extension TraceReport {
    /// The report for an object a HelmRelease released: the object, the HelmRelease (its target
    /// namespace, the chart version it released), the HelmChart it took the chart from (chart,
    /// version range, artifact revision) and that chart's HelmRepository or GitRepository —
    /// flux's trace layout, each section after `---`.
    static func render(object: JSONValue, helmRelease: JSONValue, helmChart: JSONValue?, source: JSONValue?) -> String {
        var lines = objectSection(object)
        func add(_ label: String, _ value: String) { lines.append(line(label, value)) }

        lines.append("---")
        add("HelmRelease", helmRelease.metadataName ?? "")
        add("Namespace", helmRelease.metadataNamespace ?? "")
        if let target = helmRelease[path: "spec", "targetNamespace"]?.stringValue, !target.isEmpty { add("Target", target) }
        add("Revision", helmRelease.reportedRevision ?? "")
        status(helmRelease, add)

        if let helmChart {
            lines.append("---")
            add("HelmChart", helmChart.metadataName ?? "")
            add("Namespace", helmChart.metadataNamespace ?? "")
            add("Chart", helmChart[path: "spec", "chart"]?.stringValue ?? "")
            add("Version", helmChart[path: "spec", "version"]?.stringValue ?? "")
            if let revision = helmChart[path: "status", "artifact", "revision"]?.stringValue { add("Revision", revision) }
            status(helmChart, add)
        }
        if let source { sourceSection(source, &lines) }
        return lines.joined(separator: "\n") + "\n"
    }
}
