import Manifests

/// What the apply, prune or diff step did (or would do) to one object: Flux's `ssa.Action`.
public enum ChangeAction: String, Sendable {
    case created, configured, unchanged, skipped, deleted, unknown
}

/// One object of a ``ChangeSet``.
public struct ChangeSetEntry: Sendable, Equatable {
    /// The object's identity and the API version it was applied with.
    public var object: InventoryObject
    public var action: ChangeAction
    /// `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects (`utils.FmtUnstructured`).
    public var subject: String

    public init(object: InventoryObject, action: ChangeAction) {
        self.object = object
        self.action = action
        subject = object.id.description
    }

    /// Flux's event line: `Deployment/apps/web configured`.
    public var line: String { "\(subject) \(action.rawValue)" }
}

/// The result of a staged apply, in apply order.
public struct ChangeSet: Sendable, Equatable {
    public var entries: [ChangeSetEntry]
    /// Inventory of everything applied, left unchanged, or skipped but existing, in apply order.
    ///
    /// kustomize-controller builds its inventory from the whole change set
    /// (`inventory.AddChangeSet`), skipped entries included, so an object marked
    /// `ssa: IfNotPresent` or `reconcile: disabled` stays tracked and is garbage-collected (or,
    /// being disabled, kept by the prune exclusions) once it leaves Git. A skipped object that
    /// does not exist is left out: Flux records it under the empty live copy's identity, a
    /// nameless id that cannot even be parsed back, which is a bug we do not copy.
    public var inventory: Inventory

    public init(entries: [ChangeSetEntry] = [], inventory: Inventory = Inventory()) {
        self.entries = entries
        self.inventory = inventory
    }

    /// One line per entry whose action is in `actions` (Flux's event text), in apply order.
    public func summary(of actions: Set<ChangeAction> = [.created, .configured, .deleted]) -> String {
        entries.filter { actions.contains($0.action) }.map(\.line).joined(separator: "\n")
    }

    /// Whether anything was created, configured or deleted.
    public var hasChanges: Bool {
        entries.contains { $0.action == .created || $0.action == .configured || $0.action == .deleted }
    }

    /// What a health check waits for: every entry except skipped ones (Flux excludes objects
    /// it did not apply), in apply order.
    public var healthCheckObjects: [InventoryObject] {
        entries.filter { $0.action != .skipped && $0.action != .deleted }.map(\.object)
    }

    /// The entries whose action is `action`.
    public func entries(_ action: ChangeAction) -> [ChangeSetEntry] { entries.filter { $0.action == action } }

    mutating func append(_ entry: ChangeSetEntry, inInventory: Bool) {
        entries.append(entry)
        if inInventory {
            inventory.entries.append(InventoryEntry(id: Inventory.id(for: entry.object.id), version: entry.object.version))
        }
    }

    mutating func append(contentsOf other: ChangeSet) {
        entries += other.entries
        inventory.entries += other.inventory.entries
    }
}

extension InventoryObject {
    /// The identity and version of a desired or live object (`nil` without apiVersion, kind or name).
    init?(_ object: JSONValue) {
        guard let id = object.objectID, let gvk = object.groupVersionKind else { return nil }
        self.init(id: id, version: gvk.version)
    }

    var groupVersionKind: GroupVersionKind { GroupVersionKind(group: id.group, version: version, kind: id.kind) }
}
