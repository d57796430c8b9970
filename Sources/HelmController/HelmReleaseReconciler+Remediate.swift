import ControllerRuntime
import FerryAPI
import Foundation
import Helm
import KubernetesClient
import Manifests

extension HelmReleaseReconciler {
    /// After a failed install or upgrade, while the spec's retries allow it (`remediation.retries`,
    /// counted by `installFailures`/`upgradeFailures`): a failed install is uninstalled, a failed
    /// upgrade rolled back — or uninstalled with `upgrade.remediation.strategy: uninstall`.
    /// Sets Remediated=True with UninstallSucceeded/RollbackSucceeded, or False with
    /// UninstallFailed/RollbackFailed. The failure that spends the last retry is remediated too
    /// when `remediateLastFailure` says so (Flux's default with retries); without retries
    /// nothing is remediated: the failed release stays as it is, for a person to look at.
    /// Under `strategy: RetryOnFailure` nothing is ever remediated: the action is tried again.
    func remediate(_ s: inout HelmReleaseRun, isUpgrade: Bool, failed record: Release, previous: Release?,
                   history: [Release], store: ReleaseStore, executor: ReleaseExecutor) async {
        guard let settings = s.settings, HelmReleaseSettings.retryInterval(s.spec, upgrade: isUpgrade) == nil else { return }
        let failures = isUpgrade ? (s.status.upgradeFailures ?? 0) : (s.status.installFailures ?? 0)
        let retries = isUpgrade ? settings.upgradeRetries : settings.installRetries
        let last = isUpgrade ? settings.remediateLastFailure.upgrade : settings.remediateLastFailure.install
        guard retries < 0 || failures <= retries || last else { return }
        let byUninstall = s.spec.upgrade?.remediation?.strategy == HelmRemediationStrategy.uninstall.rawValue
        if isUpgrade, let previous, !byUninstall {
            await rollback(&s, to: previous, failed: record, store: store, executor: executor)
        } else {
            let subject = "release \(settings.targetNamespace)/\(settings.releaseName).v\(record.version)"
            do {
                // What the failed upgrade left of the last deployed release goes too: after an
                // uninstall, nothing of the release is live.
                let leftovers = isUpgrade ? (try? await executor.prepare(previous?.manifest ?? "")) ?? [] : []
                try await uninstall(record, history: history, store: store, executor: executor,
                                    options: UninstallOptions(s.spec, settings), alsoDelete: leftovers)
                s.mark(HelmReleaseCondition.remediated, .true, reason: HelmReleaseReason.uninstallSucceeded,
                       message: "Helm uninstall succeeded for \(subject)")
            } catch {
                s.mark(HelmReleaseCondition.remediated, .false, reason: HelmReleaseReason.uninstallFailed,
                       message: "Helm uninstall failed for \(subject): \(error)")
            }
        }
    }

    /// Helm's rollback to the last deployed release: its `pre-rollback` hooks (unless
    /// `rollback.disableHooks`), its manifest applied again (`rollback.force`: objects whose
    /// change touches an immutable field are re-created), what the failed release added
    /// deleted, readiness awaited (unless `rollback.disableWait`), the Pods of its workloads
    /// deleted for their controllers to start afresh (`rollback.recreate`), its `post-rollback`
    /// hooks, and a new version "Rollback to N". On failure, `rollback.cleanupOnFail` deletes
    /// what the rollback created that the failed release did not have.
    private func rollback(_ s: inout HelmReleaseRun, to previous: Release, failed: Release, store: ReleaseStore,
                          executor: ReleaseExecutor) async {
        guard let settings = s.settings else { return }
        let options = s.spec.rollback
        let chartLabel = "\(previous.chart?.metadata?.name ?? "")@\(previous.chart?.metadata?.version ?? "")"
        let subject = "release \(settings.targetNamespace)/\(settings.releaseName).v\(previous.version) with chart \(chartLabel)"
        var prepared: [JSONValue] = []
        let failedObjects = (try? await executor.prepare(failed.manifest)) ?? []
        do {
            prepared = try await executor.prepare(previous.manifest)
            if options?.disableHooks != true { try await executor.runHooks(previous.hooks, event: "pre-rollback", timeout: settings.timeout) }
            _ = try await executor.apply(prepared, timeout: settings.timeout, force: options?.force == true)
            _ = await executor.prune(previous: failedObjects, current: prepared)
            if options?.disableWait != true { try await executor.waitReady(prepared, timeout: settings.timeout) }
            if options?.recreate == true { await recreatePods(of: prepared, client: executor.client) }
            if options?.disableHooks != true { try await executor.runHooks(previous.hooks, event: "post-rollback", timeout: settings.timeout) }
            let now = ReleaseTime(self.now())
            var restored = previous
            restored.version = failed.version + 1
            restored.info = ReleaseInfo(firstDeployed: previous.info?.firstDeployed ?? now, lastDeployed: now,
                                        description: "Rollback to \(previous.version)", status: .deployed, notes: previous.info?.notes ?? "")
            var superseded = failed
            superseded.info?.status = .superseded
            var old = previous
            old.info?.status = .superseded
            try await store.update(superseded)
            try await store.update(old)
            try await store.create(restored)
            s.mark(HelmReleaseCondition.remediated, .true, reason: HelmReleaseReason.rollbackSucceeded,
                   message: "Helm rollback to previous \(subject) succeeded")
        } catch {
            if options?.cleanupOnFail == true {
                let before = ReleaseObjects.identities(failedObjects)
                await executor.delete(prepared.filter { $0.objectID.map { !before.contains($0) } ?? false })
            }
            s.mark(HelmReleaseCondition.remediated, .false, reason: HelmReleaseReason.rollbackFailed,
                   message: "Helm rollback to previous \(subject) failed: \(error)")
        }
    }

    /// `rollback.recreate` (deprecated in Helm 3, still carried out by it): the Pods selected by
    /// each workload's `spec.selector.matchLabels` are deleted so their controller starts new
    /// ones. Best effort, as in Helm: a Pod that cannot be listed or deleted is left.
    func recreatePods(of objects: [JSONValue], client: KubernetesClient) async {
        let workloads: Set<String> = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"]
        let pod = GroupVersionKind(group: "", version: "v1", kind: "Pod")
        for object in objects {
            guard let kind = object["kind"]?.stringValue, workloads.contains(kind), let namespace = object.metadataNamespace,
                  let labels = (object[path: "spec", "selector", "matchLabels"] ?? (kind == "ReplicationController" ? object[path: "spec", "selector"] : nil))?.objectValue,
                  !labels.isEmpty else { continue }
            let selector = labels.sorted { $0.key < $1.key }.compactMap { key, value in value.stringValue.map { "\(key)=\($0)" } }.joined(separator: ",")
            guard let pods = try? await client.list(pod, namespace: namespace, options: ListOptions(labelSelector: selector)) else { continue }
            for item in pods.items {
                guard let name = item.metadataName else { continue }
                _ = try? await client.delete(pod, name: name, namespace: namespace)
            }
        }
    }
}
