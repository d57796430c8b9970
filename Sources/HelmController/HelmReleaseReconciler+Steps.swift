import ControllerRuntime
import FerryAPI
import Foundation
import Helm
import KubernetesClient
import Manifests

/// The steps of a HelmRelease reconcile, in order. Each documents the state transition it
/// makes; "stops" means the reconcile ends there with that outcome.
extension HelmReleaseReconciler {
    /// **checkSpec** — reads the durations, names and policies (``HelmReleaseSettings``).
    ///
    /// - Stops stalled with InvalidSpec naming the field: a bad value, neither `chart` nor
    ///   `chartRef`, or a field Ferry does not carry out yet.
    /// - Stops stalled with AccessDenied for a chart source, `chartRef` or dependency in another
    ///   namespace under `--no-cross-namespace-refs`.
    func checkSpec(_ s: inout HelmReleaseRun) async throws -> StepOutcome {
        s.settings = try await settings(for: s.release)
        if noCrossNamespaceRefs { try refuseCrossNamespaceReferences(s) }
        return .next
    }

    /// The release's settings, with the cluster of `spec.kubeConfig` resolved.
    ///
    /// - Throws when the kubeconfig Secret cannot be read (retried) or used (stalled), as
    ///   ``RemoteClusters/client(for:kind:reference:base:retryInterval:)`` says.
    func settings(for release: HelmRelease) async throws(ReconcileError) -> HelmReleaseSettings {
        var settings = try HelmReleaseSettings(release, defaultServiceAccount: defaultServiceAccount)
        try await resolveTarget(&settings, of: release)
        return settings
    }

    func resolveTarget(_ settings: inout HelmReleaseSettings, of release: HelmRelease) async throws(ReconcileError) {
        guard let reference = release.spec.kubeConfig else { return }
        let key = ObjectKey(namespace: release.metadata.namespace ?? "default", name: release.metadata.name)
        settings.target = try await remoteClusters.client(for: key, kind: HelmRelease.kind, reference: reference, base: client,
                                                          retryInterval: settings.interval)
    }

    /// **ensureChart** — for `spec.chart`, creates or updates the HelmChart
    /// `<namespace>-<name>` in the source's namespace from the template (server-side apply,
    /// field manager `helm-controller`); for `spec.chartRef`, names the referenced HelmChart.
    /// Records `status.helmChart`.
    ///
    /// - Stops waiting (`spec.interval`, or sooner when the HelmChart changes) with
    ///   Ready=False/HelmChartNotReady "HelmChart '<ns>/<name>' is not ready: <its message>"
    ///   while it has not caught up with its spec or has no artifact.
    /// - Otherwise keeps its artifact for the next step.
    func ensureChart(_ s: inout HelmReleaseRun) async throws -> StepOutcome {
        if let ref = s.spec.chartRef, ref.kind != HelmChart.kind { return try await ensureChartSource(&s, ref: ref) }
        let (namespace, name) = chartLocation(s)
        s.status.helmChart = "\(namespace)/\(name)"
        if let template = s.spec.chart {
            do { _ = try await client.apply(helmChartObject(template, s, namespace: namespace, name: name),
                                            fieldManager: HelmReleaseFieldManager.name, force: true) } catch {
                throw ReconcileError.transient(reason: HelmReleaseReason.artifactFailed,
                                               "failed to create or update HelmChart '\(namespace)/\(name)': \(error)")
            }
        }
        let chart: JSONValue
        do { chart = try await client.get(Self.helmChartKind, name: name, namespace: namespace) } catch {
            throw ReconcileError.waiting(after: requeueDependency, reason: HelmReleaseReason.helmChartNotReady,
                                         "HelmChart '\(namespace)/\(name)' is not ready: \(error)")
        }
        let ready = Conditions(of: chart)[ConditionType.ready]
        let caughtUp = chart[path: "status", "observedGeneration"]?.intValue == chart[path: "metadata", "generation"]?.intValue
        guard caughtUp, ready?.status == "True", let artifactJSON = chart[path: "status", "artifact"], !artifactJSON.isNull,
              let artifact = try? APIConversion.decode(Artifact.self, from: artifactJSON) else {
            let detail = ready?.message.isEmpty == false ? ": " + (ready?.message ?? "") : ""
            throw ReconcileError.waiting(after: s.settings?.interval ?? requeueDependency, reason: HelmReleaseReason.helmChartNotReady,
                                         "HelmChart '\(namespace)/\(name)' is not ready\(detail)")
        }
        s.chartArtifact = artifact
        return .next
    }

