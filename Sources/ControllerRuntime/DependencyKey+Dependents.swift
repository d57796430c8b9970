import FerryAPI
import Manifests

extension DependencyKey {
    /// What a dependent waits for changed: Ready flipped, a Kustomization applied a new revision,
    /// or a HelmRelease made a new release.
    @Sendable public static func readinessChanged(_ old: JSONValue?, _ new: JSONValue) -> Bool {
        guard let old else { return true }
        return Conditions(of: old)[ConditionType.ready]?.status != Conditions(of: new)[ConditionType.ready]?.status
            || old[path: "status", "lastAppliedRevision"] != new[path: "status", "lastAppliedRevision"]
            || old[path: "status", "lastReleaseRevision"] != new[path: "status", "lastReleaseRevision"]
    }

    /// The objects in `cache` (all of `ownKind`) whose `dependsOn` names `dependency`, an object
    /// of `kind`: what a watch on `kind` wakes when a dependency turns Ready, so a `dependsOn`
    /// chain moves as fast as its slowest link instead of by polling.
    public static func dependents(of dependency: JSONValue, kind: String, in cache: ObjectCache, ownKind: String) -> [ObjectKey] {
        guard let key = ObjectKey(dependency) else { return [] }
        let target = DependencyKey(kind: kind, key)
        return cache.list().compactMap { object in
            guard let own = ObjectKey(object) else { return nil }
            return edges(of: object, owner: DependencyKey(kind: ownKind, own)).contains(target) ? own : nil
        }
    }
}
