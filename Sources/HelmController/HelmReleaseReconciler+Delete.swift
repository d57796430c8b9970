import ControllerRuntime
import FerryAPI
import Foundation
import Helm
import KubernetesClient
import Manifests

extension HelmReleaseReconciler {
    /// The HelmRelease is being deleted: its release is uninstalled (pre-delete hooks, the
    /// objects — except those marked `helm.sh/resource-policy: keep` — post-delete hooks, the
    /// records unless `uninstall.keepHistory`) and the HelmChart made from `spec.chart` is
    /// deleted. A suspended HelmRelease is let go without touching the release, as Flux does.
    /// A failure keeps the finalizer and retries.
    public func finalize(_ release: HelmRelease, json: JSONValue) async throws(ReconcileError) -> [EventDraft] {
        if release.spec.suspend == true { return [] }
        let settings: HelmReleaseSettings
        do { settings = try HelmReleaseSettings(release, defaultServiceAccount: defaultServiceAccount) } catch {
            // A spec that cannot be read names no release Ferry could have made.
            return []
        }
        let store = ReleaseStore(client: settings.client(client), namespace: settings.storageNamespace)
        var events: [EventDraft] = []
        do {
            let history = try await store.history(settings.releaseName)
            if let latest = history.last, latest.status != .uninstalled {
                var objects = ReleaseObjects(releaseName: settings.releaseName, releaseNamespace: settings.targetNamespace,
                                             ownerName: release.metadata.name, ownerNamespace: release.metadata.namespace ?? "default")
                objects.commonLabels = release.spec.commonMetadata?.labels ?? [:]
                let executor = ReleaseExecutor(client: settings.client(client), objects: objects)
                let timeout = settings.timeout
                let hooks = latest.hooks
                let disableHooks = release.spec.uninstall?.disableHooks ?? false
                if !disableHooks { try await executor.runHooks(hooks, event: "pre-delete", timeout: timeout) }
                try await uninstall(latest, history: history, store: store, executor: executor, keepHistory: settings.uninstallKeepHistory)
                if !disableHooks { try await executor.runHooks(hooks, event: "post-delete", timeout: timeout) }
                events.append(EventDraft(.normal, reason: HelmReleaseReason.uninstallSucceeded,
                                         message: "Helm uninstall succeeded for release \(settings.targetNamespace)/\(settings.releaseName).v\(latest.version) with chart \(latest.chart?.metadata?.name ?? "")@\(latest.chart?.metadata?.version ?? "")"))
            }
        } catch {
            throw ReconcileError.transient(reason: HelmReleaseReason.uninstallFailed, "Helm uninstall failed: \(error)")
        }
        if release.spec.chart != nil {
            let (namespace, name) = chartLocation(HelmReleaseRun(release: release, object: json, now: now()))
            do { _ = try await client.delete(Self.helmChartKind, name: name, namespace: namespace) } catch let error as APIError where error.isNotFound {
            } catch {
                throw ReconcileError.transient(reason: HelmReleaseReason.uninstallFailed, "failed to delete HelmChart '\(namespace)/\(name)': \(error)")
            }
        }
        return events
    }
}
