import CEL
import ControllerRuntime
import Crypto
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import ResourceManager

/// The steps of a Kustomization reconcile, in order. Each doc comment is the step's state
/// transition; "stops" means the reconcile ends there failed with that reason (and the runtime
/// sets Ready/Reconciling/Stalled from it).
extension KustomizationReconciler {
    /// The source kinds a Kustomization builds from (all in `source.toolkit.fluxcd.io/v1`).
    /// Bucket is Flux's too but not served by Ferry yet: such a Kustomization waits for an
    /// artifact that a Bucket controller would publish.
    static let sourceKinds: Set<String> = ["GitRepository", "OCIRepository", "ExternalArtifact", "Bucket"]
    /// The kinds whose artifacts Ferry publishes, so the controller watches them.
    static let servedSourceKinds = ["GitRepository", "OCIRepository", "ExternalArtifact"]

    /// **checkSpec** — the spec's values Flux's API server would have refused or Ferry cannot
    /// honour (``KustomizationSettings/specError``).
    ///
    /// - Stops stalled with InvalidSpec naming the field: a duration that is not one or out of
    ///   range, an unknown `deletionPolicy` or `substituteStrategy`, a field Ferry does not
    ///   support yet (`decryption.serviceAccountName`, `kubeConfig.configMapRef`), a
    ///   `decryption.provider` other than `sops`.
    /// - Stops stalled with InvalidCELExpression naming the field when a `healthCheckExprs` or
    ///   `dependsOn[].readyExpr` expression does not parse.
    /// - Otherwise keeps the compiled expressions for the steps that use them.
    func checkSpec(_ run: inout KustomizationRun) async throws -> StepOutcome {
        if let error = run.settings.specError { throw error }
        if let checks = run.settings.spec.healthCheckExprs, !checks.isEmpty { run.healthRules = try CELHealthRules(spec: checks) }
        run.readyExprs = try run.settings.readyExprs()
        run.ignoreRules = try run.settings.ignoreRules()
        return .next
    }

    /// **checkDependencies** — `dependsOn`: every dependency (a Kustomization, or a HelmRelease
    /// named with `kind: HelmRelease`) must be Ready at its generation, and a Kustomization
    /// dependency must have applied the current revision when it uses the same source.
    ///
    /// - Stops stalled with AccessDenied for a dependency in another namespace under `--no-cross-namespace-refs`,
    ///   and with InvalidSpec for a `kind` that is neither Kustomization nor HelmRelease.
    /// - Stops waiting with DependencyNotReady (back after `--requeue-dependency`) until every
    ///   dependency is ready; stalls with DependencyNotReady spelling out a cycle.
    func checkDependencies(_ run: inout KustomizationRun) async throws -> StepOutcome {
        let settings = run.settings
        guard !settings.dependencies.isEmpty else { return .next }
        if let odd = settings.dependencies.first(where: { !DependencyKey.kinds.contains($0.kind) }) {
            throw ReconcileError.stalled(reason: ConditionReason.invalidSpec,
                                         "spec.dependsOn: kind '\(odd.kind)' of '\(odd)' must be Kustomization or HelmRelease")
        }
        if options.noCrossNamespaceRefs, let other = settings.dependencies.first(where: { $0.key.namespace != settings.namespace }) {
            throw ReconcileError.stalled(reason: ConditionReason.accessDenied,
                                         "cannot depend on '\(other)': cross-namespace references are not allowed")
        }
        // The source's current revision (resolved by the step before): a dependency on the same
        // source must have applied it.
        let revision = run.revision
        let me = DependencyKey(kind: Kustomization.kind, settings.key)
        let graph = await DependencyCheck.graph(from: me) { await cluster.dependency($0) }
        let check = DependencyCheck.evaluate(
            key: me, dependencies: settings.dependencies,
            source: (kind: settings.sourceKind, key: settings.sourceKey, revision: revision),
            readyExprs: run.readyExprs, lookup: { graph[$0] })
        switch check {
        case .ready:
            return .next
        case .notReady(let message):
            throw ReconcileError.waiting(after: options.requeueDependency, reason: ConditionReason.dependencyNotReady, message)
        case .cycle(let cycle):
            throw ReconcileError.stalled(reason: ConditionReason.dependencyNotReady,
                                         "circular dependency detected: \(DependencyCheck.describe(cycle))")
        }
    }

