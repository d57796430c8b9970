import KubernetesClient
import Manifests

/// A desired object resolved against discovery: how it is served and who it is.
struct ResolvedObject: Sendable {
    /// The object as it will be sent: owner labels stamped, namespace dropped for cluster-scoped
    /// kinds (so its id matches the live object's); a namespaced one without a namespace does
    /// not resolve (``ResourceApplier/namespaceNotSpecified(kind:name:)``).
    var object: JSONValue
    var mapping: ResourceMapping
    var inventory: InventoryObject
    /// The ignore-rule paths that apply to this object (``CompiledIgnoreRules/pointers(for:)``).
    var ignored: [JSONPointer] = []
    var id: ObjectID { inventory.id }
    var subject: String { inventory.id.description }
}

/// What the lookup of one live object found.
enum LiveLookup: Sendable {
    case found(JSONValue)
    case absent
    case failed(String)

    var object: JSONValue? { if case .found(let o) = self { return o }; return nil }
}

extension ResourceApplier {
    /// Objects of one (kind, namespace) at or above this count are read with one LIST; below
    /// it with a GET each (a LIST of a busy namespace costs more than two GETs).
    static let listThreshold = 3

    /// Resolves the REST mapping of each object (discovery is refreshed once when a kind is
    /// missing). Objects of unknown kinds come back as Flux's NoMatch message.
    func resolve(_ objects: [JSONValue], ignoreRules: CompiledIgnoreRules = .none) async -> [Result<ResolvedObject, ObjectFailure>] {
        var out: [Result<ResolvedObject, ObjectFailure>] = []
        for var object in objects {
            guard let gvk = object.groupVersionKind, let name = object.metadataName, !name.isEmpty else {
                let what = "\(object.kind ?? "?")/\(object.metadataName ?? "?")"
                out.append(.failure(ObjectFailure(message: "\(what) has no apiVersion, kind or metadata.name")))
                continue
            }
            let mapping: ResourceMapping
            do {
                mapping = try await client.mapping(for: gvk)
            } catch {
                let ns = object.metadataNamespace ?? ""
                let subject = ObjectID(group: gvk.group, kind: gvk.kind, namespace: ns, name: name).description
                out.append(.failure(ObjectFailure(message: error is UnknownKindError
                    ? APIErrorText.noMatch(subject: subject, gvk: gvk)
                    : "\(subject) dry-run failed: \(error)")))
                continue
            }
            if mapping.namespaced {
                if (object.metadataNamespace ?? "").isEmpty {
                    out.append(.failure(ObjectFailure(message: Self.namespaceNotSpecified(kind: gvk.kind, name: name))))
                    continue
                }
            } else if object.metadataNamespace != nil {
                object[path: "metadata", "namespace"] = nil
            }
            let id = ObjectID(group: gvk.group, kind: gvk.kind, namespace: object.metadataNamespace ?? "", name: name)
            out.append(.success(ResolvedObject(object: object, mapping: mapping, inventory: InventoryObject(id: id, version: gvk.version),
                                               ignored: ignoreRules.pointers(for: object))))
        }
        return out
    }

    /// The live copy of each object: one consistent, paginated LIST per (kind, namespace)
    /// holding ``listThreshold`` or more of them, a GET for the others, and a GET each when
    /// the LIST is Forbidden (a tenant may be allowed to get but not to list).
    func lookUpLive(_ objects: [ResolvedObject]) async -> [ObjectID: LiveLookup] {
        struct Key: Hashable, Sendable { var gvk: GroupVersionKind; var namespace: String }
        var groups: [Key: [ResolvedObject]] = [:]
        var keys: [Key] = []
        for object in objects {
            let key = Key(gvk: object.inventory.groupVersionKind, namespace: object.id.namespace)
            if groups[key] == nil { keys.append(key) }
            groups[key, default: []].append(object)
        }
        let client = self.client
        let lists = await concurrentMap(keys.filter { groups[$0]!.count >= Self.listThreshold }, limit: concurrency) { key in
            do {
                // No resourceVersion: a consistent (quorum) read, never a possibly stale cache.
                let list = try await client.listAll(key.gvk, namespace: key.namespace.isEmpty ? nil : key.namespace)
                var byName: [String: JSONValue] = [:]
                for item in list.items { if let name = item.metadataName { byName[name] = item } }
                return (key, Result<[String: JSONValue], any Error>.success(byName))
            } catch {
                return (key, .failure(error))
            }
        }
        var results: [ObjectID: LiveLookup] = [:]
        var toGet: [ResolvedObject] = []
        var listed: Set<Key> = []
        for (key, result) in lists {
            listed.insert(key)
            switch result {
            case .success(let byName):
                for object in groups[key]! {
                    results[object.id] = byName[object.id.name].map { .found($0) } ?? .absent
                }
            case .failure(let error as APIError) where error.isForbidden:
                toGet += groups[key]!
            case .failure(let error):
                for object in groups[key]! {
                    results[object.id] = .failed("\(object.subject) cannot be read: \(error)")
                }
            }
        }
        for key in keys where !listed.contains(key) { toGet += groups[key]! }
        let got = await concurrentMap(toGet, limit: concurrency) { object in
            (object.id, await Self.get(client, object.inventory))
        }
        for (id, lookup) in got { results[id] = lookup }
        return results
    }

    static func get(_ client: KubernetesClient, _ object: InventoryObject) async -> LiveLookup {
        do {
            let live = try await client.get(object.groupVersionKind, name: object.id.name,
                                            namespace: object.id.namespace.isEmpty ? nil : object.id.namespace)
            return .found(live)
        } catch let error as APIError where error.isNotFound {
            return .absent
        } catch {
            return .failed("\(object.id) cannot be read: \(error)")
        }
    }
}

/// A per-object failure message (already naming the object).
struct ObjectFailure: Error, Sendable {
    var message: String
}
