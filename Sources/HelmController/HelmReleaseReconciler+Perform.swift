import GoTemplate
import ControllerRuntime
import FerryAPI
import Foundation
import Helm
import KubernetesClient
import Manifests
import ResourceManager

extension HelmReleaseReconciler {
    /// Installs or upgrades: renders, records the release as pending, runs the pre-hooks,
    /// applies CRDs (by policy) and the manifest, deletes what the previous release had and
    /// this one has not, waits for readiness, runs the post-hooks, and records the outcome.
    ///
    /// On success: the release deployed (the previous one superseded, history pruned to
    /// `maxHistory`), Released=True/InstallSucceeded|UpgradeSucceeded "Helm install succeeded
    /// for release <ns>/<name>.v<N> with chart <chart>@<version>", a Normal event, the
    /// inventory and history. On failure: the release recorded as failed, Released=False with
    /// InstallFailed|UpgradeFailed and the cause, the failure counted; then, while the spec's
    /// retries allow, remediated — a failed install uninstalled, a failed upgrade rolled back to
    /// the last deployed release — and retried. A render failure changes nothing live.
    func perform(_ s: inout HelmReleaseRun, isUpgrade: Bool, history: [Release], store: ReleaseStore) async throws {
        guard let settings = s.settings, let chart = s.chart, let values = s.values else { return }
        let action = isUpgrade ? "upgrade" : "install"
        let version = ReleaseStorage.nextVersion(history)
        let chartLabel = "\(chart.name)@\(chart.metadata.version)"
        let subject = "release \(settings.targetNamespace)/\(settings.releaseName).v\(version) with chart \(chartLabel)"
        s.status.lastAttemptedReleaseAction = action
        s.status.lastAttemptedRevision = chart.metadata.version
        s.status.lastAttemptedRevisionDigest = s.chartArtifact?.digest
        s.status.lastAttemptedConfigDigest = s.configDigest
        try await s.reportProgress("Running '\(action)' action with timeout of \(GoDuration.format(seconds: settings.timeout / .seconds(1)))")

        var rendered: RenderedRelease
        var options = ReleaseRenderOptions(releaseName: settings.releaseName, namespace: settings.targetNamespace, revision: version,
                                           isUpgrade: isUpgrade, capabilities: await capabilities(settings.target))
        let checks = isUpgrade ? s.spec.upgrade.map { ($0.disableSchemaValidation, $0.disableTakeOwnership) }
                               : s.spec.install.map { ($0.disableSchemaValidation, $0.disableTakeOwnership) }
        options.skipSchemaValidation = checks?.0 == true
        do throws(HelmError) {
            rendered = try Helm.renderRelease(chart: chart, userValues: values, options: options)
        } catch {
            throw failed(&s, isUpgrade: isUpgrade, "Helm \(action) failed for \(subject): \(error.message)")
        }
        // `spec.postRenderers` (ReleasePostRenderer.swift): the manifest only, before anything is recorded or applied.
        do { rendered.manifest = try HelmReleaseRender.postRender(manifest: rendered.manifest, renderers: s.spec.postRenderers ?? []) } catch {
            throw failed(&s, isUpgrade: isUpgrade, "Helm \(action) failed for \(subject): \(error)")
        }
        let now = ReleaseTime(self.now())
        let previousDeployed = ReleaseStorage.lastDeployed(history)
        var record = Release(
            name: settings.releaseName, namespace: settings.targetNamespace, version: version,
            info: ReleaseInfo(firstDeployed: previousDeployed?.info?.firstDeployed ?? now, lastDeployed: now,
                              description: isUpgrade ? "Preparing upgrade" : "Initial install underway",
                              status: isUpgrade ? .pendingUpgrade : .pendingInstall, notes: rendered.notes),
            chart: StoredChart(chart), config: values, manifest: rendered.manifest,
            hooks: rendered.hooks.map(Self.storedHook))
        do { try await store.create(record) } catch {
            throw ReconcileError.transient(reason: isUpgrade ? HelmReleaseReason.upgradeFailed : HelmReleaseReason.installFailed,
                                           "Helm \(action) failed for \(subject): failed to record the release: \(error)")
        }

        var executor = ReleaseExecutor(client: settings.client(client), objects: releaseObjects(s, settings))
        executor.health = settings.healthRules
        let disableHooks = (isUpgrade ? s.spec.upgrade?.disableHooks : s.spec.install?.disableHooks) ?? false
        let disableWait = isUpgrade ? settings.disableWait.upgrade : settings.disableWait.install
        var prepared: [JSONValue] = []
        do {
            if !isUpgrade, settings.createNamespace { try await executor.ensureNamespace(settings.targetNamespace) }
            if !disableHooks { try await executor.runHooks(record.hooks, event: isUpgrade ? "pre-upgrade" : "pre-install", timeout: settings.timeout) }
            try await executor.applyCRDs(rendered.crds, policy: Self.choice(isUpgrade ? settings.upgradeCRDs : settings.installCRDs))
            prepared = try await executor.prepare(rendered.manifest)
            if checks?.1 == true {
                try await executor.checkOwnership(prepared, previous: (try? await executor.prepare(previousDeployed?.manifest ?? "")) ?? [])
            }
            _ = try await executor.apply(prepared, timeout: settings.timeout, force: isUpgrade && s.spec.upgrade?.force == true)
            if let previous = previousDeployed {
                _ = await executor.prune(previous: (try? await executor.prepare(previous.manifest)) ?? [], current: prepared)
            }
            if !disableWait { try await executor.waitReady(prepared, timeout: settings.timeout) }
            if !disableHooks { try await executor.runHooks(record.hooks, event: isUpgrade ? "post-upgrade" : "post-install", timeout: settings.timeout) }
        } catch {
            record.info?.status = ReleaseStatus.failed
            record.info?.description = "Release \"\(settings.releaseName)\" failed: \(error)"
            try? await store.update(record)
            if isUpgrade, settings.cleanupOnFail, let previous = previousDeployed {
                // `upgrade.cleanupOnFail`: what this upgrade created, and the last release did not have, goes.
                let before = ReleaseObjects.identities((try? await executor.prepare(previous.manifest)) ?? [])
                await executor.delete(prepared.filter { $0.objectID.map { !before.contains($0) } ?? false })
            }
            let failure = failed(&s, isUpgrade: isUpgrade, "Helm \(action) failed for \(subject): \(error)")
            await remediate(&s, isUpgrade: isUpgrade, failed: record, previous: previousDeployed, history: history + [record],
                            store: store, executor: executor)
            throw failure
        }

        record.info?.status = ReleaseStatus.deployed
        record.info?.description = isUpgrade ? "Upgrade complete" : "Install complete"
        do {
            try await store.update(record)
            if var previous = previousDeployed {
                previous.info?.status = ReleaseStatus.superseded
                try await store.update(previous)
            }
            let all = history.map { release -> Release in
                guard release.version == previousDeployed?.version else { return release }
                var superseded = release
                superseded.info?.status = ReleaseStatus.superseded
                return superseded
            } + [record]
            for old in ReleaseStorage.versionsToPrune(all, maxHistory: settings.maxHistory) {
                try await store.delete(settings.releaseName, version: old)
            }
            s.status.history = Self.snapshots(try await store.history(settings.releaseName))
        } catch {
            throw ReconcileError.transient(reason: isUpgrade ? HelmReleaseReason.upgradeFailed : HelmReleaseReason.installFailed,
                                           "Helm \(action) failed for \(subject): failed to record the release: \(error)")
        }
        let reason = isUpgrade ? HelmReleaseReason.upgradeSucceeded : HelmReleaseReason.installSucceeded
        let message = "Helm \(action) succeeded for \(subject)"
        s.mark(HelmReleaseCondition.released, .true, reason: reason, message: message)
        s.conditions.remove(HelmReleaseCondition.remediated)
        s.events.append(EventDraft(.normal, reason: reason, message: message))
        s.status.inventory = ResourceInventory(entries: Inventory(objects: prepared).entries.map { ResourceRef(id: $0.id, v: $0.version) })
        s.status.lastReleaseRevision = version
        s.status.observedPostRenderersDigest = HelmReleaseRender.digest(s.spec.postRenderers)
        s.status.failures = nil
        s.status.installFailures = nil
        s.status.upgradeFailures = nil
        s.released = record
    }

