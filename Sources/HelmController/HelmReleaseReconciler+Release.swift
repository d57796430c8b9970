import GoTemplate
import ControllerRuntime
import Crypto
import FerryAPI
import Foundation
import Helm
import KubernetesClient
import Manifests

extension HelmReleaseReconciler {
    /// **release** — reads the release's history from Helm's storage and carries out the
    /// ``ReleasePlan``.
    ///
    /// - Stops with Ready=False/GetLastReleaseFailed when the history cannot be read (retried).
    /// - A release left pending by an interrupted action is marked failed first (Helm's
    ///   "another operation is in progress" never blocks the object forever).
    /// - Up to date: Released stays (or becomes) True; the history snapshots are refreshed.
    /// - Install or upgrade (``perform(_:isUpgrade:history:store:)``): Released=True with
    ///   InstallSucceeded/UpgradeSucceeded, or Released=False with InstallFailed/UpgradeFailed
    ///   and the remediation the spec asks for.
    /// - Retries spent on the same chart and values: stalled with the last failure's reason.
    func release(_ s: inout HelmReleaseRun) async throws -> StepOutcome {
        guard let settings = s.settings, let chart = s.chart, var digest = s.configDigest else { return .next }
        let store = ReleaseStore(client: settings.client(client), namespace: settings.storageNamespace)
        var history: [Release]
        do { history = try await store.history(settings.releaseName) } catch {
            throw ReconcileError.transient(reason: HelmReleaseReason.getLastReleaseFailed, "failed to get last release revision: \(error)")
        }
        digest = preserveValues(&s, history: history) ?? digest
        var desired = ReleasePlan.Desired(chartName: chart.name, chartVersion: chart.metadata.version, configDigest: digest)
        desired.postRenderersChanged = HelmReleaseRender.digest(s.spec.postRenderers) != s.status.observedPostRenderersDigest
        if s.status.lastAttemptedRevision != desired.chartVersion || s.status.lastAttemptedConfigDigest != digest
            || s.status.lastAttemptedGeneration != s.generation || Self.chartContentChanged(s) {
            s.status.failures = nil
            s.status.installFailures = nil
            s.status.upgradeFailures = nil
        }
        s.takeResetRequest()
        desired.forced = s.takeForceRequest() || Self.chartContentChanged(s)
        var plan = nextPlan(s, history: history, desired: desired)
        if case .unlock(let version) = plan, var stuck = history.last(where: { $0.version == version }) {
            stuck.info?.status = .failed
            stuck.info?.description = "Release unlocked from stale '\(history.last?.status.rawValue ?? "")' state"
            do { try await store.update(stuck) } catch {
                throw ReconcileError.transient(reason: HelmReleaseReason.getLastReleaseFailed, "failed to unlock release: \(error)")
            }
            history = history.map { $0.version == version ? stuck : $0 }
            plan = nextPlan(s, history: history, desired: desired)
        }
        switch plan {
        case .upToDate:
            if s.conditions[HelmReleaseCondition.released]?.status != "True", let latest = history.last {
                let message = "Helm release \(settings.targetNamespace)/\(settings.releaseName).v\(latest.version) is deployed with chart \(desired.chartName)@\(desired.chartVersion)"
                s.mark(HelmReleaseCondition.released, .true, reason: HelmReleaseReason.installSucceeded, message: message)
            }
            // Snapshots encode every stored release: only when the history moved.
            let seen = (s.status.history ?? []).map { "\($0.version)/\($0.status)" }
            if seen != history.reversed().prefix(5).map({ "\($0.version)/\($0.status.rawValue)" }) {
                s.status.history = Self.snapshots(history)
            }
            s.status.lastReleaseRevision = history.last?.version
            s.status.lastAttemptedRevision = desired.chartVersion
            s.status.lastAttemptedConfigDigest = digest
            s.status.lastAttemptedRevisionDigest = s.chartArtifact?.digest
            if let latest = history.last {
                try await checkTests(&s, latest: latest, history: history, store: store)
                try await checkDrift(&s, latest: latest)
            }
            return .next
        case .exhausted:
            // The last failure: a failed test's when the release itself went through.
            let released = s.conditions[HelmReleaseCondition.released]
            let tested = released?.status == "True" ? s.conditions[HelmReleaseCondition.testSuccess].flatMap { $0.status == "False" ? $0 : nil } : nil
            let failure = tested ?? released
            let message = failure?.message ?? "the last release failed"
            throw ReconcileError.stalled(reason: failure?.reason ?? HelmReleaseReason.upgradeFailed,
                                         "Failed: retries exhausted: \(message)")
        case .install, .upgrade, .unlock:
            let isUpgrade: Bool
            if case .upgrade = plan { isUpgrade = true } else { isUpgrade = false }
            let prior = FailureCounts(s.status)
            try await perform(&s, isUpgrade: isUpgrade, history: history, store: store)
            if s.spec.test?.enable == true, let record = s.released {
                try await runTests(&s, record: record, isUpgrade: isUpgrade, history: history, store: store, prior: prior)
            } else {
                s.conditions.remove(HelmReleaseCondition.testSuccess)
            }
            return .next
        }
    }

