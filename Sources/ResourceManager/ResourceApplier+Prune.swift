import KubernetesClient
import Manifests

/// What garbage collection did.
public struct PruneResult: Sendable {
    /// Objects deleted or already gone, as `deleted` entries in deletion order.
    public var deleted: [ChangeSetEntry]
    /// Stale objects left in place (not ours any more, or opted out), with the reason.
    public var skipped: [PrunePlan.Skipped]
    /// Objects that could not be read or deleted, with the cause.
    public var failed: [(object: InventoryObject, message: String)]
    /// Objects to keep in the inventory so the next reconcile retries them: the failed ones
    /// (kustomize-controller merges them back, fluxcd/kustomize-controller#1664).
    public var survivors: [InventoryObject]

    public init(deleted: [ChangeSetEntry] = [], skipped: [PrunePlan.Skipped] = [],
                failed: [(object: InventoryObject, message: String)] = [], survivors: [InventoryObject] = []) {
        self.deleted = deleted
        self.skipped = skipped
        self.failed = failed
        self.survivors = survivors
    }

    /// Flux's event lines: `ConfigMap/apps/old deleted`, one per deleted object.
    public var summary: String { deleted.map(\.line).joined(separator: "\n") }
}

extension ResourceApplier {
    /// Deletes `stale` objects (from ``Inventory/stale(comparedTo:)``) that still carry the
    /// owner labels and do not opt out (``PrunePlan``), in reverse apply order with background
    /// propagation. An object already gone (404 on GET or DELETE) counts as deleted; a failed
    /// GET or DELETE becomes a survivor. Without an owner nothing is deleted: ownership cannot
    /// be checked, and deleting what is not provably ours is never safe.
    public func prune(_ stale: [InventoryObject]) async -> PruneResult {
        await pruneKeepingUIDs(stale).result
    }

    /// ``prune(_:)``, also returning the uid each deleted object had (absent for those already
    /// gone), so a wait for termination is not fooled by an object re-created under the same name.
    func pruneKeepingUIDs(_ stale: [InventoryObject]) async -> (result: PruneResult, uids: [ObjectID: String]) {
        guard let owner else {
            return (PruneResult(skipped: ReconcileOrder.deletionOrder(stale).map { .init(object: $0, reason: .notOwned) }), [:])
        }
        let client = self.client
        let lookups = await concurrentMap(stale, limit: concurrency) { object in
            (object, await Self.get(client, object))
        }
        var live: [ObjectID: JSONValue] = [:]
        var result = PruneResult()
        var unreadable: Set<ObjectID> = []
        for (object, lookup) in lookups {
            switch lookup {
            case .found(let o): live[object.id] = o
            case .absent: break
            case .failed(let message):
                unreadable.insert(object.id)
                result.failed.append((object, message))
                result.survivors.append(object)
            }
        }
        let plan = PrunePlan(stale: stale.filter { !unreadable.contains($0.id) }, live: live, owner: owner)
        result.skipped = plan.skipped
        var deleted: Set<ObjectID> = Set(plan.alreadyGone.map(\.id))
        // Deletion is sequential in reverse apply order, so webhooks go before the objects
        // they guard and Namespaces and CRDs go last, as Flux's DeleteAll does.
        for object in plan.delete {
            do {
                try await client.delete(object.groupVersionKind, name: object.id.name,
                                        namespace: object.id.namespace.isEmpty ? nil : object.id.namespace,
                                        options: DeleteOptions(propagationPolicy: .background, preconditionUID: live[object.id]?.uid))
                deleted.insert(object.id)
            } catch let error as APIError where error.isNotFound {
                deleted.insert(object.id)
            } catch {
                result.failed.append((object, "\(object.id) delete failed: \(error)"))
                result.survivors.append(object)
            }
            memory?.forget(scope: memoryScope, id: object.id)
        }
        result.deleted = ReconcileOrder.deletionOrder(stale).filter { deleted.contains($0.id) }
            .map { ChangeSetEntry(object: $0, action: .deleted) }
        var uids: [ObjectID: String] = [:]
        for id in deleted { if let uid = live[id]?.uid { uids[id] = uid } }
        return (result, uids)
    }
}
