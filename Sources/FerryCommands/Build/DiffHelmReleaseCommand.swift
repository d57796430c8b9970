import ArgumentParser
import FerryAPI
import Foundation
import Helm
import HelmController
import KubernetesClient
import Manifests
import ResourceManager

/// `ferry diff helmrelease NAME [--chart DIR] [--values FILE]...`: what upgrading the release
/// now would change. The chart (the local one, else the HelmChart artifact the controller
/// would use) is rendered with the live values through ``HelmReleasePreview`` and compared
/// with the cluster through server-side dry-runs (nothing is written). Prints, as
/// `diff kustomization` does, `► Kind/ns/name created|drifted|deleted` — deleted for what
/// the deployed release has and the new manifest has not (unless it says
/// `helm.sh/resource-policy: keep`) — with a unified diff under each drifted object (Secret
/// values masked). Exit status: 0 no difference, 1 differences, 2 an error.
struct DiffHelmReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helmrelease", abstract: "Diff what upgrading a HelmRelease would change against the cluster (exit 1 when they differ).",
        discussion: """
        Examples:
          ferry diff helmrelease podinfo -n apps
          ferry diff hr podinfo -n apps --chart ./charts/podinfo --values ./next.yaml
        """, aliases: ["hr"])

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The HelmRelease to diff.") var name: String
    @Option(help: "A local chart directory or .tgz (default: the release's HelmChart artifact, fetched from its URL).") var chart: String?
    @Option(help: "A values file merged over the release's values (repeatable; later files win).") var values: [String] = []

    func run() async throws {
        try await DiffReport.exit(cluster) { kube in try await diff(kube) }
    }

    func diff(_ kube: KubernetesClient) async throws -> Bool {
        let local = try await LocalHelmReleaseRender.load(name: name, namespace: cluster.ferryNamespace, client: kube)
        let chart: Chart
        if let path = self.chart { chart = try LocalHelmReleaseRender.chart(at: path) } else { chart = try await Self.clusterChart(local.preview, kube: kube) }
        let preview = local.preview
        let history = try await preview.history()
        let values = try await preview.values(extra: try LocalHelmReleaseRender.valuesFiles(values), history: history)
        let rendered = try await preview.render(chart: chart, values: values.values, history: history)
        let entries = try await ResourceApplier(client: kube, fieldManager: HelmReleaseFieldManager.name).diff(rendered.objects)
        var differs = try await DiffReport.print(entries)
        // What the upgrade deletes: the deployed release's objects the new manifest lacks.
        if let deployed = ReleaseStorage.lastDeployed(history) {
            let wanted = Set(rendered.objects.compactMap(\.objectID))
            for object in try await preview.prepare(deployed.manifest) {
                guard let id = object.objectID, !wanted.contains(id),
                      object[path: "metadata", "annotations", ReleaseObjects.keepPolicy]?.stringValue != "keep" else { continue }
                print("► \(id) deleted")
                differs = true
            }
        }
        return differs
    }

    /// The chart the controller would release: the artifact of the HelmChart (or of the
    /// `chartRef` OCIRepository or ExternalArtifact), digest-checked.
    static func clusterChart(_ preview: HelmReleasePreview, kube: KubernetesClient) async throws -> Chart {
        let (namespace, name) = preview.helmChart
        let kind = preview.release.spec.chartRef?.kind ?? FluxKind.helmChart.gvk.kind
        let gvk = GroupVersionKind(group: FluxKind.helmChart.gvk.group, version: "v1", kind: kind)
        let source = try await kube.getFound(gvk, name: name, namespace: namespace)
        guard let url = source[path: "status", "artifact", "url"]?.stringValue else {
            throw CLIMessage("\(kind) \(namespace)/\(name) has no artifact yet: wait for it, or give --chart DIR")
        }
        let bytes = try await ChartArtifactFetcher().fetch(url: url, digest: source[path: "status", "artifact", "digest"]?.stringValue)
        do throws(HelmError) { return try ChartLoader.load(archive: bytes) } catch {
            throw CLIMessage("\(kind) \(namespace)/\(name) artifact: \(error.message)")
        }
    }
}