    private func nextPlan(_ s: HelmReleaseRun, history: [Release], desired: ReleasePlan.Desired) -> ReleasePlan {
        let upgrade = ReleaseStorage.lastDeployed(history) != nil
        let failures = upgrade ? (s.status.upgradeFailures ?? 0) : (s.status.installFailures ?? 0)
        let retries = plannedRetries(s, upgrade: upgrade)
        return ReleasePlan.next(history: history, desired: desired, failures: failures, retries: retries)
    }

    /// History lines as Flux writes them: newest first, at most five.
    static func snapshots(_ history: [Release]) -> [HelmReleaseSnapshot] {
        history.reversed().prefix(5).map { release in
            let bytes = (try? ReleaseStorage.encodeRecord(release)) ?? ""
            let digest = SHA256Hex.digest(bytes.utf8)
            var snapshot = HelmReleaseSnapshot(
                digest: digest, name: release.name, namespace: release.namespace, version: release.version,
                status: release.status.rawValue, chartName: release.chart?.metadata?.name ?? "",
                chartVersion: release.chart?.metadata?.version ?? "", configDigest: ReleaseValues.digest(release.config ?? GoMap()),
                firstDeployed: release.info?.firstDeployed.rfc3339 ?? "", lastDeployed: release.info?.lastDeployed.rfc3339 ?? "",
                appVersion: release.chart?.metadata.flatMap { $0.appVersion.isEmpty ? nil : $0.appVersion })
            if let deleted = release.info?.deleted, !deleted.isZero { snapshot.deleted = deleted.rfc3339 }
            snapshot.testHooks = testHookStatuses(release)
            return snapshot
        }
    }

    /// The cluster as `.Capabilities` shows it: the server's version and every served
    /// `group/version` and `group/version/Kind`.
    func capabilities(_ cluster: KubernetesClient? = nil) async -> Capabilities {
        let client = cluster ?? self.client
        var caps = Capabilities()
        if let version = try? await client.serverVersion() {
            caps.kubeVersion = KubeVersion(version: version.gitVersion, major: version.major, minor: version.minor)
        }
        if let mapping = try? await client.restMapping() {
            var versions = Set<String>()
            for gvk in mapping.byGVK.keys {
                let gv = gvk.group.isEmpty ? gvk.version : "\(gvk.group)/\(gvk.version)"
                versions.insert(gv)
                versions.insert("\(gv)/\(gvk.kind)")
            }
            caps.apiVersions = versions.sorted()
        }
        return caps
    }
}

extension ReleaseTime {
    init(_ date: Date) {
        let seconds = date.timeIntervalSince1970
        self.init(unixSeconds: Int64(seconds.rounded(.down)), nanoseconds: Int32((seconds - seconds.rounded(.down)) * 1e9))
    }
}
