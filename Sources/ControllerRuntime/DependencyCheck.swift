import CEL
import FerryAPI
import Manifests

/// One end of a `dependsOn` edge: a Kustomization or a HelmRelease. Unlike Flux, either kind
/// may depend on the other (`dependsOn[].kind`, defaulting to the depending object's own kind),
/// so an app Kustomization can wait for the ingress controller's HelmRelease.
public struct DependencyKey: Hashable, Sendable, CustomStringConvertible {
    public var kind: String
    public var key: ObjectKey

    public init(kind: String, namespace: String, name: String) {
        self.kind = kind
        self.key = ObjectKey(namespace: namespace, name: name)
    }

    public init(kind: String, _ key: ObjectKey) {
        self.kind = kind
        self.key = key
    }

    /// `namespace/name`, as Flux names a dependency in its messages.
    public var description: String { key.description }
    /// `Kind/namespace/name`, for messages where kinds mix.
    public var qualified: String { "\(kind)/\(key)" }

    /// The kinds a `dependsOn` entry may name.
    public static let kinds = [Kustomization.kind, HelmRelease.kind]

    /// The `dependsOn` entries of `object` (whose own key is `owner`): namespace defaulted to the
    /// owner's, kind to the owner's kind.
    public static func edges(of object: JSONValue, owner: DependencyKey) -> [DependencyKey] {
        (object[path: "spec", "dependsOn"]?.arrayValue ?? []).compactMap { dep in
            guard let name = dep["name"]?.stringValue else { return nil }
            let kind = dep["kind"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? owner.kind
            return DependencyKey(kind: kind, namespace: dep["namespace"]?.stringValue ?? owner.key.namespace, name: name)
        }
    }

    /// The typed `dependsOn` of an object of `kind` in `namespace`, defaulted the same way.
    public static func list(_ references: [DependencyReference]?, kind: String, namespace: String) -> [DependencyKey] {
        (references ?? []).map { ref in
            DependencyKey(kind: ref.kind.flatMap { $0.isEmpty ? nil : $0 } ?? kind, namespace: ref.namespace ?? namespace, name: ref.name)
        }
    }
}

/// Whether an object may go ahead, given its `dependsOn` (Flux's `checkDependencies`, in both
/// the kustomize and the helm controller).
///
/// A dependency is ready when it exists, has observed its latest generation, is Ready=True,
/// and — for a Kustomization built from the same source as the one asking — has applied the
/// revision the source offers now (so the app never runs ahead of the infrastructure of the same
/// commit). A cycle can never become ready, so it is reported as such (Stalled) instead of
/// waiting forever.
public enum DependencyCheck: Equatable, Sendable {
    case ready
    /// Not yet; the message names the first dependency that holds things up.
    case notReady(String)
    /// `dependsOn` leads back to the object itself: `[a, b, c, a]`.
    case cycle([DependencyKey])

    /// - Parameters:
    ///   - key: the object being reconciled.
    ///   - dependencies: its `dependsOn`, namespaces and kinds defaulted.
    ///   - source: its source (kind and key) and the revision that source offers now, when it
    ///     has one a dependency could share (Kustomizations).
    ///   - lookup: the objects as last seen (a controller's cache, or the API server).
    ///   - readyExprs: `dependsOn[].readyExpr` by dependency: when present it decides instead of
    ///     the built-in rule (Flux without `AdditiveCELDependencyCheck`), with `self` the
    ///     object being reconciled and `dep` the dependency.
    public static func evaluate(key: DependencyKey, dependencies: [DependencyKey], source: (kind: String, key: ObjectKey, revision: String?)?,
                                readyExprs: [DependencyKey: CELProgram] = [:], lookup: (DependencyKey) -> JSONValue?) -> DependencyCheck {
        if let cycle = findCycle(from: key, lookup: lookup) { return .cycle(cycle) }
        for dependency in dependencies {
            guard let object = lookup(dependency) else {
                return .notReady("unable to get '\(dependency)' dependency: \(dependency.kind) '\(dependency)' not found")
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
            guard let source, dependency.kind == Kustomization.kind else { continue }
            let sourceRef = object[path: "spec", "sourceRef"]
            let depSourceKind = sourceRef?["kind"]?.stringValue ?? ""
            let depSourceKey = ObjectKey(namespace: sourceRef?["namespace"]?.stringValue ?? dependency.key.namespace,
                                         name: sourceRef?["name"]?.stringValue ?? "")
            if depSourceKind == source.kind, depSourceKey == source.key, let revision = source.revision,
               object[path: "status", "lastAppliedRevision"]?.stringValue != revision {
                return .notReady("dependency '\(dependency)' revision is not up to date")
            }
        }
        return .ready
    }

    /// The shortest way back to `start` along `dependsOn` edges, if there is one.
    public static func findCycle(from start: DependencyKey, lookup: (DependencyKey) -> JSONValue?) -> [DependencyKey]? {
        func edges(_ key: DependencyKey) -> [DependencyKey] {
            lookup(key).map { DependencyKey.edges(of: $0, owner: key) } ?? []
        }
        // Breadth-first, remembering how each key was reached, so the path printed is the shortest.
        var parent: [DependencyKey: DependencyKey] = [:]
        var frontier = [start]
        var seen: Set<DependencyKey> = [start]
        while !frontier.isEmpty {
            var next: [DependencyKey] = []
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

    /// `a -> b -> a`, keys as `namespace/name` — or `Kind/namespace/name` when kinds mix.
    public static func describe(_ cycle: [DependencyKey]) -> String {
        let mixed = Set(cycle.map(\.kind)).count > 1
        return cycle.map { mixed ? $0.qualified : $0.description }.joined(separator: " -> ")
    }

    /// Every object reachable from `start` along `dependsOn`, read with `fetch`.
    public static func graph(from start: DependencyKey, fetch: (DependencyKey) async -> JSONValue?) async -> [DependencyKey: JSONValue] {
        var graph: [DependencyKey: JSONValue] = [:]
        var pending = [start]
        var seen: Set<DependencyKey> = []
        while let key = pending.popLast() {
            guard seen.insert(key).inserted else { continue }
            guard let object = await fetch(key) else { continue }
            graph[key] = object
            pending += DependencyKey.edges(of: object, owner: key)
        }
        return graph
    }
}
