import ControllerRuntime
import Crypto
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import ResourceManager

/// A source's artifact as its status advertises it.
struct SourceArtifact: Sendable {
    var url: String
    var revision: String
    var digest: String?
}

/// What looking a source up found.
enum SourceLookup: Sendable {
    case missing
    case noArtifact
    case artifact(SourceArtifact)

    var artifact: SourceArtifact? {
        if case .artifact(let a) = self { return a }
        return nil
    }
}

extension KustomizationReconciler {
    static let sourceGroup = "source.toolkit.fluxcd.io"
    static let sourceKinds: Set<String> = ["GitRepository", "OCIRepository", "Bucket"]

    /// dependsOn: stops with Ready=False/DependencyNotReady (requeue after `requeueDependency`)
    /// until every dependency is ready; a cycle stalls with the cycle spelled out.
    func checkDependencies(_ run: inout KustomizationRun) async throws {
        let settings = run.settings
        guard !settings.dependencies.isEmpty else { return }
        if options.noCrossNamespaceRefs, let other = settings.dependencies.first(where: { $0.namespace != settings.namespace }) {
            throw ReconcileError.stalled(reason: "AccessDenied", "cannot depend on '\(other)': cross-namespace references are not allowed")
        }
        // The source's current revision: a dependency on the same source must have applied it.
        let revision = (try? await lookUpSource(settings))?.artifact?.revision
        let graph = await dependencyGraph(from: settings.key)
        let check = DependencyCheck.evaluate(
            key: settings.key, dependencies: settings.dependencies,
            source: (kind: settings.sourceKind, key: settings.sourceKey, revision: revision),
            lookup: { graph[$0] })
        switch check {
        case .ready:
            return
        case .notReady(let message):
            throw ReconcileError.waiting(after: options.requeueDependency, reason: KustomizationReason.dependencyNotReady, message)
        case .cycle(let cycle):
            throw ReconcileError.stalled(reason: KustomizationReason.dependencyNotReady,
                                         "circular dependency detected: \(DependencyCheck.describe(cycle))")
        }
    }

    /// Every Kustomization reachable from `start` along `dependsOn`: from the watch's cache, or
    /// read from the API server when it lives outside the watched namespace.
    func dependencyGraph(from start: ObjectKey) async -> [ObjectKey: JSONValue] {
        var graph: [ObjectKey: JSONValue] = [:]
        var pending = [start]
        var seen: Set<ObjectKey> = []
        while let key = pending.popLast() {
            guard seen.insert(key).inserted else { continue }
            var object = kustomizations.get(key)
            if object == nil {
                object = try? await client.get(Kustomization.gvk, name: key.name, namespace: key.namespace)
            }
            guard let object else { continue }
            graph[key] = object
            for dep in object[path: "spec", "dependsOn"]?.arrayValue ?? [] {
                guard let name = dep["name"]?.stringValue else { continue }
                pending.append(ObjectKey(namespace: dep["namespace"]?.stringValue ?? key.namespace, name: name))
            }
        }
        return graph
    }

    /// The source and its artifact, as its status says now.
    func lookUpSource(_ settings: KustomizationSettings) async throws -> SourceLookup {
        let gvk = GroupVersionKind(group: Self.sourceGroup, version: "v1", kind: settings.sourceKind)
        let source: JSONValue
        do {
            source = try await client.get(gvk, name: settings.sourceKey.name, namespace: settings.sourceKey.namespace)
        } catch let error as APIError where error.isNotFound {
            return .missing
        }
        guard let artifact = source[path: "status", "artifact"], let url = artifact["url"]?.stringValue,
              let revision = artifact["revision"]?.stringValue else { return .noArtifact }
        return .artifact(SourceArtifact(url: url, revision: revision, digest: artifact["digest"]?.stringValue))
    }

    /// The source must exist and have an artifact; sets `lastAttemptedRevision`.
    func resolveSource(_ run: inout KustomizationRun) async throws -> SourceArtifact {
        let settings = run.settings
        guard Self.sourceKinds.contains(settings.sourceKind) else {
            throw ReconcileError.stalled(reason: KustomizationReason.artifactFailed,
                                         "source kind '\(settings.sourceKind)' is not supported (GitRepository, OCIRepository, Bucket)")
        }
        if options.noCrossNamespaceRefs, settings.sourceKey.namespace != settings.namespace {
            throw ReconcileError.stalled(reason: "AccessDenied",
                                         "cannot access '\(settings.sourceDescription)': cross-namespace references are not allowed")
        }
        let found: SourceLookup
        do {
            found = try await lookUpSource(settings)
        } catch let error as UnknownKindError {
            throw ReconcileError.waiting(after: options.requeueDependency, reason: KustomizationReason.artifactFailed,
                                         "Source '\(settings.sourceDescription)' cannot be read: \(error)")
        }
        let artifact: SourceArtifact
        switch found {
        case .missing:
            throw ReconcileError.waiting(after: options.requeueDependency, reason: KustomizationReason.artifactFailed,
                                         "Source '\(settings.sourceDescription)' not found")
        case .noArtifact:
            throw ReconcileError.waiting(after: options.requeueDependency, reason: KustomizationReason.artifactFailed,
                                         "Source '\(settings.sourceDescription)' is not ready, artifact not found")
        case .artifact(let a):
            artifact = a
        }
        run.revision = artifact.revision
        run.set("lastAttemptedRevision", .string(artifact.revision))
        return artifact
    }

