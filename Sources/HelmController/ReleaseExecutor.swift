import Foundation
import Helm
import KubernetesClient
import Manifests
import ResourceManager

/// Carries a rendered release into the cluster the way Helm's install and upgrade do, with
/// Ferry's staged server-side apply underneath: hooks of an event in weight order, CRDs by the
/// spec's policy, the manifest, what the previous release had and this one does not deleted
/// (unless it says `helm.sh/resource-policy: keep`), then readiness.
struct ReleaseExecutor {
    let client: KubernetesClient
    let objects: ReleaseObjects
    /// `spec.healthCheckExprs`: verdicts for kinds kstatus does not know, while waiting.
    var health: CELHealthRules?

    var applier: ResourceApplier { ResourceApplier(client: client, fieldManager: HelmReleaseFieldManager.name) }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Namespaces filled in from discovery, ownership marks set.
    func prepare(_ manifest: String) async throws -> [JSONValue] {
        let parsed = try ReleaseObjects.parse(manifest)
        return await objects.prepare(parsed) { gvk in (try? await client.mapping(for: gvk))?.namespaced }
    }

    /// Applies the chart's CRDs by policy: `Create` only makes the missing ones, `CreateReplace`
    /// applies them all, `Skip` none.
    func applyCRDs(_ crds: [(filename: String, file: ChartFile)], policy: HelmCRDPolicyChoice) async throws {
        guard policy != .skip, !crds.isEmpty else { return }
        var documents: [JSONValue] = []
        for crd in crds { documents += try ReleaseObjects.parse(String(decoding: crd.file.data, as: UTF8.self)) }
        var wanted: [JSONValue] = []
        for crd in documents {
            guard let gvk = crd.groupVersionKind, let name = crd.metadataName else { continue }
            if policy == .create, (try? await client.get(gvk, name: name)) != nil { continue }
            wanted.append(crd)
        }
        guard !wanted.isEmpty else { return }
        do { _ = try await applier.apply(wanted) } catch {
            throw Failure(description: "failed to apply CRDs: \(error)")
        }
        _ = try? await client.refreshDiscovery()
    }

    /// `install.createNamespace`: the release's namespace, created when missing (Helm's own
    /// labels on it, as `helm install --create-namespace` makes it).
    func ensureNamespace(_ name: String) async throws {
        let gvk = GroupVersionKind(group: "", version: "v1", kind: "Namespace")
        if (try? await client.get(gvk, name: name)) != nil { return }
        do {
            _ = try await client.create(["apiVersion": "v1", "kind": "Namespace",
                                         "metadata": ["name": .string(name), "labels": ["name": .string(name)]]])
        } catch let error as APIError where error.code == 409 {
            return
        } catch {
            throw Failure(description: "failed to create namespace '\(name)': \(error)")
        }
    }

    /// Applies the manifest's objects (staged, nothing changed when any is refused); with
    /// `force` (`upgrade.force`, `rollback.force`), an object whose change touches an immutable
    /// field is deleted and created again.
    func apply(_ prepared: [JSONValue], timeout: Duration, force: Bool = false) async throws -> ChangeSet {
        do { return try await applier.apply(prepared, options: ApplyOptions(force: force, waitTimeout: timeout)) } catch {
            throw Failure(description: error.message)
        }
    }

    /// What a deletion issued: the objects and the uid each had, for ``waitGone(_:timeout:)``.
    struct Deleted {
        var objects: [InventoryObject] = []
        var uids: [ObjectID: String] = [:]
    }

    /// Deletes what `previous` had and `current` has not, newest-applied last; one kept by
    /// `helm.sh/resource-policy: keep` or already gone is left. Returns what was deleted.
    @discardableResult
    func prune(previous: [JSONValue], current: [JSONValue], propagation: PropagationPolicy = .background) async -> Deleted {
        let keep = ReleaseObjects.identities(current)
        var deleted = Deleted()
        for object in previous.reversed() {
            guard let id = object.objectID, !keep.contains(id), let gvk = object.groupVersionKind else { continue }
            let namespace = id.namespace.isEmpty ? nil : id.namespace
            guard let live = try? await client.get(gvk, name: id.name, namespace: namespace) else { continue }
            if live[path: "metadata", "annotations", ReleaseObjects.keepPolicy]?.stringValue == "keep" { continue }
            if (try? await client.delete(gvk, name: id.name, namespace: namespace, options: DeleteOptions(propagationPolicy: propagation))) != nil {
                deleted.objects.append(InventoryObject(id: id, version: gvk.version))
                deleted.uids[id] = live.uid
            }
        }
        return deleted
    }

    /// Waits until what a deletion issued is gone (or re-created by someone else), within
    /// `timeout`; throws naming what is still there (`ConfigMap/api-held`), held by a finalizer.
    func waitGone(_ deleted: Deleted, timeout: Duration) async throws {
        let (_, remaining) = await applier.waitGone(deleted.objects, uids: deleted.uids, until: .now + timeout, interval: Self.pollInterval)
        guard !remaining.isEmpty else { return }
        let names = remaining.map { "\($0.id.kind)/\($0.id.name)" }.joined(separator: ", ")
        throw Failure(description: "timed out waiting for the deletion of \(names)")
    }

    /// How often waits for hooks, tests and deletions look again.
    static let pollInterval: Duration = .milliseconds(250)

    /// Waits until every object is Current (kstatus), or the timeout.
    func waitReady(_ prepared: [JSONValue], timeout: Duration) async throws {
        let inventory = try Inventory(objects: prepared).objects()
        let result = await applier.waitForHealth(inventory, timeout: timeout, custom: health)
        guard result.outcome == .healthy else { throw Failure(description: result.message) }
    }

    /// Runs the hooks of `event` as Helm does: by weight, then by name, each with
    /// ``runHook(_:event:timeout:)`` (delete policies, a Job or Pod awaited to completion). A
    /// hook that fails fails the action.
    func runHooks(_ hooks: [ReleaseHook], event: String, timeout: Duration) async throws {
        for hook in Self.hooks(hooks, of: event) { try await runHook(hook, event: event, timeout: timeout) }
    }

    /// The hooks of `event` in Helm's order: by weight, then by name.
    static func hooks(_ hooks: [ReleaseHook], of event: String) -> [ReleaseHook] {
        hooks.filter { $0.events.contains(HookEvent(event)) }
            .sorted { $0.weight != $1.weight ? $0.weight < $1.weight : $0.name < $1.name }
    }

    /// Deletes objects (foreground) and waits briefly (5 s) until they are gone.
    func delete(_ objects: [JSONValue]) async {
        var deleted = Deleted()
        for object in objects {
            guard let id = object.objectID, let gvk = object.groupVersionKind else { continue }
            let namespace = id.namespace.isEmpty ? nil : id.namespace
            guard let live = try? await client.get(gvk, name: id.name, namespace: namespace) else { continue }
            _ = try? await client.delete(gvk, name: id.name, namespace: namespace, options: DeleteOptions(propagationPolicy: .foreground))
            deleted.objects.append(InventoryObject(id: id, version: gvk.version))
            deleted.uids[id] = live.uid
        }
        _ = await applier.waitGone(deleted.objects, uids: deleted.uids, until: .now + .seconds(5), interval: Self.pollInterval)
    }
}

/// A CRD policy as the executor takes it.
enum HelmCRDPolicyChoice: Equatable {
    case skip, create, createReplace
}
