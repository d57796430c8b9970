import Manifests

/// The Kustomization an object belongs to, as written in its owner labels.
public struct KustomizationOwner: Hashable, Sendable {
    public var name: String
    public var namespace: String

    public init(name: String, namespace: String) {
        self.name = name
        self.namespace = namespace
    }

    public static let nameLabel = "\(FluxAnnotation.group)/name"
    public static let namespaceLabel = "\(FluxAnnotation.group)/namespace"

    /// `kustomize.toolkit.fluxcd.io/name` and `/namespace` (`ResourceManager.GetOwnerLabels`).
    public var labels: [(key: String, value: String)] {
        [(Self.nameLabel, name), (Self.namespaceLabel, namespace)]
    }

    /// Whether `object` still carries exactly these owner labels. Another Kustomization that
    /// adopted the object relabels it, and then it is no longer ours to delete.
    public func owns(_ object: JSONValue) -> Bool {
        labels.allSatisfy { object[path: "metadata", "labels", $0.key]?.stringValue == $0.value }
    }
}

/// Which stale objects garbage collection deletes, decided from their live copies.
///
/// Mirrors kustomize-controller's `deleteObjects` → `DeleteAll`: objects are visited in
/// reverse ``ReconcileOrder``; one already gone counts as deleted; one no longer labelled as
/// ours, or whose live copy says `prune: disabled`, `reconcile: disabled` or `ssa: Ignore`, is
/// skipped (and, being settled, is not merged back into the inventory).
public struct PrunePlan: Equatable, Sendable {
    public enum SkipReason: String, Equatable, Sendable {
        /// The live object lacks this Kustomization's owner labels.
        case notOwned
        case pruneDisabled
        case reconcileDisabled
        case ssaIgnore
    }

    /// Objects to DELETE (background propagation), in deletion order.
    public var delete: [InventoryObject]
    /// Stale objects that no longer exist: nothing to do, reported as deleted.
    public var alreadyGone: [InventoryObject]
    /// Stale objects left in place, with the reason, in deletion order.
    public var skipped: [Skipped]

    public struct Skipped: Equatable, Sendable {
        public var object: InventoryObject
        public var reason: SkipReason
    }

    /// Plans the prune of `stale` (from ``Inventory/stale(comparedTo:)``) given the live copy
    /// of each (absent from `live` when the GET said NotFound).
    public init(stale: [InventoryObject], live: [ObjectID: JSONValue], owner: KustomizationOwner) {
        delete = []
        alreadyGone = []
        skipped = []
        for object in ReconcileOrder.deletionOrder(stale) {
            guard let current = live[object.id] else {
                alreadyGone.append(object)
                continue
            }
            if let reason = Self.skipReason(current, owner: owner) {
                skipped.append(Skipped(object: object, reason: reason))
            } else {
                delete.append(object)
            }
        }
    }

    static func skipReason(_ live: JSONValue, owner: KustomizationOwner) -> SkipReason? {
        if !owner.owns(live) { return .notOwned }
        if FluxAnnotation.matches(live, FluxAnnotation.prune, "Disabled") { return .pruneDisabled }
        if FluxAnnotation.matches(live, FluxAnnotation.reconcile, "Disabled") { return .reconcileDisabled }
        if FluxAnnotation.matches(live, FluxAnnotation.ssa, "Ignore") { return .ssaIgnore }
        return nil
    }
}
