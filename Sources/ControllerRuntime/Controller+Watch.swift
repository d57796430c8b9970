import FerryAPI
import KubernetesClient
import Logging
import Manifests

extension Controller {
    /// Consumes the list-watch until cancelled, keeping the cache and the queue up to date.
    func watchLoop() async {
        let stream = client.listWatch(kind, namespace: namespace, labelSelector: options.labelSelector)
        for await event in stream {
            if Task.isCancelled { break }
            await handle(event)
        }
    }

    func handle(_ event: ListWatchEvent) async {
        switch event {
        case .synced(let objects):
            let before = cache.replaceAll(objects)
            var seen = Set<ObjectKey>()
            for object in objects {
                guard let key = ObjectKey(object) else { continue }
                seen.insert(key)
                await observe(object, key: key, old: before[key])
            }
            for (key, _) in before where !seen.contains(key) { await gone(key) }
            logger.debug("cache synced", metadata: ["objects": "\(objects.count)"])
        case .added(let object), .modified(let object):
            guard let key = ObjectKey(object) else { return }
            let old = cache.put(object)
            await observe(object, key: key, old: old)
        case .deleted(let object):
            guard let key = ObjectKey(object) else { return }
            cache.remove(key)
            await gone(key)
        }
    }

    private func observe(_ object: JSONValue, key: ObjectKey, old: JSONValue?) async {
        // Gauges follow what the server holds, so they include our own status patches.
        metrics?.recordConditions(kind: kind.kind, key: key, conditions: Conditions(of: object).all,
                                  deleted: object[path: "metadata", "deletionTimestamp"] != nil)
        if EnqueuePolicy.shouldEnqueue(old: old, new: object) { await queue.add(key) }
    }

    /// The object left the API server: its queue entry, metrics series and reconciler state go too.
    private func gone(_ key: ObjectKey) async {
        await queue.remove(key)
        metrics?.forget(kind: kind.kind, key: key)
        await reconciler.objectDeleted(key)
    }
}
