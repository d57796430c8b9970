import ArgumentParser
import FerryAPI
import KubernetesClient
import Manifests

/// `ferry create helmrelease`: flux's flags; `--export` prints the object exactly as it would be
/// applied, otherwise it is applied (server-side) and the command waits for Ready, as
/// `create kustomization` does.
struct CreateHelmReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helmrelease", abstract: "Create or update a HelmRelease.",
        discussion: """
        Examples:
          ferry create hr podinfo --source=HelmRepository/podinfo --chart=podinfo --chart-version=">4.0.0" --interval=10m
          ferry create hr podinfo --source=GitRepository/podinfo --chart=./charts/podinfo --values=./values.yaml --export
          ferry create hr podinfo --chart-ref=HelmChart/podinfo.ferry-system --target-namespace=apps --create-target-namespace
        """, aliases: ["hr"])

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The HelmRelease's name.") var name: String
    @Option(help: "Where the chart is: HelmRepository/NAME[.NAMESPACE] or GitRepository/NAME[.NAMESPACE].") var source: String?
    @Option(help: "The chart's name in a HelmRepository, or its directory in a GitRepository.") var chart: String?
    @Option(name: .customLong("chart-version"), help: "A semver range (ignored for charts from GitRepository sources).") var chartVersion: String?
    @Option(name: .customLong("chart-ref"), help: "An existing chart instead of --source/--chart: HelmChart|OCIRepository|ExternalArtifact/NAME[.NAMESPACE].") var chartRef: String?
    @Option(name: .customLong("chart-interval"), help: "How often the release's HelmChart checks for new chart versions.") var chartInterval: String?
    @Option(name: .customLong("reconcile-strategy"), help: "When a chart from Git becomes a new artifact: ChartVersion or Revision.")
    var reconcileStrategy: String = "ChartVersion"
    @Option(name: .customLong("release-name"), help: "The Helm release's name (default: [<target-namespace>-]<name>).") var releaseName: String?
    @Option(name: .customLong("target-namespace"), help: "The namespace to install the release into (default: the HelmRelease's).") var targetNamespace: String?
    @Option(name: .customLong("storage-namespace"), help: "The namespace Helm's release records are kept in (default: the HelmRelease's).") var storageNamespace: String?
    @Flag(name: .customLong("create-target-namespace"), help: "Create the target namespace if it does not exist.") var createTargetNamespace = false
    @Option(name: .customLong("depends-on"), help: "A HelmRelease to wait for: name or namespace/name (repeatable).") var dependsOn: [String] = []
    @Option(help: "A local values file; several are merged in order (repeatable, comma-separated).") var values: [String] = []
    @Option(name: .customLong("values-from"), help: "ConfigMap/NAME or Secret/NAME holding a values.yaml key (repeatable).") var valuesFrom: [String] = []
    @Option(name: .customLong("service-account"), help: "Release as this service account.") var serviceAccount: String?
    @Option(help: "What upgrades do with the chart's CRDs: Skip, Create or CreateReplace (installs create them).") var crds: String?
    @Option(help: "How often to reconcile, e.g. 10m.") var interval: String = "1m"
    @Option(name: .customLong("label"), help: "A label for the HelmRelease: key=value (repeatable).") var labels: [String] = []
    @OptionGroup var waiting: WaitOptions
    @Flag(help: "Print the object as YAML instead of applying it.") var export = false

    static let strategies = ["ChartVersion", "Revision"]

    func validate() throws { _ = try object() }

    /// The object with keys sorted, as flux's `--export` prints it.
    func object() throws -> JSONValue {
        var spec: JSONObject = [:]
        switch (source, chartRef) {
        case (nil, nil): throw ValidationError("give --source and --chart, or --chart-ref")
        case (.some, .some): throw ValidationError("--source and --chart-ref are mutually exclusive")
        case (let source?, nil):
            guard let chart, !chart.trimmingSpaces.isEmpty else { throw ValidationError("chart name or path is required") }
            guard Self.strategies.contains(reconcileStrategy) else {
                throw ValidationError("'\(reconcileStrategy)' is an invalid reconcile strategy (valid: \(Self.strategies.joined(separator: ", ")))")
            }
            var template: JSONObject = ["chart": .string(chart)]
            if let chartInterval { template["interval"] = .string(try KustomizationFlags.duration(chartInterval, flag: "chart-interval")) }
            template["reconcileStrategy"] = .string(reconcileStrategy)
            template["sourceRef"] = try HelmReleaseFlags.sourceRef(source)
            if let chartVersion, !chartVersion.isEmpty { template["version"] = .string(chartVersion) }
            spec["chart"] = ["spec": .object(template)]
        case (nil, let ref?):
            guard chart == nil, chartVersion == nil else { throw ValidationError("--chart and --chart-version go with --source, not --chart-ref") }
            spec["chartRef"] = try HelmReleaseFlags.chartRef(ref)
        }
        let dependencies = try KustomizationFlags.dependsOn(dependsOn)
        if !dependencies.isEmpty { spec["dependsOn"] = .array(dependencies) }
        var install: JSONObject = [:]
        if createTargetNamespace { install["createNamespace"] = true }
        if let crds {
            guard HelmReleaseFlags.crdPolicies.contains(crds) else {
                throw ValidationError("--crds \(crds) is not supported, can be one of: \(HelmReleaseFlags.crdPolicies.joined(separator: ", "))")
            }
            install["crds"] = "Create"
        }
        if !install.isEmpty { spec["install"] = .object(install) }
        spec["interval"] = .string(try KustomizationFlags.duration(interval, flag: "interval"))
        if let releaseName, !releaseName.isEmpty { spec["releaseName"] = .string(releaseName) }
        if let serviceAccount, !serviceAccount.isEmpty { spec["serviceAccountName"] = .string(serviceAccount) }
        if let storageNamespace, !storageNamespace.isEmpty { spec["storageNamespace"] = .string(storageNamespace) }
        if let targetNamespace, !targetNamespace.isEmpty { spec["targetNamespace"] = .string(targetNamespace) }
        if let crds { spec["upgrade"] = ["crds": .string(crds)] }
        if let merged = try HelmReleaseFlags.values(files: values) { spec["values"] = merged }
        let references = try HelmReleaseFlags.valuesFrom(valuesFrom)
        if !references.isEmpty { spec["valuesFrom"] = .array(references) }

        return try Creation.object(.helmRelease, name: name, namespace: cluster.ferryNamespace, labels: labels, spec: spec)
    }

    func run() async throws {
        try await Creation.run(try object(), kind: .helmRelease, noun: "HelmRelease", done: "HelmRelease", cluster: cluster, export: export,
                               timeout: waiting.timeout, ready: "HelmRelease \(name) is ready")
    }
}
