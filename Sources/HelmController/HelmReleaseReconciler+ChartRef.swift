import ControllerRuntime
import FerryAPI
import Foundation
import Helm
import KubernetesClient
import Manifests

extension HelmReleaseReason {
    /// A `chartRef` OCIRepository or ExternalArtifact is not ready (helm-controller's reason).
    public static let sourceNotReady = "SourceNotReady"
    /// An OCIRepository's revision and the chart it holds disagree (helm-controller's reason).
    public static let chartMutateError = "ChartMutateError"
}

/// `spec.chartRef` of kind OCIRepository or ExternalArtifact: the chart is the referenced
/// object's own artifact (a chart `.tgz`, or a tarball of a chart directory), read as
/// helm-controller reads it — no HelmChart in between.
extension HelmReleaseReconciler {
    /// The kinds `spec.chartRef` may name.
    static let chartRefKinds = [HelmChart.kind, OCIRepository.kind, ExternalArtifact.kind]

    static func chartSourceKind(_ kind: String) -> GroupVersionKind {
        GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: kind)
    }

    /// **ensureChart** for an OCIRepository or ExternalArtifact `chartRef`: reads the object and
    /// keeps its `status.artifact` for **loadChart**. `status.helmChart` is cleared (there is
    /// no HelmChart).
    ///
    /// - Stops with Ready=False/ArtifactFailed "could not get Source object: …" (retried with
    ///   backoff) when it cannot be read or does not exist.
    /// - Stops waiting (`spec.interval`; a new artifact wakes it sooner) with
    ///   Ready=False/SourceNotReady "<Kind> '<ns>/<name>' is not ready: …" while the source has
    ///   not caught up with its generation, is stalled, or has no artifact.
    func ensureChartSource(_ s: inout HelmReleaseRun, ref: CrossNamespaceSourceReference) async throws -> StepOutcome {
        let namespace = ref.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? s.namespace
        s.status.helmChart = nil
        let object: JSONValue
        do { object = try await client.get(Self.chartSourceKind(ref.kind), name: ref.name, namespace: namespace) } catch {
            throw ReconcileError.transient(reason: HelmReleaseReason.artifactFailed, "could not get Source object: \(error)")
        }
        switch Self.readiness(of: object, kind: ref.kind, namespace: namespace, name: ref.name) {
        case .ready(let artifact):
            s.chartArtifact = artifact
            return .next
        case .notReady(let message):
            throw ReconcileError.waiting(after: s.settings?.interval ?? requeueDependency, reason: HelmReleaseReason.sourceNotReady, message)
        }
    }

    enum SourceReadiness: Equatable {
        case ready(Artifact)
        case notReady(String)
    }

    /// helm-controller's `isReady`: the source's latest generation reconciled (for kinds whose
    /// status records one), not stalled, with an artifact.
    static func readiness(of object: JSONValue, kind: String, namespace: String, name: String) -> SourceReadiness {
        let subject = "\(kind) '\(namespace)/\(name)' is not ready: "
        let conditions = Conditions(of: object)
        if let observed = object[path: "status", "observedGeneration"]?.intValue, observed != object.generation {
            let ready = conditions[ConditionType.ready]
            let message = ready?.status == "False" ? ready?.message ?? "" : "latest generation of object has not been reconciled"
            return .notReady(subject + message)
        }
        if let stalled = conditions[ConditionType.stalled], stalled.status == "True" { return .notReady(subject + stalled.message) }
        guard let json = object[path: "status", "artifact"], !json.isNull,
              let artifact = try? APIConversion.decode(Artifact.self, from: json) else {
            return .notReady(subject + "does not have an artifact")
        }
        return .ready(artifact)
    }

    /// The chart version a release records for a `chartRef` artifact (helm-controller's
    /// `mutateChartWithSourceRevision`): for an OCIRepository, Chart.yaml's version with the
    /// first 12 hex digits of the manifest digest as build metadata, so a re-pushed tag is a new
    /// version; its revision `<tag>@<digest>` must name the chart's version. Other kinds keep
    /// Chart.yaml's version.
    static func chartRefVersion(_ version: String, kind: String, revision: String) throws(ReconcileError) -> String {
        guard kind == OCIRepository.kind else { return version }
        var digest = revision
        if let at = revision.firstIndex(of: "@") {
            let tag = String(revision[..<at])
            func plain(_ v: String) -> String {
                var text = v.hasPrefix("v") ? String(v.dropFirst()) : v
                if let plus = text.firstIndex(of: "+") { text = String(text[..<plus]) }
                return text
            }
            guard plain(tag) == plain(version) else {
                throw .transient(reason: HelmReleaseReason.chartMutateError,
                                 "artifact revision \(tag) does not match chart version \(version)")
            }
            digest = String(revision[revision.index(after: at)...])
        }
        let parts = digest.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[1].count >= 12 else {
            throw .transient(reason: HelmReleaseReason.chartMutateError, "invalid artifact revision \(revision)")
        }
        do throws(HelmError) {
            return try ChartPackage.version(version, buildMetadata: String(parts[1].prefix(12)))
        } catch {
            throw .transient(reason: HelmReleaseReason.chartMutateError, error.message)
        }
    }

    /// An ExternalArtifact whose content changed under the same chart version (new digest, the
    /// last attempt recorded another): one upgrade, as a new chart would get.
    static func chartContentChanged(_ s: HelmReleaseRun) -> Bool {
        guard s.spec.chartRef?.kind == ExternalArtifact.kind, let last = s.status.lastAttemptedRevisionDigest,
              let current = s.chartArtifact?.digest else { return false }
        return last != current
    }
}
