import Manifests
import Synchronization

/// Namespace and name of one object of the controller's kind: the work queue's key.
public struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Empty for cluster-scoped kinds.
    public var namespace: String
    public var name: String

    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    public init?(_ object: JSONValue) {
        guard let name = object.metadataName else { return nil }
        self.init(namespace: object.metadataNamespace ?? "", name: name)
    }

    public var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }

    public static func < (a: ObjectKey, b: ObjectKey) -> Bool { (a.namespace, a.name) < (b.namespace, b.name) }
}

/// The controller's view of its objects as the watch last reported them.
///
/// Reconcilers read from it instead of the API server (it is what the watch delivered, so it
/// may trail the server by a moment; write paths must still use resourceVersion preconditions).
/// Share one instance between a controller and its reconciler by passing it to both.
public final class ObjectCache: Sendable {
    private let store = Mutex<[ObjectKey: JSONValue]>([:])
    private let synced = Mutex(false)

    public init() {}

    public func get(_ key: ObjectKey) -> JSONValue? { store.withLock { $0[key] } }

    public func get(namespace: String, name: String) -> JSONValue? { get(ObjectKey(namespace: namespace, name: name)) }

    /// Every cached object, in key order.
    public func list(namespace: String? = nil) -> [JSONValue] {
        store.withLock { objects in
            objects.filter { namespace == nil || $0.key.namespace == namespace }.sorted { $0.key < $1.key }.map(\.value)
        }
    }

    public var count: Int { store.withLock { $0.count } }

    /// Whether the first complete list has arrived: what `/readyz` waits for.
    public var hasSynced: Bool { synced.withLock { $0 } }

    /// Stores `object`; returns what was there before.
    @discardableResult
    func put(_ object: JSONValue) -> JSONValue? {
        guard let key = ObjectKey(object) else { return nil }
        return store.withLock { $0.updateValue(object, forKey: key) }
    }

    @discardableResult
    func remove(_ key: ObjectKey) -> JSONValue? { store.withLock { $0.removeValue(forKey: key) } }

    /// Replaces everything with a fresh list; returns the old contents.
    func replaceAll(_ objects: [JSONValue]) -> [ObjectKey: JSONValue] {
        var fresh: [ObjectKey: JSONValue] = [:]
        for object in objects { if let key = ObjectKey(object) { fresh[key] = object } }
        synced.withLock { $0 = true }
        return store.withLock { old in
            defer { old = fresh }
            return old
        }
    }
}
