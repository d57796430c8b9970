import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests
import ResourceManager

/// The state of one reconcile as its steps fill it in; finished and written once.
struct KustomizationRun: Sendable {
    let settings: KustomizationSettings
    /// The status being built (conditions and every status field).
    var draft: StatusDraft
    /// The object as last written (the base of the next status patch).
    var written: JSONValue
    let started = ContinuousClock.now
    /// The source revision this reconcile works on, once known.
    var revision: String?
    /// `sha256:` of the manifests built, once known (for `status.history`).
    var digest: String?
    /// The inventory before this reconcile.
    let previousInventory: Inventory

    init(object: JSONValue, settings: KustomizationSettings) {
        self.settings = settings
        draft = StatusDraft(object)
        written = object
        previousInventory = (object[path: "status", "inventory"]).flatMap { try? Inventory(json: $0) } ?? Inventory()
    }

    var object: JSONValue { draft.object }
    var status: JSONValue { draft.fields }

    /// Sets a status field (`lastAttemptedRevision`, `inventory`…).
    mutating func set(_ field: String, _ value: JSONValue?) {
        draft.fields[field] = value
    }

    var lastAppliedRevision: String? { draft.fields["lastAppliedRevision"]?.stringValue }

    /// Whether this revision or spec was not yet applied: progress is shown only then, so an
    /// idle re-reconcile writes nothing unless something changed.
    var isNewWork: Bool {
        revision != lastAppliedRevision || object.generation != draft.fields["observedGeneration"]?.intValue
    }
}

extension KustomizationReconciler {
    /// Runs the steps and writes the status once (plus progress writes for new revisions).
    func run(_ object: JSONValue, _ settings: KustomizationSettings) async throws -> ReconcileResult {
        var run = KustomizationRun(object: object, settings: settings)
        do {
            if let error = settings.durationError { throw error }
            try await checkDependencies(&run)
            let artifact = try await resolveSource(&run)
            let objects = try await fetchAndBuild(&run, artifact)
            let target = try await targetClient(for: settings)
            let changeSet = try await apply(&run, objects, with: target)
            let deleted = try await prune(&run, changeSet, with: target)
            await recordChanges(run, changeSet, deleted)
            try await checkHealth(&run, changeSet, with: target)
            run.set("lastAppliedRevision", run.revision.map(JSONValue.string))
            run.draft.successReason = KustomizationReason.reconciliationSucceeded
            run.draft.successMessage = "Applied revision: \(run.revision ?? "")"
            try await finish(&run, .succeeded(reason: run.draft.successReason, message: run.draft.successMessage))
            return .requeue(after: settings.interval, revision: run.revision)
        } catch let error as ReconcileError {
            // Cancelled (deadline or shutdown): a step's failure is only the cancellation's echo,
            // and the controller reports a passed deadline itself.
            if Task.isCancelled { throw CancellationError() }
            try await finish(&run, .failed(error))
            throw error
        } catch {
            if error is CancellationError || Task.isCancelled { throw error }
            let wrapped = ReconcileError.retry(after: settings.retryInterval, reason: KustomizationReason.reconciliationFailed, "\(error)")
            try await finish(&run, .failed(wrapped))
            throw wrapped
        }
    }

    /// Writes Reconciling=True with `message` now (Ready Unknown), as Flux does before slow work.
    func progress(_ run: inout KustomizationRun, _ message: String) async throws {
        run.written = try await client.patchStatus(of: run.written, to: run.draft.finish(.inProgress(message: message)))
    }

    /// Summarises conditions, records the history line, and writes the status.
    func finish(_ run: inout KustomizationRun, _ state: ReconcileState) async throws {
        if let digest = run.digest {
            let reason: String
            switch state {
            case .succeeded(let r, _): reason = r
            case .failed(let error): reason = error.reason
            case .inProgress: reason = KustomizationReason.progressing
            }
            let history = (run.status["history"]?.arrayValue ?? []).compactMap { try? APIConversion.decode(Snapshot.self, from: $0) }
            let elapsed = (ContinuousClock.now - run.started) / .seconds(1)
            var metadata: [String: String] = [:]
            if let revision = run.revision { metadata["revision"] = revision }
            let updated = History.upsert(history, digest: digest, status: reason, at: Timestamp.now.rfc3339,
                                         duration: GoDuration.format(seconds: elapsed), metadata: metadata)
            run.set("history", APIConversion.encode(updated))
        }
        run.written = try await client.patchStatus(of: run.written, to: run.draft.finish(state))
    }
}