    /// Downloads and verifies the artifact, builds `spec.path` with Flux's options, and runs
    /// postBuild substitution. ArtifactFailed / BuildFailed, retried after `retryInterval`.
    func fetchAndBuild(_ run: inout KustomizationRun, _ artifact: SourceArtifact) async throws -> [JSONValue] {
        let settings = run.settings
        if run.isNewWork {
            try await progress(&run, "Fetching manifests for revision \(artifact.revision) with a timeout of \(GoDuration.format(seconds: settings.timeout / .seconds(1)))")
        }
        let directory = options.workDirectory + "/kustomization-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            try await fetcher.fetch(url: artifact.url, digest: artifact.digest, into: directory)
        } catch {
            // Gone from storage (a newer one is on its way): check again soon, as for a source not ready.
            let after = error.kind == .notFound ? options.requeueDependency : settings.retryInterval
            throw ReconcileError.retry(after: after, reason: KustomizationReason.artifactFailed, error.description)
        }
        var objects: [JSONValue]
        do {
            objects = try FluxBuild.build(root: directory, path: settings.spec.path ?? "", options: FluxBuildOptions(spec: settings.spec))
        } catch let error as FluxBuildError {
            let reason = error.kind == .path ? KustomizationReason.artifactFailed : KustomizationReason.buildFailed
            throw ReconcileError.retry(after: settings.retryInterval, reason: reason, error.description)
        } catch {
            throw ReconcileError.retry(after: settings.retryInterval, reason: KustomizationReason.buildFailed, "\(error)")
        }
        if let postBuild = settings.spec.postBuild {
            objects = try await substitute(objects, postBuild, settings)
        }
        // After substitution, as Flux does: a `${var}` in commonMetadata stays literal.
        FluxBuild.setCommonMetadata(settings.spec.commonMetadata, on: &objects)
        run.digest = Self.digest(of: objects)
        return objects
    }

    /// `sha256:<hex>` of the manifests, for `status.history`.
    static func digest(of objects: [JSONValue]) -> String {
        var hasher = SHA256()
        for object in objects {
            hasher.update(data: object.jsonBytes())
            hasher.update(data: [0x0a])
        }
        return "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Staged server-side apply. A failure keeps what was applied before it in the inventory
    /// (so it can be pruned later) and prunes nothing.
    func apply(_ run: inout KustomizationRun, _ objects: [JSONValue], with target: KubernetesClient) async throws -> ChangeSet {
        let settings = run.settings
        let applier = applier(for: settings, client: target)
        var applyOptions = ApplyOptions()
        applyOptions.force = settings.spec.force ?? false
        applyOptions.waitTimeout = settings.timeout
        do {
            return try await applier.apply(objects, options: applyOptions)
        } catch {
            if let applied = try? error.changeSet.inventory.objects(), !applied.isEmpty {
                var inventory = run.previousInventory
                inventory.merge(applied)
                run.set("inventory", inventory.json)
            }
            throw ReconcileError.retry(after: settings.retryInterval, reason: KustomizationReason.reconciliationFailed, error.message)
        }
    }

    func applier(for settings: KustomizationSettings, client target: KubernetesClient) -> ResourceApplier {
        ResourceApplier(client: target, owner: settings.owner, concurrency: options.applyConcurrency, memory: memory)
    }

    /// Records the new inventory and, with `spec.prune`, deletes what left Git (previous − new,
    /// only objects still labelled as ours). Failed deletes stay in the inventory and are retried.
    func prune(_ run: inout KustomizationRun, _ changeSet: ChangeSet, with target: KubernetesClient) async throws -> [ChangeSetEntry] {
        let settings = run.settings
        var inventory = changeSet.inventory
        run.set("inventory", inventory.json)
        guard settings.spec.prune else { return [] }
        let stale: [InventoryObject]
        do {
            stale = try run.previousInventory.stale(comparedTo: inventory)
        } catch {
            // An unreadable old inventory must never turn into deletions.
            throw ReconcileError.retry(after: settings.retryInterval, reason: KustomizationReason.pruneFailed,
                                       "cannot read the previous inventory: \(error)")
        }
        guard !stale.isEmpty else { return [] }
        let result = await applier(for: settings, client: target).prune(stale)
        if !result.survivors.isEmpty {
            inventory.merge(result.survivors)
            run.set("inventory", inventory.json)
        }
        if !result.failed.isEmpty {
            let message = result.failed.map { "\($0.object) deletion failed: \($0.message)" }.joined(separator: "\n")
            throw ReconcileError.retry(after: settings.retryInterval, reason: KustomizationReason.pruneFailed, message)
        }
        return result.deleted
    }

    /// One Normal event per change set: "ConfigMap/apps/a created\nDeployment/apps/web configured".
    func recordChanges(_ run: KustomizationRun, _ changeSet: ChangeSet, _ deleted: [ChangeSetEntry]) async {
        var lines: [String] = []
        let applied = changeSet.summary()
        if !applied.isEmpty { lines.append(applied) }
        lines += deleted.map { "\($0.subject) \($0.action.rawValue)" }
        guard !lines.isEmpty else { return }
        await events?.record(run.written, type: .normal, reason: KustomizationReason.progressing, message: lines.joined(separator: "\n"))
    }

    /// `spec.wait` / `spec.healthChecks`: kstatus until all Current, within `spec.timeout`.
    /// Skipped when nothing changed and the last check passed (as Flux does). A new source
    /// revision or a spec change cancels the wait so the new revision is reconciled at once.
    func checkHealth(_ run: inout KustomizationRun, _ changeSet: ChangeSet, with target: KubernetesClient) async throws {
        let settings = run.settings
        guard settings.checksHealth else {
            run.draft.conditions.remove(ConditionType.healthy)
            return
        }
        let generation = run.object.generation
        if !run.isNewWork, !changeSet.hasChanges, run.draft.conditions.isTrue(ConditionType.healthy),
           run.draft.conditions[ConditionType.healthy]?.observedGeneration == generation {
            return
        }
        let selfID = ObjectID(group: Kustomization.group, kind: Kustomization.kind, namespace: settings.namespace, name: settings.name)
        let objects = settings.spec.wait == true
            ? changeSet.entries.filter { $0.action != .skipped && $0.object.id != selfID }.map(\.object)
            : settings.healthCheckObjects
        let timeout = GoDuration.format(seconds: settings.timeout / .seconds(1))
        let message = "Running health checks for revision \(run.revision ?? "") with a timeout of \(timeout)"
        run.draft.conditions.set(ConditionType.healthy, .unknown, reason: KustomizationReason.progressing, message: message,
                                 observedGeneration: generation)
        try await progress(&run, message)
        let started = ContinuousClock.now
        let revision = run.revision
        let result = await applier(for: settings, client: target).waitForHealth(
            objects, timeout: settings.timeout, interval: options.healthPollInterval,
            cancelled: { await self.hasNewWork(settings, revision: revision, generation: generation) })
        switch result.outcome {
        case .healthy:
            let took = GoDuration.format(seconds: ((ContinuousClock.now - started) / .milliseconds(1)).rounded() / 1000)
            run.draft.conditions.set(ConditionType.healthy, .true, reason: ConditionReason.succeeded,
                                     message: "Health check passed in \(took)", observedGeneration: generation)
        case .cancelled:
            let message = "Health checks canceled: a new revision or spec change is waiting to be reconciled"
            run.draft.conditions.set(ConditionType.healthy, .false, reason: KustomizationReason.healthCheckCanceled, message: message,
                                     observedGeneration: generation)
            throw ReconcileError.retry(after: .milliseconds(200), reason: KustomizationReason.healthCheckCanceled, message)
        case .failed, .timedOut:
            run.draft.conditions.set(ConditionType.healthy, .false, reason: KustomizationReason.healthCheckFailed, message: result.message,
                                     observedGeneration: generation)
            throw ReconcileError.retry(after: settings.retryInterval, reason: KustomizationReason.healthCheckFailed, result.message)
        }
    }

    /// Whether the source moved to another revision or the Kustomization's spec changed since
    /// this reconcile started.
    func hasNewWork(_ settings: KustomizationSettings, revision: String?, generation: Int?) async -> Bool {
        if let current = kustomizations.get(settings.key), current.generation != generation { return true }
        guard let artifact = (try? await lookUpSource(settings))?.artifact else { return false }
        return artifact.revision != revision
    }
}
