import KubernetesClient
import Manifests

extension ResourceApplier {
    /// Staged server-side apply, Flux's `ApplyAllStaged`: stamps the owner labels (when an
    /// owner is set), refuses the whole set when a namespaced object names no namespace
    /// (``missingNamespaces(_:)``: nothing is applied), then applies stage by stage (``StagedApplyPlan``). Stage 1 (CRDs,
    /// Namespaces, ClusterRoles) and stage 2 (`*Class`) must become Current within
    /// `options.waitTimeout` before the next stage starts, and discovery is refreshed after a
    /// CRD changed, so custom resources of a CRD applied in the same call resolve.
    ///
    /// Each stage keeps what is live intact on bad input: every existing object that may change
    /// is dry-run first, and if any dry-run fails nothing of the stage is written and the error
    /// names each failing object; absent objects are then created (the create validates them,
    /// no dry-run needed), and only when every create succeeded are existing objects changed.
    /// Dry-runs and writes run `concurrency` at a time; the change set keeps the apply order.
    public func apply(_ objects: [JSONValue], options: ApplyOptions = ApplyOptions()) async throws(ApplyError) -> ChangeSet {
        let defaulted = objects.map(NativeDefaults.apply(to:))
        let stamped = owner.map { $0.stamp(defaulted) } ?? defaulted
        let missing = await missingNamespaces(stamped)
        if !missing.isEmpty { throw ApplyError(message: missing.joined(separator: "\n"), changeSet: ChangeSet()) }
        let plan = StagedApplyPlan(objects: stamped, customKinds: options.customStageKinds)
        var changeSet = ChangeSet()
        for stage in plan.stages {
            let outcome = await applyStage(stage.objects, options: options)
            changeSet.append(contentsOf: outcome.changeSet)
            if !outcome.failures.isEmpty {
                throw ApplyError(message: outcome.failures.joined(separator: "\n"), changeSet: changeSet)
            }
            guard stage.stage.waitsForReadiness else { continue }
            let waited = outcome.changeSet.entries.filter { $0.action != .skipped }.map(\.object)
            let health = await waitForHealth(waited, timeout: options.waitTimeout, interval: options.waitInterval,
                                             failFast: false, known: outcome.live)
            if health.outcome != .healthy {
                throw ApplyError(message: "\(stage.stage) not ready: \(health.message)", changeSet: changeSet)
            }
            let changedDefinitions = outcome.changeSet.entries.contains {
                $0.object.id.kind == "CustomResourceDefinition" && ($0.action == .created || $0.action == .configured)
            }
            if changedDefinitions {
                do {
                    try await client.refreshDiscovery()
                } catch {
                    throw ApplyError(message: "discovery refresh after applying CustomResourceDefinitions failed: \(error)",
                                     changeSet: changeSet)
                }
            }
        }
        return changeSet
    }

    /// What one stage did: entries in apply order, the live objects seen or written (to judge
    /// readiness without another GET), and one message per failed object.
    struct StageOutcome: Sendable {
        var changeSet = ChangeSet()
        var live: [ObjectID: JSONValue] = [:]
        var failures: [String] = []
    }

