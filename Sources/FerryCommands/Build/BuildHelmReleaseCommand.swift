import ArgumentParser
import FerryAPI
import Foundation
import Manifests

/// `ferry build helmrelease NAME --chart DIR [--values FILE]... [--path FILE]`: the release's
/// chart rendered from a local directory with the release's values (`valuesFrom` read from
/// the cluster, then `spec.values`, then each `--values` file), printed as the controller
/// would apply it — Helm's install order, namespaces filled in, Helm's and Ferry's ownership
/// marks set, Secret values masked. With `--path` the HelmRelease is read from that YAML file
/// and nothing is asked of the cluster.
struct BuildHelmReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helmrelease", abstract: "Render a HelmRelease's chart from a local directory with the release's values.",
        discussion: """
        Examples:
          ferry build helmrelease podinfo -n apps --chart ./charts/podinfo
          ferry build hr podinfo --path ./apps/podinfo/release.yaml --chart ./charts/podinfo --values ./dev.yaml
        """, aliases: ["hr"])

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The HelmRelease whose values and options apply.") var name: String
    @Option(help: "The chart: a local directory or .tgz.") var chart: String
    @Option(help: "A values file merged over the release's values (repeatable; later files win).") var values: [String] = []
    @Option(help: "Read the HelmRelease from this YAML file instead of the cluster (offline: valuesFrom is not read).") var path: String?

    func run() async throws {
        try await CLIError.reporting {
            let chart = try LocalHelmReleaseRender.chart(at: chart)
            let extra = try LocalHelmReleaseRender.valuesFiles(values)
            let rendered: [JSONValue]
            if let path {
                rendered = try await LocalHelmReleaseRender.load(name: name, namespace: cluster.ferryNamespace, file: path)
                    .render(chart: chart, extraValues: extra).objects
            } else {
                rendered = try await withClient(cluster) { kube in
                    try await LocalHelmReleaseRender.load(name: name, namespace: cluster.ferryNamespace, client: kube)
                        .render(chart: chart, extraValues: extra).objects
                }
            }
            print(rendered.map { "---\n" + YAML.string(LocalKustomizationBuild.maskSecrets($0)) }.joined(), terminator: "")
        }
    }
}
