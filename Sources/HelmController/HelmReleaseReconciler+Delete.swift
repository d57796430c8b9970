import ControllerRuntime
import FerryAPI
import Foundation
import Helm
import KubernetesClient
import Manifests

/// `spec.uninstall`, as every uninstall (deletion of the HelmRelease, or remediation) takes it.
struct UninstallOptions {
    /// `disableHooks`: no `pre-delete`/`post-delete` hooks.
    var disableHooks: Bool
    /// `keepHistory`: the latest record is kept, marked `uninstalled`; otherwise all records go.
    var keepHistory: Bool
    /// `disableWait`: do not wait for the deleted objects to be gone (Helm's `--wait` on uninstall).
    var disableWait: Bool
    /// `deletionPropagation`: `background` (the default), `foreground` or `orphan` — what
    /// happens to the dependents (a Deployment's ReplicaSets and Pods) of each deleted object.
    var propagation: PropagationPolicy
    var timeout: Duration

    init(_ spec: HelmReleaseSpec, _ settings: HelmReleaseSettings) {
        disableHooks = spec.uninstall?.disableHooks ?? false
        keepHistory = settings.uninstallKeepHistory
        disableWait = spec.uninstall?.disableWait ?? false
        propagation = Self.propagation(spec.uninstall?.deletionPropagation) ?? .background
        timeout = settings.timeout
    }

    /// `background`, `foreground`, `orphan` (as Flux spells them); nil for anything else.
    static func propagation(_ text: String?) -> PropagationPolicy? {
        switch text {
        case nil, "", "background": .background
        case "foreground": .foreground
        case "orphan": .orphan
        default: nil
        }
    }
}

extension HelmReleaseReconciler {
    /// The HelmRelease is being deleted: its release is uninstalled (``uninstall(_:history:store:executor:options:alsoDelete:)``
    /// with `spec.uninstall`) and the HelmChart made from `spec.chart` is deleted. A suspended
    /// HelmRelease is let go without touching the release, as Flux does. A failure keeps the
    /// finalizer and retries.
    public func finalize(_ release: HelmRelease, json: JSONValue) async throws(ReconcileError) -> [EventDraft] {
        if release.spec.suspend == true { return [] }
        var settings: HelmReleaseSettings
        do { settings = try HelmReleaseSettings(release, defaultServiceAccount: defaultServiceAccount) } catch {
            // A spec that cannot be read names no release Ferry could have made.
            return []
        }
        // The release's cluster must be reachable to uninstall it: until then the finalizer stays.
        try await resolveTarget(&settings, of: release)
        let store = ReleaseStore(client: settings.client(client), namespace: settings.storageNamespace)
        var events: [EventDraft] = []
        do {
            let history = try await store.history(settings.releaseName)
            if let latest = history.last, latest.status != .uninstalled {
                var objects = ReleaseObjects(releaseName: settings.releaseName, releaseNamespace: settings.targetNamespace,
                                             ownerName: release.metadata.name, ownerNamespace: release.metadata.namespace ?? "default")
                objects.commonLabels = release.spec.commonMetadata?.labels ?? [:]
                let executor = ReleaseExecutor(client: settings.client(client), objects: objects)
                try await uninstall(latest, history: history, store: store, executor: executor, options: UninstallOptions(release.spec, settings))
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

    /// Helm's uninstall of `latest`: its `pre-delete` hooks, its objects deleted with the
    /// chosen propagation (but not those marked `helm.sh/resource-policy: keep`) — and
    /// `alsoDelete`, objects of an earlier release a failed upgrade left — then, unless
    /// `disableWait`, a wait until they are gone (within `spec.timeout`), its `post-delete`
    /// hooks, and its records removed — or, with `keepHistory`, the latest marked `uninstalled`.
    func uninstall(_ latest: Release, history: [Release], store: ReleaseStore, executor: ReleaseExecutor,
                   options: UninstallOptions, alsoDelete: [JSONValue] = []) async throws {
        if !options.disableHooks { try await executor.runHooks(latest.hooks, event: "pre-delete", timeout: options.timeout) }
        let prepared = try await executor.prepare(latest.manifest)
        let known = ReleaseObjects.identities(prepared)
        let targets = prepared + alsoDelete.filter { $0.objectID.map { !known.contains($0) } ?? false }
        let deleted = await executor.prune(previous: targets, current: [], propagation: options.propagation)
        if !options.disableWait { try await executor.waitGone(deleted, timeout: options.timeout) }
        if !options.disableHooks { try await executor.runHooks(latest.hooks, event: "post-delete", timeout: options.timeout) }
        if options.keepHistory {
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
