import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests
import ResourceManager

extension KustomizationReconciler {
    /// A Kustomization being deleted: carry out `spec.deletionPolicy`, then drop the finalizer.
    ///
    /// - `MirrorPrune` (default): delete the inventory when `spec.prune` is true, else orphan it;
    /// - `Delete`: delete the inventory; `WaitForTermination`: delete it and wait until it is gone;
    /// - `Orphan`: leave everything.
    /// A suspended Kustomization orphans its objects (Flux). Objects that fail to delete keep the
    /// finalizer on and are retried; a target cluster that cannot be reached any more (its
    /// kubeconfig Secret deleted first) is reported in an event and orphaned.
    func finalize(_ object: JSONValue, _ settings: KustomizationSettings) async throws -> ReconcileResult {
        guard Finalizers.has(Finalizers.flux, in: object) else { return .done }
        let policy = settings.deletionPolicy
        let deletes: Bool
        switch policy {
        case "Delete", "WaitForTermination": deletes = true
        case "Orphan": deletes = false
        default: deletes = settings.spec.prune
        }
        let inventory = (object[path: "status", "inventory"]).flatMap { try? Inventory(json: $0) } ?? Inventory()
        if deletes, settings.spec.suspend != true, let objects = try? inventory.objects(), !objects.isEmpty {
            let target: KubernetesClient
            do {
                target = try await targetClient(for: settings)
            } catch let error as ReconcileError {
                await events?.record(object, type: .warning, reason: KustomizationReason.deletionFailed,
                                     message: "garbage collection skipped, objects orphaned: \(error.message)")
                return try await dropFinalizer(object, settings)
            }
            let applier = applier(for: settings, client: target)
            let result = await applier.prune(objects)
            if !result.failed.isEmpty {
                let message = result.failed.map { "\($0.object) deletion failed: \($0.message)" }.joined(separator: "\n")
                throw ReconcileError.transient(reason: KustomizationReason.deletionFailed, message)
            }
            if !result.deleted.isEmpty {
                await events?.record(object, type: .normal, reason: KustomizationReason.progressing,
                                     message: result.deleted.map { "\($0.subject) deleted" }.joined(separator: "\n"))
            }
            if policy == "WaitForTermination" {
                let remaining = await waitForTermination(result.deleted.map(\.object), client: target, timeout: settings.timeout)
                if !remaining.isEmpty {
                    throw ReconcileError.transient(reason: KustomizationReason.deletionFailed,
                                                   "timeout waiting for termination of: \(remaining.map(\.description).joined(separator: ", "))")
                }
            }
        }
        return try await dropFinalizer(object, settings)
    }

    /// Polls until every object is gone (NotFound) or the timeout passes; returns those left.
    func waitForTermination(_ objects: [InventoryObject], client target: KubernetesClient, timeout: Duration) async -> [InventoryObject] {
        let deadline = ContinuousClock.now + timeout
        var remaining = objects
        while true {
            var still: [InventoryObject] = []
            for object in remaining {
                let gvk = GroupVersionKind(group: object.id.group, version: object.version, kind: object.id.kind)
                do {
                    _ = try await target.get(gvk, name: object.id.name, namespace: object.id.namespace.isEmpty ? nil : object.id.namespace)
                    still.append(object)
                } catch let error as APIError where error.isNotFound {
                } catch {
                    still.append(object)
                }
            }
            remaining = still
            if remaining.isEmpty || ContinuousClock.now >= deadline || Task.isCancelled { return remaining }
            try? await Task.sleep(for: options.healthPollInterval)
        }
    }

    private func dropFinalizer(_ object: JSONValue, _ settings: KustomizationSettings) async throws -> ReconcileResult {
        _ = try await client.removeFinalizer(Finalizers.flux, from: object)
        await objectDeleted(settings.key)
        return .done
    }
}
