import KubernetesClient
import Manifests

/// Options of one staged apply (the Kustomization's `spec.force` and the controller flags).
public struct ApplyOptions: Sendable {
    /// `spec.force`: delete and re-create objects whose change touches an immutable field.
    public var force = false
    /// How long stage 1 and 2 (CRDs, Namespaces, ClusterRoles, `*Class`) may take to become
    /// ready before the next stage starts (Flux: 60 s). Also bounds the wait for a deleted
    /// object to disappear before it is re-created.
    public var waitTimeout: Duration = .seconds(60)
    /// `--custom-apply-stage-kinds`: applied in a stage of their own before everything else.
    public var customStageKinds: Set<GroupKind> = []
    /// How often stage readiness and deletions are polled.
    public var waitInterval: Duration = .milliseconds(500)
    /// `spec.ignore` (Flux 2.9): fields of existing objects left to other managers — not drift,
    /// and stripped from or kept as live in what is applied (``DriftIgnore``). Compile them with
    /// ``CompiledIgnoreRules/init(_:field:)``, which refuses bad pointers and patterns.
    public var ignoreRules: CompiledIgnoreRules = .none

    public init(force: Bool = false, waitTimeout: Duration = .seconds(60), customStageKinds: Set<GroupKind> = [],
                waitInterval: Duration = .milliseconds(500), ignoreRules: CompiledIgnoreRules = .none) {
        self.force = force
        self.waitTimeout = waitTimeout
        self.customStageKinds = customStageKinds
        self.waitInterval = waitInterval
        self.ignoreRules = ignoreRules
    }
}

/// Why a staged apply stopped. Nothing of the failing stage was written when a dry-run
/// failed; ``changeSet`` holds what earlier stages (and, for a failed write, the rest of the
/// stage) did apply, which the caller must keep in its inventory.
public struct ApplyError: Error, Sendable, CustomStringConvertible {
    /// One line per failing object, naming it and the cause (never a Secret's data).
    public var message: String
    public var changeSet: ChangeSet

    public init(message: String, changeSet: ChangeSet) {
        self.message = message
        self.changeSet = changeSet
    }

    public var description: String { message }
}

/// Carries out the ResourceManager plans against a cluster: Flux's `ApplyAllStaged`, `Diff`,
/// `DeleteAll` and `WaitForSet`, usable without a controller (the Kustomization reconciler
/// and `ferry diff` call it).
///
/// Differences from Flux, all in the number of requests, none in the outcome: live objects
/// are read with one LIST per kind and namespace instead of a GET each; dry-runs and writes
/// run concurrently (Flux applies sequentially); and with an ``AppliedStateMemory`` an object
/// whose desired form and live resourceVersion are unchanged since our last apply is
/// `unchanged` without a dry-run.
public struct ResourceApplier: Sendable {
    public let client: KubernetesClient
    public let owner: KustomizationOwner?
    public let fieldManager: String
    public let overrideManagers: [String]
    public let concurrency: Int
    public let memory: AppliedStateMemory?

    public init(client: KubernetesClient, owner: KustomizationOwner? = nil,
                fieldManager: String = FieldManagerTakeover.defaultOwner,
                overrideManagers: [String] = [], concurrency: Int = 8, memory: AppliedStateMemory? = nil) {
        self.client = client
        self.owner = owner
        self.fieldManager = fieldManager
        self.overrideManagers = overrideManagers
        self.concurrency = max(1, concurrency)
        self.memory = memory
    }

    /// The ``AppliedStateMemory`` scope of this applier: owner and API server, so one memory
    /// can serve every Kustomization of every cluster a process talks to.
    public var memoryScope: String {
        "\(owner?.namespace ?? "")/\(owner?.name ?? "")@\(client.config.server)"
    }

    var takeoverManagers: [FieldManager] {
        FieldManagerTakeover.managers(owner: fieldManager, overrideManagers: overrideManagers)
    }
}

/// Runs `body` over `items` with at most `limit` tasks at a time; results keep the input order.
func concurrentMap<T: Sendable, R: Sendable>(
    _ items: [T], limit: Int, _ body: @escaping @Sendable (T) async -> R
) async -> [R] {
    guard !items.isEmpty else { return [] }
    return await withTaskGroup(of: (Int, R).self) { group in
        var results = [R?](repeating: nil, count: items.count)
        var next = 0
        while next < min(limit, items.count) {
            let (i, item) = (next, items[next])
            group.addTask { (i, await body(item)) }
            next += 1
        }
        while let (i, result) = await group.next() {
            results[i] = result
            if next < items.count {
                let (j, item) = (next, items[next])
                group.addTask { (j, await body(item)) }
                next += 1
            }
        }
        return results.map { $0! }
    }
}
