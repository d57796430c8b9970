import ControllerRuntime
import FerryAPI
import Foundation
import Helm
import Manifests

extension HelmReleaseReconciler {
    /// After a failed install or upgrade, while the spec's retries allow it (`remediation.retries`,
    /// counted by `installFailures`/`upgradeFailures`): a failed install is uninstalled (its
    /// objects deleted, its records removed unless `uninstall.keepHistory`), a failed upgrade is
    /// rolled back — the last deployed release's manifest applied again as a new version
    /// "Rollback to N". Sets Remediated=True with UninstallSucceeded/RollbackSucceeded, or False
    /// with UninstallFailed/RollbackFailed. The failure that spends the last retry is remediated
    /// too when `remediateLastFailure` says so (Flux's default with retries); without retries
    /// nothing is remediated: the failed release stays as it is, for a person to look at.
    func remediate(_ s: inout HelmReleaseRun, isUpgrade: Bool, failed record: Release, previous: Release?,
                   history: [Release], store: ReleaseStore, executor: ReleaseExecutor) async {
        guard let settings = s.settings else { return }
        let failures = isUpgrade ? (s.status.upgradeFailures ?? 0) : (s.status.installFailures ?? 0)
        let retries = isUpgrade ? settings.upgradeRetries : settings.installRetries
        let last = isUpgrade ? settings.remediateLastFailure.upgrade : settings.remediateLastFailure.install
        guard retries < 0 || failures <= retries || last else { return }
        if isUpgrade, let previous {
            await rollback(&s, to: previous, failed: record, store: store, executor: executor)
        } else {
            let subject = "release \(settings.targetNamespace)/\(settings.releaseName).v\(record.version)"
            do {
                try await uninstall(record, history: history, store: store, executor: executor, keepHistory: settings.uninstallKeepHistory)
                s.mark(HelmReleaseCondition.remediated, .true, reason: HelmReleaseReason.uninstallSucceeded,
                       message: "Helm uninstall succeeded for \(subject)")
            } catch {
                s.mark(HelmReleaseCondition.remediated, .false, reason: HelmReleaseReason.uninstallFailed,
                       message: "Helm uninstall failed for \(subject): \(error)")
            }
        }
    }

    private func rollback(_ s: inout HelmReleaseRun, to previous: Release, failed: Release, store: ReleaseStore,
                          executor: ReleaseExecutor) async {
        guard let settings = s.settings else { return }
        let chartLabel = "\(previous.chart?.metadata?.name ?? "")@\(previous.chart?.metadata?.version ?? "")"
        let subject = "release \(settings.targetNamespace)/\(settings.releaseName).v\(previous.version) with chart \(chartLabel)"
        do {
            let prepared = try await executor.prepare(previous.manifest)
            _ = try await executor.apply(prepared, timeout: settings.timeout)
            _ = await executor.prune(previous: (try? await executor.prepare(failed.manifest)) ?? [], current: prepared)
            if !settings.disableWait.upgrade { try await executor.waitReady(prepared, timeout: settings.timeout) }
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
            s.mark(HelmReleaseCondition.remediated, .false, reason: HelmReleaseReason.rollbackFailed,
                   message: "Helm rollback to previous \(subject) failed: \(error)")
        }
    }

    /// Deletes a release's objects (but not those marked `helm.sh/resource-policy: keep`) and
    /// its records — or, with `keepHistory`, marks the latest uninstalled.
    func uninstall(_ latest: Release, history: [Release], store: ReleaseStore, executor: ReleaseExecutor, keepHistory: Bool) async throws {
        let prepared = try await executor.prepare(latest.manifest)
        _ = await executor.prune(previous: prepared, current: [])
        if keepHistory {
            var record = latest
            record.info?.status = .uninstalled
            record.info?.deleted = ReleaseTime(self.now())
            record.info?.description = "Uninstallation complete"
            try await store.update(record)
        } else {
            for release in history { try await store.delete(latest.name, version: release.version) }
        }
    }
}
