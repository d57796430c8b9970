import Manifests

/// One `status.inventory.entries[]` item of a Flux Kustomization: the object's id in
/// `fluxcd/pkg/ssa` ObjMetadata form and the API version it was applied with.
///
/// The version is kept apart from the id on purpose: Flux identifies an object by group and
/// kind only, so moving a Deployment from `apps/v1beta2` to `apps/v1` is not a prune.
public struct InventoryEntry: Hashable, Sendable {
    /// `<namespace>_<name>_<group>_<kind>`, see ``Inventory/id(for:)``.
    public var id: String
    /// The API version (`v1`, `v1beta2`), without the group.
    public var version: String

    public init(id: String, version: String) {
        self.id = id
        self.version = version
    }
}

/// An object recorded in an inventory: identity plus the version to address it with.
public struct InventoryObject: Hashable, Sendable, CustomStringConvertible {
    public var id: ObjectID
    public var version: String

    public init(id: ObjectID, version: String) {
        self.id = id
        self.version = version
    }

    /// `apps/v1` or `v1`: what a GET or DELETE of this object is addressed with.
    public var apiVersion: String { id.group.isEmpty ? version : "\(id.group)/\(version)" }
    public var description: String { id.description }
}

/// Why an inventory could not be read. Flux fails the reconcile on these rather than guess,
/// because a misread inventory would prune the wrong objects.
public enum InventoryError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformedID(String)
    case malformedJSON(String)

    public var description: String {
        switch self {
        case .malformedID(let id): return "unable to parse stored object metadata: \(id)"
        case .malformedJSON(let reason): return "invalid inventory: \(reason)"
        }
    }
}

/// The set of objects a Kustomization applied, as stored in `status.inventory`.
///
/// Entry order is Flux's: the change-set order of the staged apply (stage by stage, each
/// stage in ``ReconcileOrder``), so an inventory written by Ferry diffs cleanly against one
/// written by kustomize-controller.
public struct Inventory: Hashable, Sendable {
    public var entries: [InventoryEntry]

    public init(entries: [InventoryEntry] = []) {
        self.entries = entries
    }

    /// Builds the inventory of what is about to be applied, in staged-apply order.
    /// Objects without apiVersion, kind or name are left out (the build rejects them earlier).
    public init(objects: [JSONValue]) {
        let ordered = StagedApplyPlan(objects: objects).stages.flatMap(\.objects)
        entries = ordered.compactMap { object in
            guard let id = object.objectID, let gvk = object.groupVersionKind else { return nil }
            return InventoryEntry(id: Inventory.id(for: id), version: gvk.version)
        }
    }

    /// The entries as identities, in entry order. Throws on the first malformed id.
    public func objects() throws -> [InventoryObject] {
        try entries.map { InventoryObject(id: try Inventory.parseID($0.id), version: $0.version) }
    }

    /// Objects recorded here but absent from `newer`: what garbage collection considers.
    ///
    /// Matches `inventory.Diff` in kustomize-controller: identity is group, kind, namespace and
    /// name (not version); the version comes from this (old) inventory; the result is sorted in
    /// ``ReconcileOrder`` (deletion walks it backwards, see ``ReconcileOrder/deletionOrder(_:)``).
    public func stale(comparedTo newer: Inventory) throws -> [InventoryObject] {
        let keep = Set(try newer.objects().map(\.id))
        var versions: [ObjectID: String] = [:]
        var order: [ObjectID] = []
        for object in try objects() where !keep.contains(object.id) {
            if versions[object.id] == nil { order.append(object.id) }
            versions[object.id] = object.version
        }
        return ReconcileOrder.sorted(order).map { InventoryObject(id: $0, version: versions[$0] ?? "") }
    }

    /// Adds objects whose deletion failed back into the inventory so the next reconcile
    /// retries them (kustomize-controller `inventory.Merge`, fluxcd/kustomize-controller#1664).
    public mutating func merge(_ survivors: [InventoryObject]) {
        var seen = Set(entries.map(\.id))
        for object in survivors {
            let id = Inventory.id(for: object.id)
            if seen.insert(id).inserted { entries.append(InventoryEntry(id: id, version: object.version)) }
        }
    }
}

// MARK: - Ids

extension Inventory {
    /// The RBAC kinds whose names may contain `:` (`system:controller:foo`); Flux stores the
    /// colon as `__` because the id doubles as a ConfigMap key in cli-utils.
    private static let rbacKinds: Set<String> = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]
    private static let rbacGroup = "rbac.authorization.k8s.io"

    /// `<namespace>_<name>_<group>_<kind>` exactly as `ObjMetadata.String()`: cluster-scoped
    /// objects have an empty namespace, the core group is empty
    /// (`_podinfo__Namespace`, `apps_web_apps_Deployment`).
    public static func id(for object: ObjectID) -> String {
        var name = object.name
        if object.group == rbacGroup, rbacKinds.contains(object.kind) {
            name = name.replacingAll(":", with: "__")
        }
        return "\(object.namespace)_\(name)_\(object.group)_\(object.kind)"
    }

    /// Inverse of ``id(for:)``, with `ParseObjMetadata`'s rules: the namespace ends at the
    /// first `_`, kind and group are the last two fields, `__` in the name is a colon, and a
    /// name still holding `_` (or an empty name or kind) is an error.
    public static func parseID(_ id: String) throws -> ObjectID {
        guard let first = id.firstIndex(of: "_") else { throw InventoryError.malformedID(id) }
        let namespace = String(id[..<first])
        var rest = id[id.index(after: first)...]
        guard let kindSep = rest.lastIndex(of: "_") else { throw InventoryError.malformedID(id) }
        let kind = String(rest[rest.index(after: kindSep)...])
        rest = rest[..<kindSep]
        guard let groupSep = rest.lastIndex(of: "_") else { throw InventoryError.malformedID(id) }
        let group = String(rest[rest.index(after: groupSep)...])
        let name = String(rest[..<groupSep]).replacingAll("__", with: ":")
        guard !name.contains("_"), !name.isEmpty, !kind.isEmpty else { throw InventoryError.malformedID(id) }
        return ObjectID(group: group, kind: kind, namespace: namespace, name: name)
    }
}

// MARK: - JSON

extension Inventory {
    /// Reads `status.inventory` (`{"entries":[{"id":…,"v":…}]}`); a missing or null
    /// `entries` is an empty inventory, as in Go.
    public init(json: JSONValue) throws {
        guard json.objectValue != nil else { throw InventoryError.malformedJSON("inventory is not an object") }
        guard let list = json["entries"], !list.isNull else {
            self.init()
            return
        }
        guard let items = list.arrayValue else { throw InventoryError.malformedJSON("entries is not an array") }
        self.init(entries: try items.enumerated().map { index, item in
            guard let id = item["id"]?.stringValue else {
                throw InventoryError.malformedJSON("entries[\(index)].id is missing")
            }
            return InventoryEntry(id: id, version: item["v"]?.stringValue ?? "")
        })
    }

    /// `{"entries":[{"id":…,"v":…}]}`; an empty inventory keeps `"entries":[]` like Flux's
    /// non-omitempty field.
    public var json: JSONValue {
        .object(["entries": .array(entries.map { .object(["id": .string($0.id), "v": .string($0.version)]) })])
    }
}