    /// **resolveSource** — the source must exist and have an artifact; sets `lastAttemptedRevision`.
    ///
    /// - Stops stalled with ArtifactFailed for a source kind Ferry does not know; with
    ///   AccessDenied for a source in another namespace under `--no-cross-namespace-refs`.
    /// - Stops waiting with ArtifactFailed while the source is missing, not served, or has no artifact.
    func resolveSource(_ run: inout KustomizationRun) async throws -> StepOutcome {
        let settings = run.settings
        guard Self.sourceKinds.contains(settings.sourceKind) else {
            throw ReconcileError.stalled(reason: KustomizationReason.artifactFailed,
                                         "source kind '\(settings.sourceKind)' is not supported (GitRepository, OCIRepository, ExternalArtifact, Bucket)")
        }
        if options.noCrossNamespaceRefs, settings.sourceKey.namespace != settings.namespace {
            throw ReconcileError.stalled(reason: ConditionReason.accessDenied,
                                         "cannot access '\(settings.sourceDescription)': cross-namespace references are not allowed")
        }
        let found: SourceLookup
        do {
            found = try await cluster.source(kind: settings.sourceKind, settings.sourceKey)
        } catch {
            throw ReconcileError.waiting(after: options.requeueDependency, reason: KustomizationReason.artifactFailed,
                                         "Source '\(settings.sourceDescription)' cannot be read: \(error)")
        }
        switch found {
        case .missing:
            throw ReconcileError.waiting(after: options.requeueDependency, reason: KustomizationReason.artifactFailed,
                                         "Source '\(settings.sourceDescription)' not found")
        case .noArtifact:
            throw ReconcileError.waiting(after: options.requeueDependency, reason: KustomizationReason.artifactFailed,
                                         "Source '\(settings.sourceDescription)' is not ready, artifact not found")
        case .artifact(let artifact):
            run.artifact = artifact
            run.status.lastAttemptedRevision = artifact.revision
            return .next
        }
    }

    /// **fetchArtifact** — downloads the artifact, verifies its digest and unpacks it into a
    /// fresh directory; shows progress first when the revision or spec is new.
    ///
    /// - Stops with ArtifactFailed: retried after `--requeue-dependency` when the file is gone
    ///   from storage (a newer one is on its way), else after `spec.retryInterval`.
    func fetchArtifact(_ run: inout KustomizationRun) async throws -> StepOutcome {
        guard let artifact = run.artifact else { return .next }
        let settings = run.settings
        if run.isNewWork {
            try await run.reportProgress("Fetching manifests for revision \(artifact.revision) with a timeout of \(GoDuration.format(seconds: settings.timeout / .seconds(1)))")
        }
        let directory = options.workDirectory + "/kustomization-" + UUID().uuidString
        run.directory = directory
        do {
            try await fetcher.fetch(url: artifact.url, digest: artifact.digest, into: directory)
        } catch {
            let after = error.kind == .notFound ? options.requeueDependency : settings.retryInterval
            throw ReconcileError.retry(after: after, reason: KustomizationReason.artifactFailed, error.description)
        }
        return .next
    }