    /// Where the release's HelmChart lives: the template's `<namespace>-<name>` in the source's
    /// namespace, or the `chartRef`.
    func chartLocation(_ s: HelmReleaseRun) -> (namespace: String, name: String) {
        if let ref = s.spec.chartRef { return (ref.namespace ?? s.namespace, ref.name) }
        let sourceNamespace = s.spec.chart?.spec.sourceRef.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? s.namespace
        return (sourceNamespace, "\(s.namespace)-\(s.name)")
    }

    /// The HelmChart a chart template stands for (Flux's `buildHelmChartFromTemplate`).
    func helmChartObject(_ template: HelmChartTemplate, _ s: HelmReleaseRun, namespace: String, name: String) -> JSONValue {
        var spec: JSONObject = [
            "chart": .string(template.spec.chart),
            "version": .string(template.spec.version.flatMap { $0.isEmpty ? nil : $0 } ?? "*"),
            "sourceRef": ["kind": .string(template.spec.sourceRef.kind), "name": .string(template.spec.sourceRef.name)],
            "interval": .string(template.spec.interval ?? s.spec.interval),
            "reconcileStrategy": .string(template.spec.reconcileStrategy ?? HelmChart.strategyChartVersion),
        ]
        if let files = template.spec.valuesFiles, !files.isEmpty { spec["valuesFiles"] = .array(files.map { .string($0) }) }
        if template.spec.ignoreMissingValuesFiles == true { spec["ignoreMissingValuesFiles"] = true }
        if let verify = template.spec.verify { spec["verify"] = APIConversion.encode(verify) }
        var labels: JSONObject = [ReleaseObjects.nameLabel: .string(s.name), ReleaseObjects.namespaceLabel: .string(s.namespace)]
        for (k, v) in template.metadata?.labels ?? [:] { labels[k] = .string(v) }
        var metadata: JSONObject = ["name": .string(name), "namespace": .string(namespace), "labels": .object(labels)]
        if let annotations = template.metadata?.annotations, !annotations.isEmpty {
            var object: JSONObject = [:]
            for (k, v) in annotations.sorted(by: { $0.key < $1.key }) { object[k] = .string(v) }
            metadata["annotations"] = .object(object)
        }
        return ["apiVersion": .string(HelmChart.apiVersion), "kind": .string(HelmChart.kind),
                "metadata": .object(metadata), "spec": .object(spec)]
    }

    /// **loadChart** — downloads the chart artifact (the HelmChart's, or the `chartRef`
    /// OCIRepository's or ExternalArtifact's), checks its digest, loads the chart.
    ///
    /// - Stops with Ready=False/ArtifactFailed "could not load chart: …" (retried) when the
    ///   download, the digest or the archive fails.
    /// - For an OCIRepository, the version gets the manifest digest as build metadata
    ///   (``chartRefVersion(_:kind:revision:)``); stops with ChartMutateError when the
    ///   revision's tag is not the chart's version.
    func loadChart(_ s: inout HelmReleaseRun) async throws -> StepOutcome {
        guard let artifact = s.chartArtifact else { return .next }
        do {
            let bytes = try await fetcher.fetch(url: artifact.url, digest: artifact.digest)
            s.chart = try ChartLoader.load(archive: bytes)
        } catch {
            throw ReconcileError.transient(reason: HelmReleaseReason.artifactFailed, "could not load chart: \(error)")
        }
        if let kind = s.spec.chartRef?.kind, let version = s.chart?.metadata.version {
            s.chart?.metadata.version = try Self.chartRefVersion(version, kind: kind, revision: artifact.revision)
        }
        return .next
    }

    /// **composeValues** — `valuesFrom` then `spec.values` (``ReleaseValues``), and their digest.
    ///
    /// - Stops with Ready=False/InitFailed naming the ConfigMap, Secret or key when a reference
    ///   that is not optional cannot be read (retried: the object may appear).
    func composeValues(_ s: inout HelmReleaseRun) async throws -> StepOutcome {
        do {
            let values = try await ReleaseValues.compose(references: s.spec.valuesFrom ?? [], inline: s.object[path: "spec", "values"],
                                                         namespace: s.namespace, reader: self.values)
            s.values = values
            s.configDigest = ReleaseValues.digest(values)
        } catch {
            throw ReconcileError.transient(reason: HelmReleaseReason.initFailed, "could not resolve values: \(error)")
        }
        return .next
    }
}
