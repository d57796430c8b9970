import CEL
import ControllerRuntime
import FerryAPI
import Manifests

/// Whether a Kustomization may go ahead, given its `dependsOn` (Flux's `checkDependencies`).
///
/// A dependency is ready when it exists, has observed its latest generation, is Ready=True,
/// and — when it builds from the same source — has applied the revision the source offers now
/// (so the app never runs ahead of the infrastructure of the same commit). A cycle can never
/// become ready, so it is reported as such (Stalled) instead of waiting forever.
enum DependencyCheck: Equatable, Sendable {
    case ready
    /// Not yet; the message names the first dependency that holds things up.
    case notReady(String)
    /// `dependsOn` leads back to the Kustomization itself: `[a, b, c, a]`.
    case cycle([ObjectKey])

    /// - Parameters:
    ///   - key: the Kustomization being reconciled.
    ///   - dependencies: its `dependsOn`, namespaces defaulted.
    ///   - source: its source (kind and key) and the revision that source offers now.
    ///   - lookup: the Kustomizations as last seen (the controller's cache).
    ///   - readyExprs: `dependsOn[].readyExpr` by dependency: when present it decides instead of
    ///     the built-in rule (Flux without `AdditiveCELDependencyCheck`), with `self` the
    ///     Kustomization being reconciled and `dep` the dependency.
    static func evaluate(key: ObjectKey, dependencies: [ObjectKey], source: (kind: String, key: ObjectKey, revision: String?),
                         readyExprs: [ObjectKey: CELProgram] = [:], lookup: (ObjectKey) -> JSONValue?) -> DependencyCheck {
        if let cycle = findCycle(from: key, lookup: lookup) { return .cycle(cycle) }
        for dependency in dependencies {
            guard let object = lookup(dependency) else {
                return .notReady("unable to get '\(dependency)' dependency: Kustomization '\(dependency)' not found")
            }
            if let program = readyExprs[dependency] {
                do {
                    guard try program.evaluateBool(["self": lookup(key) ?? [:], "dep": object]) else {
                        return .notReady("dependency '\(dependency)' is not ready according to readyExpr eval")
                    }
                } catch {
                    return .notReady("dependency '\(dependency)': readyExpr evaluation failed: \(error)")
                }
                continue
            }
            let generation = object[path: "metadata", "generation"]?.intValue
            let observed = object[path: "status", "observedGeneration"]?.intValue
            let ready = Conditions(of: object).isTrue(ConditionType.ready)
            guard ready, generation == nil || generation == observed else {
                return .notReady("dependency '\(dependency)' is not ready")
            }
            let sourceRef = object[path: "spec", "sourceRef"]
            let depSourceKind = sourceRef?["kind"]?.stringValue ?? ""
            let depSourceKey = ObjectKey(namespace: sourceRef?["namespace"]?.stringValue ?? dependency.namespace,
                                         name: sourceRef?["name"]?.stringValue ?? "")
            if depSourceKind == source.kind, depSourceKey == source.key, let revision = source.revision,
               object[path: "status", "lastAppliedRevision"]?.stringValue != revision {
                return .notReady("dependency '\(dependency)' revision is not up to date")
            }
        }
        return .ready
    }

    /// The shortest way back to `start` along `dependsOn` edges, if there is one.
    static func findCycle(from start: ObjectKey, lookup: (ObjectKey) -> JSONValue?) -> [ObjectKey]? {
        func edges(_ key: ObjectKey) -> [ObjectKey] {
            guard let object = lookup(key) else { return [] }
            return (object[path: "spec", "dependsOn"]?.arrayValue ?? []).compactMap { dep in
                guard let name = dep["name"]?.stringValue else { return nil }
                return ObjectKey(namespace: dep["namespace"]?.stringValue ?? key.namespace, name: name)
            }
        }
        // Breadth-first, remembering how each key was reached, so the path printed is the shortest.
        var parent: [ObjectKey: ObjectKey] = [:]
        var frontier = [start]
        var seen: Set<ObjectKey> = [start]
        while !frontier.isEmpty {
            var next: [ObjectKey] = []
            for key in frontier {
                for target in edges(key) {
                    if target == start {
                        var path = [key]
                        while let p = parent[path[0]] { path.insert(p, at: 0) }
                        return path + [start]
                    }
                    if seen.insert(target).inserted {
                        parent[target] = key
                        next.append(target)
                    }
                }
            }
            frontier = next
        }
        return nil
    }

    /// `a -> b -> a`, keys as `namespace/name`.
    static func describe(_ cycle: [ObjectKey]) -> String {
        cycle.map(\.description).joined(separator: " -> ")
    }
}
