import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests
import ResourceManager

extension KustomizationReconciler {
    /// **finalize** — a Kustomization being deleted: carry out `spec.deletionPolicy`; the
    /// runtime then drops the finalizer.
    ///
    /// - `MirrorPrune` (default): delete the inventory when `spec.prune` is true, else orphan it;
    /// - `Delete`: delete the inventory;
    /// - `WaitForTermination`: delete it and wait until it is gone, within `spec.timeout`; past
    ///   it, a Warning event names what is still terminating and the finalizer goes anyway
    ///   (Flux gives up the same way, so a stuck finalizer downstream cannot pin the object);
    /// - `Orphan`: leave everything.
    /// A suspended Kustomization orphans its objects (Flux). Objects that fail to delete keep
    /// the finalizer on and are retried; a target cluster that cannot be reached any more (its
    /// kubeconfig Secret deleted first) is reported in an event and orphaned.
    public func finalize(_ kustomization: Kustomization, json: JSONValue) async throws(ReconcileError) -> [EventDraft] {
        let settings = settings(kustomization)
        let policy = settings.deletionPolicy ?? .mirrorPrune
        let deletes: Bool
        switch policy {
        case .delete, .waitForTermination: deletes = true
        case .orphan: deletes = false
        case .mirrorPrune: deletes = settings.spec.prune
        }
        let inventory = (json[path: "status", "inventory"]).flatMap { try? Inventory(json: $0) } ?? Inventory()
        guard deletes, settings.spec.suspend != true, let objects = try? inventory.objects(), !objects.isEmpty else { return [] }
        let target: any ApplyTarget
        do {
            target = try await cluster.target(for: settings)
        } catch {
            return [EventDraft(.warning, reason: KustomizationReason.deletionFailed,
                               message: "garbage collection skipped, objects orphaned: \(error.message)")]
        }
        let result: PruneResult
        var terminating: [InventoryObject] = []
        if policy == .waitForTermination {
            let waited = await target.deleteAndWait(objects, timeout: settings.timeout, interval: options.healthPollInterval)
            result = waited.pruned
            terminating = waited.terminating
        } else {
            result = await target.prune(objects)
        }
        if !result.failed.isEmpty {
            let message = result.failed.map { "\($0.object) deletion failed: \($0.message)" }.joined(separator: "\n")
            throw ReconcileError.transient(reason: KustomizationReason.deletionFailed, message)
        }
        var events: [EventDraft] = []
        if !result.deleted.isEmpty {
            events.append(EventDraft(.normal, reason: ConditionReason.progressing,
                                     message: result.deleted.map { "\($0.subject) deleted" }.joined(separator: "\n")))
        }
        if !terminating.isEmpty {
            events.append(EventDraft(.warning, reason: KustomizationReason.deletionFailed,
                                     message: "timeout waiting for termination of: \(terminating.map(\.description).joined(separator: ", ")); finalizer removed"))
        }
        return events
    }
}
