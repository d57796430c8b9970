import KubernetesClient
import Manifests

/// What applying one object would do, for `ferry diff`.
public struct DiffEntry: Sendable {
    public var subject: String
    public var action: ChangeAction
    /// The live object (without managedFields), nil when it does not exist.
    public var live: JSONValue?
    /// The server-side dry-run result of applying the desired object (without managedFields);
    /// the desired object itself when the dry-run cannot run yet because its Namespace or CRD
    /// is part of the same set and not applied.
    public var merged: JSONValue?

    public init(subject: String, action: ChangeAction, live: JSONValue?, merged: JSONValue?) {
        self.subject = subject
        self.action = action
        self.live = live
        self.merged = merged
    }
}

extension ResourceApplier {
    /// What ``apply(_:options:)`` would do, without writing: per object (in apply order)
    /// created / configured / unchanged / skipped, with the live object and the dry-run
    /// result. Always dry-runs (the memory is not consulted: a diff is asked for when the
    /// user doubts the cluster). Secrets' `data`/`stringData` values are masked.
    ///
    /// Objects in a Namespace, or of a kind whose CRD, is itself in `objects` and not yet on
    /// the cluster are reported `created` with the desired object as `merged`. Any other
    /// failure throws an ``ApplyError`` naming every failing object.
    public func diff(_ objects: [JSONValue], options: ApplyOptions = ApplyOptions()) async throws -> [DiffEntry] {
        let defaulted = objects.map(NativeDefaults.apply(to:))
        let stamped = owner.map { $0.stamp(defaulted) } ?? defaulted
        let missing = await missingNamespaces(stamped)
        if !missing.isEmpty { throw ApplyError(message: missing.joined(separator: "\n"), changeSet: ChangeSet()) }
        let ordered = StagedApplyPlan(objects: stamped, customKinds: options.customStageKinds).applyOrder
        let definedKinds = Set(ordered.compactMap(Self.definedKind))
        let resolved = await resolve(ordered, ignoreRules: options.ignoreRules)
        let live = await lookUpLive(resolved.compactMap { try? $0.get() })
        let newNamespaces = Set(ordered.compactMap { object -> String? in
            guard object.kind == "Namespace", object.apiVersion == "v1", let name = object.metadataName,
                  live[ObjectID(group: "", kind: "Namespace", namespace: "", name: name)]?.object == nil else { return nil }
            return name
        })
        let scope = memoryScope
        let results: [Result<DiffEntry, ObjectFailure>] = await concurrentMap(Array(zip(ordered, resolved)), limit: concurrency) { desired, entry in
            guard case .success(let object) = entry else {
                if let gvk = desired.groupVersionKind, definedKinds.contains(gvk.groupKind), let id = desired.objectID {
                    return .success(DiffEntry(subject: id.description, action: .created, live: nil, merged: desired))
                }
                if case .failure(let failure) = entry { return .failure(failure) }
                return .failure(ObjectFailure(message: "unreachable"))
            }
            let current = live[object.id] ?? .absent
            let (step, dryRun) = await self.evaluate(object, live: current, options: options, scope: scope, useMemory: false)
            return Self.diffEntry(object, step: step, live: current.object, dryRun: dryRun, newNamespaces: newNamespaces)
        }
        var entries: [DiffEntry] = []
        var failures: [String] = []
        for result in results {
            switch result {
            case .success(let entry): entries.append(entry)
            case .failure(let failure): failures.append(failure.message)
            }
        }
        if !failures.isEmpty { throw ApplyError(message: failures.joined(separator: "\n"), changeSet: ChangeSet()) }
        return entries
    }

    static func diffEntry(_ object: ResolvedObject, step: ApplyStep, live: JSONValue?, dryRun: JSONValue?,
                          newNamespaces: Set<String>) -> Result<DiffEntry, ObjectFailure> {
        let make = { (action: ChangeAction, live: JSONValue?, merged: JSONValue?) -> DiffEntry in
            var (live, merged) = (live.map(withoutManagedFields), merged.map(withoutManagedFields))
            if object.id.group == "", object.id.kind == "Secret" { (live, merged) = SecretMask.mask(live: live, merged: merged) }
            return DiffEntry(subject: object.subject, action: action, live: live, merged: merged)
        }
        switch step {
        case .skip: return .success(make(.skipped, live, nil))
        case .unchanged(let current, _): return .success(make(.unchanged, current, dryRun ?? current))
        case .create: return .success(make(.created, nil, dryRun))
        case .configure(let current, _, _): return .success(make(.configured, current, dryRun))
        case .recreate(let current): return .success(make(.created, current, object.object))
        case .failed(let message):
            if object.mapping.namespaced, newNamespaces.contains(object.id.namespace) {
                return .success(make(.created, nil, object.object))
            }
            return .failure(ObjectFailure(message: message))
        }
    }

    /// The group and kind a CustomResourceDefinition defines.
    static func definedKind(_ object: JSONValue) -> GroupKind? {
        guard object.kind == "CustomResourceDefinition", object.apiVersion?.hasPrefix("apiextensions.k8s.io/") == true,
              let group = object[path: "spec", "group"]?.stringValue,
              let kind = object[path: "spec", "names", "kind"]?.stringValue else { return nil }
        return GroupKind(group: group, kind: kind)
    }

    static func withoutManagedFields(_ object: JSONValue) -> JSONValue {
        var copy = object
        copy[path: "metadata", "managedFields"] = nil
        return copy
    }
}

/// Masks a Secret's values for display, as `flux diff` does (`SanitizeUnstructuredData`):
/// keys stay visible, every value becomes `***`, and a value that differs between the live
/// object and the dry-run result shows as `*** (before)` / `*** (after)`. Applies to
/// `data` and `stringData`; the last-applied annotation (which would hold the data) is masked too.
public enum SecretMask {
    public static func mask(live: JSONValue?, merged: JSONValue?) -> (live: JSONValue?, merged: JSONValue?) {
        var live = live, merged = merged
        for section in ["data", "stringData"] {
            let before = live?[section]?.objectValue
            let after = merged?[section]?.objectValue
            if let before {
                var masked = before
                for (key, value) in before {
                    masked[key] = after?[key].map { $0 == value ? "***" : "*** (before)" } ?? "***"
                }
                live?[section] = .object(masked)
            }
            if let after {
                var masked = after
                for (key, value) in after {
                    masked[key] = before?[key].map { $0 == value ? "***" : "*** (after)" } ?? "***"
                }
                merged?[section] = .object(masked)
            }
        }
        let annotation = "kubectl.kubernetes.io/last-applied-configuration"
        if live?[path: "metadata", "annotations", annotation] != nil { live?[path: "metadata", "annotations", annotation] = "***" }
        if merged?[path: "metadata", "annotations", annotation] != nil { merged?[path: "metadata", "annotations", annotation] = "***" }
        return (live, merged)
    }
}
