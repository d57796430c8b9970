import Manifests

/// Which objects use a source (`spec.sourceRef`), for the watches that wake them when the
/// source has a new artifact: Kustomizations and HelmCharts alike.
public enum SourceReferences {
    /// A new artifact (revision or digest), or the source appearing or disappearing.
    @Sendable public static func artifactChanged(_ old: JSONValue?, _ new: JSONValue) -> Bool {
        guard let old else { return true }
        return old[path: "status", "artifact", "revision"] != new[path: "status", "artifact", "revision"]
            || old[path: "status", "artifact", "digest"] != new[path: "status", "artifact", "digest"]
    }

    /// The objects in `cache` whose `spec.sourceRef` names `source` (of `kind`); a reference
    /// without a namespace means the object's own.
    public static func objects(in cache: ObjectCache, referencing source: JSONValue, kind: String) -> [ObjectKey] {
        guard let key = ObjectKey(source) else { return [] }
        return cache.list().compactMap { object in
            guard let ref = object[path: "spec", "sourceRef"], ref["kind"]?.stringValue == kind,
                  ref["name"]?.stringValue == key.name, let own = ObjectKey(object),
                  (ref["namespace"]?.stringValue ?? own.namespace) == key.namespace else { return nil }
            return own
        }
    }
}