    /// Counts the failure and records Released=False; returns the error to throw.
    func failed(_ s: inout HelmReleaseRun, isUpgrade: Bool, _ message: String) -> ReconcileError {
        let reason = isUpgrade ? HelmReleaseReason.upgradeFailed : HelmReleaseReason.installFailed
        s.status.failures = (s.status.failures ?? 0) + 1
        if isUpgrade { s.status.upgradeFailures = (s.status.upgradeFailures ?? 0) + 1 } else {
            s.status.installFailures = (s.status.installFailures ?? 0) + 1
        }
        s.mark(HelmReleaseCondition.released, .false, reason: reason, message: message)
        // `strategy: RetryOnFailure`: tried again after `retryInterval`, not with backoff.
        if let interval = HelmReleaseSettings.retryInterval(s.spec, upgrade: isUpgrade) { return .retry(after: interval, reason: reason, message) }
        return ReconcileError.transient(reason: reason, message)
    }

    func releaseObjects(_ s: HelmReleaseRun, _ settings: HelmReleaseSettings) -> ReleaseObjects {
        var objects = ReleaseObjects(releaseName: settings.releaseName, releaseNamespace: settings.targetNamespace,
                                     ownerName: s.name, ownerNamespace: s.namespace)
        objects.commonLabels = s.spec.commonMetadata?.labels ?? [:]
        objects.commonAnnotations = s.spec.commonMetadata?.annotations ?? [:]
        return objects
    }

    static func choice(_ policy: HelmCRDPolicy) -> HelmCRDPolicyChoice {
        switch policy {
        case .skip: .skip
        case .create: .create
        case .createReplace: .createReplace
        }
    }

    static func storedHook(_ hook: ManifestSorter.Hook) -> ReleaseHook {
        ReleaseHook(name: hook.manifest.name, kind: hook.manifest.kind, path: hook.manifest.path, manifest: hook.manifest.content,
                    events: hook.events.map { HookEvent($0) }, weight: hook.weight,
                    deletePolicies: hook.deletePolicies.map { HookDeletePolicy($0) })
    }
}
