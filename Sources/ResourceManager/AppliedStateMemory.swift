import Crypto
import Manifests
import NIOConcurrencyHelpers

/// Remembers, per owner and cluster, what was applied and the resourceVersion the server
/// returned, so an unchanged re-apply needs no per-object request.
///
/// Flux finds drift by a GET and a server-side dry-run apply of every object on every
/// reconcile. Ferry lists the live objects anyway (one LIST per kind and namespace), and an
/// object whose desired form (digest) and live `resourceVersion` and `uid` are exactly what this
/// memory recorded cannot have drifted: the server bumps the resourceVersion on every write to
/// the object (an edit, a relabel, a status update, a kubectl takeover), and a deleted object is
/// either missing from the LIST or back with a new uid. Only such objects skip the dry-run;
/// everything else goes the Flux way. A record is written only after the server showed us the
/// object's state: the answer of our own apply, or a live object whose dry-run showed no drift.
///
/// One instance may serve many appliers (a controller keeps one for all Kustomizations); keys
/// are scoped by owner and API server, see ``ResourceApplier/memoryScope``. It lives in memory
/// only: after a restart the first apply of each object does Flux's dry-run again.
public final class AppliedStateMemory: Sendable {
    struct Record: Equatable, Sendable {
        var digest: Digest
        var resourceVersion: String
        var uid: String
    }

    /// SHA-256 of the desired object's JSON bytes (as sent), the field manager and the
    /// ignore-rule paths that apply to it.
    struct Digest: Hashable, Sendable {
        var bytes: [UInt8]

        init(object: JSONValue, fieldManager: String, ignored: [String] = []) {
            var hasher = SHA256()
            hasher.update(data: Array(fieldManager.utf8))
            hasher.update(data: [0])
            for path in ignored {
                hasher.update(data: Array(path.utf8))
                hasher.update(data: [0])
            }
            hasher.update(data: [1])
            hasher.update(data: object.jsonBytes())
            bytes = Array(hasher.finalize())
        }
    }

    private let scopes = NIOLockedValueBox([String: [ObjectID: Record]]())

    public init() {}

    /// Drops everything remembered for `scope` (for example when its Kustomization is deleted).
    public func forget(scope: String) {
        _ = scopes.withLockedValue { $0.removeValue(forKey: scope) }
    }

    /// Drops every scope of one owner (`namespace/name`), on whichever clusters it applied to.
    public func forget(owner: KustomizationOwner) {
        let prefix = "\(owner.namespace)/\(owner.name)@"
        scopes.withLockedValue { table in
            for key in table.keys where key.hasPrefix(prefix) { table.removeValue(forKey: key) }
        }
    }

    /// How many objects are remembered for `scope`.
    public func count(scope: String) -> Int {
        scopes.withLockedValue { $0[scope]?.count ?? 0 }
    }

    func record(scope: String, id: ObjectID) -> Record? {
        scopes.withLockedValue { $0[scope]?[id] }
    }

    func remember(scope: String, id: ObjectID, record: Record) {
        scopes.withLockedValue { $0[scope, default: [:]][id] = record }
    }

    func forget(scope: String, id: ObjectID) {
        scopes.withLockedValue { _ = $0[scope]?.removeValue(forKey: id) }
    }

    /// Whether `live` is exactly the state this memory recorded after applying `digest`.
    func matches(scope: String, id: ObjectID, digest: Digest, live: JSONValue) -> Bool {
        guard let record = record(scope: scope, id: id), let rv = live.resourceVersion else { return false }
        return record.digest == digest && record.resourceVersion == rv && record.uid == (live.uid ?? "")
    }
}
