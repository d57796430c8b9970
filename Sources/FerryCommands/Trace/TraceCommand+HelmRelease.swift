import FerryAPI
import KubernetesClient
import Manifests

extension TraceCommand {
    /// An object a HelmRelease released: the HelmRelease, the HelmChart it recorded in
    /// `status.helmChart` (else where the controller puts it), and that HelmChart's source.
    static func traceHelmRelease(_ object: JSONValue, id: String, name: String, namespace: String, kube: KubernetesClient) async throws -> String {
        let helmRelease: JSONValue
        do {
            helmRelease = try await kube.get(FluxKind.helmRelease.gvk, name: name, namespace: namespace)
        } catch let error as APIError where error.isNotFound {
            throw CLIMessage("\(id) was released by HelmRelease \(namespace)/\(name), which no longer exists")
        }
        let (chartNamespace, chartName) = helmChartLocation(helmRelease)
        let helmChart = try? await kube.get(FluxKind.helmChart.gvk, name: chartName, namespace: chartNamespace)
        var source: JSONValue?
        if let ref = helmChart?[path: "spec", "sourceRef"],
           let kind = FluxKind.sources.first(where: { $0.gvk.kind == ref["kind"]?.stringValue && $0.gvk.kind != FluxKind.helmChart.gvk.kind }) {
            source = try? await kube.get(kind.gvk, name: ref["name"]?.stringValue ?? "", namespace: chartNamespace)
        }
        return TraceReport.render(object: object, helmRelease: helmRelease, helmChart: helmChart, source: source)
    }

    /// `status.helmChart` (`namespace/name`), else the chartRef, else the template's
    /// `<namespace>-<name>` in its source's namespace.
    static func helmChartLocation(_ release: JSONValue) -> (String, String) {
        let namespace = release.metadataNamespace ?? ""
        if let recorded = release[path: "status", "helmChart"]?.stringValue {
            let parts = recorded.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 2 { return (parts[0], parts[1]) }
        }
        if let ref = release[path: "spec", "chartRef"] {
            return (ref["namespace"]?.stringValue ?? namespace, ref["name"]?.stringValue ?? "")
        }
        let sourceNamespace = release[path: "spec", "chart", "spec", "sourceRef", "namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? namespace
        return (sourceNamespace, "\(namespace)-\(release.metadataName ?? "")")
    }
}