    /// **build** — builds `spec.path` with Flux's options (`spec.decryption`: SOPS-encrypted
    /// generator and patch files decrypted in memory first, then every encrypted object after
    /// the build; see ``KustomizationDecryptor``), runs postBuild substitution, stamps `commonMetadata` and records
    /// the manifests' digest.
    ///
    /// - Stops with ArtifactFailed when the path does not exist in the artifact, BuildFailed
    ///   for a kustomize, decryption or substitution error; retried after `spec.retryInterval`.
    func build(_ run: inout KustomizationRun) async throws -> StepOutcome {
        guard let directory = run.directory else { return .next }
        let settings = run.settings
        var buildOptions = FluxBuildOptions(spec: settings.spec)
        buildOptions.allowRemoteBases = !options.noRemoteBases
        var decryptor: KustomizationDecryptor?
        if let decryption = settings.spec.decryption {
            let keys = try await Self.decryptor(for: decryption, namespace: settings.namespace,
                                                reader: cluster.decryptionReader(for: settings), retryInterval: settings.retryInterval)
            do {
                buildOptions.fileContents = try await keys.decryptSources(root: directory, path: settings.spec.path ?? "",
                                                                          components: buildOptions.components)
            } catch {
                throw Self.decryptionFailed(settings.retryInterval, error.description)
            }
            decryptor = keys
        }
        var objects: [JSONValue]
        do {
            objects = try await Self.offThePool { [buildOptions] in
                try FluxBuild.build(root: directory, path: settings.spec.path ?? "", options: buildOptions)
            }
        } catch let error as FluxBuildError {
            let reason = error.kind == .path ? KustomizationReason.artifactFailed : KustomizationReason.buildFailed
            throw ReconcileError.retry(after: settings.retryInterval, reason: reason, error.description)
        } catch {
            throw ReconcileError.retry(after: settings.retryInterval, reason: KustomizationReason.buildFailed, "\(error)")
        }
        if let decryptor {
            do {
                objects = try await decryptor.decrypt(objects)
            } catch {
                throw Self.decryptionFailed(settings.retryInterval, error.description)
            }
        }
        if let postBuild = settings.spec.postBuild {
            objects = try await Self.substitute(objects, postBuild, namespace: settings.namespace,
                                                reader: cluster.variableReader(for: settings), retryInterval: settings.retryInterval)
        }
        // After substitution, as Flux does: a `${var}` in commonMetadata stays literal.
        FluxBuild.setCommonMetadata(settings.spec.commonMetadata, on: &objects)
        run.objects = objects
        run.digest = Self.digest(of: objects)
        return .next
    }

    /// Runs `work` on a thread of its own: a build may clone remote bases with git, which
    /// blocks, and the cooperative pool has only as many threads as cores.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
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

    /// **apply** — staged server-side apply on the target cluster.
    ///
    /// - Stops with ReconciliationFailed when the target cannot be reached or an object is
    ///   refused; what was applied before the failure joins the inventory (so it can be pruned
    ///   later) and nothing is pruned.
    func apply(_ run: inout KustomizationRun) async throws -> StepOutcome {
        guard run.directory != nil else { return .next }
        let settings = run.settings
        let target = try await cluster.target(for: settings)
        run.target = target
        var applyOptions = ApplyOptions()
        applyOptions.force = settings.spec.force ?? false
        applyOptions.waitTimeout = settings.timeout
        applyOptions.ignoreRules = run.ignoreRules
        do {
            let changeSet = try await target.apply(run.objects, options: applyOptions)
            run.changeSet = changeSet
            run.noteChanges(changeSet.summary())
            return .next
        } catch {
            if let applied = try? error.changeSet.inventory.objects(), !applied.isEmpty {
                var inventory = run.previousInventory
                inventory.merge(applied)
                run.record(inventory)
            }
            throw ReconcileError.retry(after: settings.retryInterval, reason: ConditionReason.reconciliationFailed, error.message)
        }
    }

    /// **prune** — records the new inventory and, with `spec.prune`, deletes what left Git
    /// (previous − new, only objects still labelled as ours).
    ///
    /// - Stops with PruneFailed when the previous inventory cannot be read (nothing is deleted)
    ///   or a delete fails (the object stays in the inventory and is retried).
    func prune(_ run: inout KustomizationRun) async throws -> StepOutcome {
        guard let changeSet = run.changeSet, let target = run.target else { return .next }
        let settings = run.settings
        var inventory = changeSet.inventory
        run.record(inventory)
        guard settings.spec.prune else { return .next }
        let stale: [InventoryObject]
        do {
            stale = try run.previousInventory.stale(comparedTo: inventory)
        } catch {
            // An unreadable old inventory must never turn into deletions.
            throw ReconcileError.retry(after: settings.retryInterval, reason: KustomizationReason.pruneFailed,
                                       "cannot read the previous inventory: \(error)")
        }
        guard !stale.isEmpty else { return .next }
        let result = await target.prune(stale)
        if !result.survivors.isEmpty {
            inventory.merge(result.survivors)
            run.record(inventory)
        }
        run.noteChanges(result.deleted.map { "\($0.subject) \($0.action.rawValue)" }.joined(separator: "\n"))
        if !result.failed.isEmpty {
            let message = result.failed.map { "\($0.object) deletion failed: \($0.message)" }.joined(separator: "\n")
            throw ReconcileError.retry(after: settings.retryInterval, reason: KustomizationReason.pruneFailed, message)
        }
        return .next
    }