    func applyStage(_ objects: [JSONValue], options: ApplyOptions) async -> StageOutcome {
        var outcome = StageOutcome()
        let resolved = await resolve(objects, ignoreRules: options.ignoreRules)
        let live = await lookUpLive(resolved.compactMap { try? $0.get() })
        let scope = memoryScope
        let steps: [(ResolvedObject?, ApplyStep)] = await concurrentMap(resolved, limit: concurrency) { entry in
            switch entry {
            case .failure(let failure): return (nil, .failed(failure.message))
            case .success(let object):
                return (object, await self.evaluate(object, live: live[object.id] ?? .absent, options: options, scope: scope,
                                                    validateCreates: false).step)
            }
        }
        outcome.failures = steps.compactMap { if case .failed(let message) = $0.1 { return message }; return nil }
        guard outcome.failures.isEmpty else { return outcome }

        // Creates first: a create the server rejects stops the stage before any existing object
        // is changed, so what is live stays as it was (creates are not dry-run beforehand).
        // The change set keeps the apply order whatever the order of writing.
        let indexed = Array(steps.enumerated())
        let isCreate = { (step: ApplyStep) -> Bool in if case .create = step { return true }; return false }
        var written: [(Int, StepResult)] = await concurrentMap(indexed.filter { isCreate($0.element.1) }, limit: concurrency) { item in
            (item.offset, await self.carryOut(item.element.1, for: item.element.0!, options: options, scope: scope))
        }
        if written.allSatisfy({ $0.1.failure == nil }) {
            written += await concurrentMap(indexed.filter { !isCreate($0.element.1) }, limit: concurrency) { item in
                (item.offset, await self.carryOut(item.element.1, for: item.element.0!, options: options, scope: scope))
            }
        }
        for (_, result) in written.sorted(by: { $0.0 < $1.0 }) {
            if let failure = result.failure { outcome.failures.append(failure) }
            guard let entry = result.entry else { continue }
            outcome.changeSet.append(entry, inInventory: result.inInventory)
            if let live = result.live { outcome.live[entry.object.id] = live }
        }
        return outcome
    }

    /// Decides what to do with one object (``ApplyDecision``), sending the dry-run only when
    /// neither the policy nor the memory settles it. Returns the dry-run result too (for diff).
    func evaluate(_ object: ResolvedObject, live lookup: LiveLookup, options: ApplyOptions, scope: String,
                  useMemory: Bool = true, validateCreates: Bool = true) async -> (step: ApplyStep, dryRun: JSONValue?) {
        if case .failed(let message) = lookup { return (.failed(message), nil) }
        let live = lookup.object
        let policy = ApplyPolicy.decide(desired: object.object, live: live, force: options.force)
        let takeover: JSONValue? = live.flatMap { live in
            guard policy.takeOverFields else { return Optional.none }
            return FieldManagerTakeover.patch(live: live, desired: object.object, owner: fieldManager, managers: takeoverManagers)
        }
        let memoryMatches = useMemory && live.map { live in
            memory?.matches(scope: scope, id: object.id, digest: digest(object), live: live) == true
        } == true
        if let step = ApplyDecision.beforeDryRun(policy: policy, live: live, takeover: takeover, memoryMatches: memoryMatches,
                                                 validateCreates: validateCreates) {
            return (step, nil)
        }
        let answer: Result<JSONValue, any Error>
        do {
            answer = .success(try await client.apply(object.object, fieldManager: fieldManager, force: true, dryRun: true))
        } catch {
            answer = .failure(error)
        }
        // Apply managers a due takeover patch folds into ours count as ours for the ignore rules.
        let folded = takeover == nil ? [] : takeoverManagers.filter { $0.operation == .apply }
        let ours = fieldManager
        let step = ApplyDecision.afterDryRun(answer, object: object, live: live, policy: policy, takeover: takeover) { manager in
            manager == ours || folded.contains { manager.hasPrefix($0.name) }
        }
        return (step, try? answer.get())
    }

    struct StepResult: Sendable {
        var entry: ChangeSetEntry?
        var inInventory = true
        var live: JSONValue?
        var failure: String?
    }

