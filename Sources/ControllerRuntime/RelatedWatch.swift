import KubernetesClient
import Manifests
import ServiceLifecycle

/// Watches another kind and enqueues the controller's objects that depend on what changed: a
/// Kustomization when its GitRepository has a new artifact, a HelmRelease when its values
/// ConfigMap changes.
///
/// The first list only fills the watch's memory (the controller reconciles everything on first
/// sight anyway); afterwards every add, change that `changed` accepts, and delete is passed to
/// `map`, and the keys it returns are enqueued (de-duplicated by the work queue as usual).
/// Run it as a `Service` next to its controller.
public struct RelatedWatch<R: Reconciler>: Service {
    public typealias Changed = @Sendable (_ old: JSONValue?, _ new: JSONValue) -> Bool
    public typealias Map = @Sendable (JSONValue) -> [ObjectKey]

    let controller: Controller<R>
    let client: KubernetesClient
    let kind: GroupVersionKind
    let namespace: String?
    let labelSelector: String?
    let changed: Changed
    let map: Map

    /// Any change except the server's bookkeeping (resourceVersion, managedFields): the default.
    public static func anyChange(_ old: JSONValue?, _ new: JSONValue) -> Bool {
        old.map { strip($0) } != strip(new)
    }

    static func strip(_ object: JSONValue) -> JSONValue {
        var copy = object
        copy[path: "metadata", "resourceVersion"] = nil
        copy[path: "metadata", "managedFields"] = nil
        return copy
    }

    /// The related objects as last seen; `hasSynced` belongs in `/readyz` next to the controller's.
    public let cache = ObjectCache()

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            for await event in client.listWatch(kind, namespace: namespace, labelSelector: labelSelector) {
                switch event {
                case .synced(let objects):
                    let relist = cache.hasSynced
                    let before = cache.replaceAll(objects)
                    guard relist else { continue }
                    // A re-list: what changed while the watch was away.
                    var fresh = Set<ObjectKey>()
                    for object in objects {
                        guard let key = ObjectKey(object) else { continue }
                        fresh.insert(key)
                        if changed(before[key], object) { await enqueue(for: object) }
                    }
                    for (key, object) in before where !fresh.contains(key) { await enqueue(for: object) }
                case .added(let object), .modified(let object):
                    let old = cache.put(object)
                    if changed(old, object) { await enqueue(for: object) }
                case .deleted(let object):
                    if let key = ObjectKey(object) { cache.remove(key) }
                    await enqueue(for: object)
                }
            }
        }
    }

    private func enqueue(for object: JSONValue) async {
        for key in map(object) { await controller.enqueue(key) }
    }
}

extension Controller {
    /// A ``RelatedWatch`` feeding this controller; `map` usually looks dependents up in ``cache``.
    public func watching(_ kind: GroupVersionKind, namespace: String? = nil, labelSelector: String? = nil,
                         when changed: @escaping RelatedWatch<R>.Changed = RelatedWatch<R>.anyChange,
                         enqueue map: @escaping RelatedWatch<R>.Map) -> RelatedWatch<R> {
        RelatedWatch(controller: self, client: client, kind: kind, namespace: namespace, labelSelector: labelSelector,
                     changed: changed, map: map)
    }
}