    /// **checkHealth** — `spec.wait` / `spec.healthChecks`: kstatus (and `healthCheckExprs`)
    /// until all Current, within `spec.timeout`. Skipped when nothing changed and the last check
    /// passed (as Flux does). A new source revision or a spec change cancels the wait so the new
    /// revision is reconciled at once.
    ///
    /// - No checks configured: Healthy removed.
    /// - Healthy=Unknown/Progressing and progress written while waiting.
    /// - Stops with HealthCheckFailed (Healthy=False) on a failed or timed-out check; with
    ///   HealthCheckCanceled when new work arrived (retried at once).
    /// - Otherwise Healthy=True/Succeeded "Health check passed in …".
    func checkHealth(_ run: inout KustomizationRun) async throws -> StepOutcome {
        guard let changeSet = run.changeSet, let target = run.target else { return .next }
        let settings = run.settings
        let generation = run.generation
        guard settings.checksHealth else {
            run.conditions.remove(ConditionType.healthy)
            return .next
        }
        if !run.isNewWork, !changeSet.hasChanges, run.conditions.isTrue(ConditionType.healthy),
           run.conditions[ConditionType.healthy]?.observedGeneration == generation {
            return .next
        }
        let selfID = ObjectID(group: Kustomization.group, kind: Kustomization.kind, namespace: settings.namespace, name: settings.name)
        let objects = settings.spec.wait == true
            ? changeSet.entries.filter { $0.action != .skipped && $0.object.id != selfID }.map(\.object)
            : settings.healthCheckObjects
        let timeout = GoDuration.format(seconds: settings.timeout / .seconds(1))
        let message = "Running health checks for revision \(run.revision ?? "") with a timeout of \(timeout)"
        run.conditions.set(ConditionType.healthy, .unknown, reason: ConditionReason.progressing, message: message,
                           observedGeneration: generation)
        try await run.reportProgress(message)
        let started = ContinuousClock.now
        let revision = run.revision
        let result = await target.waitForHealth(
            objects, timeout: settings.timeout, interval: options.healthPollInterval, custom: run.healthRules,
            cancelled: { await self.hasNewWork(settings, revision: revision, generation: generation) })
        switch result.outcome {
        case .healthy:
            let took = GoDuration.format(seconds: ((ContinuousClock.now - started) / .milliseconds(1)).rounded() / 1000)
            run.conditions.set(ConditionType.healthy, .true, reason: ConditionReason.succeeded,
                               message: "Health check passed in \(took)", observedGeneration: generation)
            return .next
        case .cancelled:
            let message = "Health checks canceled: a new revision or spec change is waiting to be reconciled"
            run.conditions.set(ConditionType.healthy, .false, reason: KustomizationReason.healthCheckCanceled, message: message,
                               observedGeneration: generation)
            throw ReconcileError.retry(after: .milliseconds(200), reason: KustomizationReason.healthCheckCanceled, message)
        case .failed, .timedOut:
            run.conditions.set(ConditionType.healthy, .false, reason: KustomizationReason.healthCheckFailed, message: result.message,
                               observedGeneration: generation)
            throw ReconcileError.retry(after: settings.retryInterval, reason: KustomizationReason.healthCheckFailed, result.message)
        }
    }

    /// Whether the source moved to another revision or the Kustomization's spec changed since
    /// this reconcile started.
    func hasNewWork(_ settings: KustomizationSettings, revision: String?, generation: Int?) async -> Bool {
        if let current = cluster.generation(of: settings.key), current != generation { return true }
        guard let artifact = (try? await cluster.source(kind: settings.sourceKind, settings.sourceKey))?.artifact else { return false }
        return artifact.revision != revision
    }
}
