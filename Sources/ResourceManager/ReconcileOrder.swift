import Manifests

/// Flux's apply order (`fluxcd/pkg/ssa` `ReconcileOrder`): the kinds others depend on first,
/// admission webhooks last so they cannot reject the objects applied alongside them.
///
/// Kinds in ``first`` sort by position, then every kind not listed, then ``last``. Ties break
/// on group, kind, namespace and name, so the order never depends on the input order.
public enum ReconcileOrder {
    public static let first: [String] = [
        "CustomResourceDefinition", "Namespace", "ClusterRole", "ClusterClass", "RuntimeClass",
        "PriorityClass", "StorageClass", "VolumeSnapshotClass", "IngressClass", "GatewayClass",
        "ClusterRoleBinding", "ResourceQuota", "ServiceAccount", "Role", "RoleBinding", "ConfigMap",
        "Secret", "Service", "LimitRange", "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget",
    ]
    public static let last: [String] = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]

    private static let ranks: [String: Int] = {
        var ranks: [String: Int] = [:]
        for (i, kind) in first.enumerated() { ranks[kind] = i - first.count }
        for (i, kind) in last.enumerated() { ranks[kind] = i + 1 }
        return ranks
    }()

    /// Negative for ``first`` kinds, 0 for unknown kinds, positive for ``last`` kinds.
    /// Matched on kind alone, like Flux: a CRD-defined `Service` kind sorts with core Services.
    public static func rank(ofKind kind: String) -> Int { ranks[kind] ?? 0 }

    public static func areInIncreasingOrder(_ a: ObjectID, _ b: ObjectID) -> Bool {
        if a.group != b.group || a.kind != b.kind {
            let ra = rank(ofKind: a.kind), rb = rank(ofKind: b.kind)
            if ra != rb { return ra < rb }
            if a.group != b.group { return a.group < b.group }
            return a.kind < b.kind
        }
        if a.namespace != b.namespace { return a.namespace < b.namespace }
        return a.name < b.name
    }

    public static func sorted(_ ids: [ObjectID]) -> [ObjectID] {
        ids.sorted(by: areInIncreasingOrder)
    }

    /// Objects in apply order; objects without an identity sort as an unknown kind with empty
    /// fields (the build rejects those before planning).
    public static func sorted(_ objects: [JSONValue]) -> [JSONValue] {
        objects.sorted { areInIncreasingOrder(identity(of: $0), identity(of: $1)) }
    }

    /// The reverse of the apply order: garbage collection deletes webhooks first and
    /// Namespaces and CRDs last, so nothing is orphaned mid-way (`DeleteAll`).
    public static func deletionOrder(_ objects: [InventoryObject]) -> [InventoryObject] {
        objects.sorted { areInIncreasingOrder($1.id, $0.id) }
    }

    static func identity(of object: JSONValue) -> ObjectID {
        object.objectID ?? ObjectID(
            group: object.groupVersionKind?.group ?? "", kind: object.kind ?? "",
            namespace: object.metadataNamespace ?? "", name: object.metadataName ?? "")
    }
}