    /// Writes what ``evaluate`` decided and records the server's answer in the memory.
    func carryOut(_ step: ApplyStep, for object: ResolvedObject, options: ApplyOptions, scope: String) async -> StepResult {
        let entry = { (action: ChangeAction) in ChangeSetEntry(object: object.inventory, action: action) }
        switch step {
        case .failed(let message):
            return StepResult(failure: message)
        case .skip(let existing):
            return StepResult(entry: entry(.skipped), inInventory: existing)
        case .unchanged(let live, let remember):
            if remember { self.remember(object, answer: live, scope: scope) }
            return StepResult(entry: entry(.unchanged), live: live)
        case .create:
            return await write(object, action: .created, scope: scope)
        case .configure(_, let takeover, let payload):
            if let takeover {
                do {
                    _ = try await client.patch(object.inventory.groupVersionKind, name: object.id.name,
                                               namespace: object.id.namespace.isEmpty ? nil : object.id.namespace,
                                               type: .json, patch: takeover, options: WriteOptions(fieldManager: fieldManager))
                } catch {
                    memory?.forget(scope: scope, id: object.id)
                    let text = APIErrorText.masked("\(error)", secret: object.object)
                    return StepResult(failure: "\(object.subject) metadata.managedFields cleanup failed: \(text)")
                }
            }
            return await write(object, action: .configured, scope: scope, payload: payload)
        case .recreate(let live):
            if let failure = await delete(object, uid: live.uid, options: options) {
                memory?.forget(scope: scope, id: object.id)
                return StepResult(entry: entry(.unchanged), live: live, failure: failure)
            }
            return await write(object, action: .created, scope: scope)
        }
    }

    /// The real server-side apply (force, our field manager) of `payload` (the object as the
    /// ignore rules reshaped it) or else the desired object.
    func write(_ object: ResolvedObject, action: ChangeAction, scope: String, payload: JSONValue? = nil) async -> StepResult {
        do {
            let answer = try await client.apply(payload ?? object.object, fieldManager: fieldManager, force: true)
            remember(object, answer: answer, scope: scope)
            return StepResult(entry: ChangeSetEntry(object: object.inventory, action: action), live: answer)
        } catch {
            memory?.forget(scope: scope, id: object.id)
            let text = APIErrorText.masked("\(error)", secret: object.object)
            // A failed update leaves the old object in place: still ours, still in the inventory.
            return StepResult(entry: action == .configured ? ChangeSetEntry(object: object.inventory, action: .unknown) : nil,
                              failure: "\(object.subject) apply failed: \(text)")
        }
    }

    /// Deletes an object whose immutable fields changed and waits until it is gone.
    /// Returns a failure message, or nil once the object no longer exists.
    func delete(_ object: ResolvedObject, uid: String?, options: ApplyOptions) async -> String? {
        let gvk = object.inventory.groupVersionKind
        let namespace = object.id.namespace.isEmpty ? nil : object.id.namespace
        do {
            try await client.delete(gvk, name: object.id.name, namespace: namespace,
                                    options: DeleteOptions(propagationPolicy: .background, preconditionUID: uid))
        } catch let error as APIError where error.isNotFound {
            return nil
        } catch {
            return "\(object.subject) immutable field detected, failed to delete object: \(error)"
        }
        let deadline = ContinuousClock.now + options.waitTimeout
        while true {
            switch await Self.get(client, object.inventory) {
            case .absent: return nil
            case .found(let live) where live.uid != uid: return nil
            case .failed(let message): return "\(object.subject) immutable field detected, failed to wait for object to be deleted: \(message)"
            case .found: break
            }
            if ContinuousClock.now >= deadline {
                return "\(object.subject) immutable field detected, failed to wait for object to be deleted: timeout after \(options.waitTimeout)"
            }
            if Task.isCancelled { return "\(object.subject) immutable field detected, wait for deletion cancelled" }
            try? await Task.sleep(for: options.waitInterval)
        }
    }

    /// The ignored paths are part of the digest: adding or removing a rule must be noticed
    /// (an ignored field that drifted is repaired once its rule is gone).
    func digest(_ object: ResolvedObject) -> AppliedStateMemory.Digest {
        AppliedStateMemory.Digest(object: object.object, fieldManager: fieldManager, ignored: object.ignored.map(\.description))
    }

    func remember(_ object: ResolvedObject, answer: JSONValue, scope: String) {
        guard let memory else { return }
        guard let rv = answer.resourceVersion, !rv.isEmpty else {
            memory.forget(scope: scope, id: object.id)
            return
        }
        memory.remember(scope: scope, id: object.id,
                        record: .init(digest: digest(object), resourceVersion: rv, uid: answer.uid ?? ""))
    }
}
