import Foundation
import FerryAPI
import KubernetesClient
import Manifests

/// Waiting for a controller to report on an object, as `flux reconcile` and `flux create` do.
enum ReconcileWait {
    /// Waits until the controller has observed the object's current generation (and handled
    /// `requestedAt`, when given) and Ready is no longer Unknown. Prints each new Reconciling
    /// message while it waits (the controller's progress), then the outcome: `ready` (default
    /// "Kind reconciliation completed") and "fetched|applied revision …", or throws with the
    /// Ready message.
    /// Ready=False reasons that mean "waiting for another object", not a failure of this one.
    static let waitingReasons: Set<String> = [ConditionReason.dependencyNotReady, HelmReleaseReason.helmChartNotReady]

    static func untilReady(_ kube: KubernetesClient, kind: FluxKind, object: JSONValue, requestedAt: String? = nil,
                           timeout: String, ready readyText: String? = nil) async throws {
        guard let seconds = GoDuration.parse(timeout) else { throw CLIMessage("--timeout \(timeout) is not a duration such as 5m or 30s") }
        let name = object.metadataName ?? "", namespace = object.metadataNamespace ?? ""
        Say.waiting("waiting for \(kind.gvk.kind) reconciliation")
        Say.flush()
        let deadline = Date().addingTimeInterval(seconds)
        var progress: String?
        while Date() < deadline {
            let live = try await kube.getFound(kind.gvk, name: name, namespace: namespace)
            // Ready is about the current spec when its own observedGeneration (or the status's)
            // has caught up; a failure is reported as soon as it is, as flux does.
            let ready = live.condition(ConditionType.ready)
            let observed = ready?["observedGeneration"]?.intValue ?? live[path: "status", "observedGeneration"]?.intValue ?? -1
            let handled = requestedAt == nil || live[path: "status", "lastHandledReconcileAt"]?.stringValue == requestedAt
            // Waiting for something else to get ready (its HelmChart being built, a `dependsOn`)
            // is progress, not failure: kstatus, which flux waits with, says InProgress.
            let waitsOnOther = ready?["status"]?.stringValue == "False" && live.condition(ConditionType.stalled)?["status"]?.stringValue != "True"
                && Self.waitingReasons.contains(ready?["reason"]?.stringValue ?? "")
            if observed >= (live.generation ?? 0), handled, !waitsOnOther, let status = ready?["status"]?.stringValue, status != "Unknown" {
                if status == "True" {
                    Say.success(readyText ?? "\(kind.gvk.kind) reconciliation completed")
                    if let revision = live.reportedRevision { Say.success("\(kind.revisionVerb) revision \(revision)") }
                    return
                }
                throw CLIMessage("\(kind.gvk.kind) \(namespace)/\(name) is not ready: \(ready?["message"]?.stringValue ?? "")")
            }
            if let reconciling = live.condition("Reconciling"), reconciling["status"]?.stringValue == "True",
               let message = reconciling["message"]?.stringValue, !message.isEmpty, message != progress {
                Say.waiting(message)
                Say.flush()
                progress = message
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw CLIMessage("timed out after \(timeout) waiting for \(kind.gvk.kind) \(namespace)/\(name) to be reconciled (is `ferry controllers run` running?)")
    }
}
