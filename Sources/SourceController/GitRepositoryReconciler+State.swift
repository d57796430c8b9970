import ControllerRuntime
import FerryAPI
import Foundation

/// What one reconcile has learned so far; each step reads and extends it.
struct GitReconcileState {
    var repository: GitRepository
    var status: GitRepositoryStatus
    var conditions: StatusConditions
    var events: [SourceEvent] = []
    var now: Date
    var interval: Duration
    var timeout: Duration
    var url: GitURL?
    var auth = GitAuth()
    var resolved: ResolvedRef?
    var includedArtifacts: [Artifact] = []
    var checkout: GitDriver.Checkout?
    var workDir: String?
    var temporaryArchive: String?
    var archive: Archiver.Result?

    init(repository: GitRepository, now: Date) {
        self.repository = repository
        self.status = repository.status ?? GitRepositoryStatus()
        self.now = now
        self.conditions = StatusConditions(status.conditions, generation: repository.metadata.generation, now: StatusConditions.timestamp(now))
        // Checked by the first step (`checkSpec`), which replaces these with the spec's values.
        self.interval = GitRepositorySettings.minimumInterval
        self.timeout = GitRepositorySettings.defaultTimeout
    }

    var namespace: String { repository.metadata.namespace ?? "default" }
    var name: String { repository.metadata.name }
    var spec: GitRepositorySpec { repository.spec }

    /// Storage-relative directory of this object's artifacts.
    var storageDirectory: String { ArtifactStorage.directory(kind: GitRepository.kind, namespace: namespace, name: name) }

    func cleanUp() {
        if let workDir { try? FileManager.default.removeItem(atPath: workDir) }
        if let temporaryArchive { try? FileManager.default.removeItem(atPath: temporaryArchive) }
    }
}

enum StepResult {
    case next
    case done(GitRepositoryReconciler.Outcome)
}

extension GitRepositoryReconciler {
    /// Ready/Reconciling/Stalled from the outcome, by the runtime's one summary rule
    /// (``Conditions/summarize(_:generation:negativePolarity:now:)``), as every kind does:
    /// - stored / up to date: Ready=True/Succeeded "stored artifact for revision '…'"; Reconciling and
    ///   Stalled removed.
    /// - failed, stalled: Ready=False and Stalled=True with the error's reason; Reconciling removed.
    /// - failed, otherwise: Ready=False with the error's reason; Reconciling=True/ProgressingWithRetry.
    static func summarize(_ conditions: StatusConditions, outcome: Outcome, artifact: Artifact?) -> StatusConditions {
        let state: ReconcileState
        switch outcome {
        case .stored, .upToDate:
            state = .succeeded(reason: SourceReason.succeeded, message: "stored artifact for revision '\(artifact?.revision ?? "")'")
        case .suspended, .deleted:
            return conditions
        case .failed(let error):
            state = .failed(error.reconcileError)
        }
        var summary = Conditions(conditions.list)
        summary.summarize(state, generation: conditions.generation, now: Timestamp(rfc3339: conditions.now) ?? .now)
        var result = conditions
        result.list = summary.all
        return result
    }

    /// Whether the configuration that shapes the artifact's content changed since it was built
    /// (Flux's `gitContentConfigChanged`): ignore rules, submodules, sparse checkout, includes and
    /// their artifacts, or a verification that has not been done for the current mode.
    public static func contentConfigChanged(spec: GitRepositorySpec, status: GitRepositoryStatus, includes: [Artifact]) -> Bool {
        if spec.ignore != status.observedIgnore { return true }
        if (spec.recurseSubmodules ?? false) != (status.observedRecurseSubmodules ?? false) { return true }
        if (spec.sparseCheckout ?? []) != (status.observedSparseCheckout ?? []) { return true }
        if let verify = spec.verify {
            let mode = GitVerificationMode(specValue: verify.mode)
            guard let observed = status.sourceVerificationMode.flatMap(GitVerificationMode.init(specValue:)) else { return true }
            if let mode, (mode.verifiesTag && !observed.verifiesTag) || (mode.verifiesHEAD && !observed.verifiesHEAD) { return true }
        }
        let specIncludes = spec.include ?? []
        if specIncludes != (status.observedInclude ?? []) { return true }
        let observedArtifacts = status.includedArtifacts ?? []
        guard includes.count == specIncludes.count, observedArtifacts.count == specIncludes.count else { return true }
        for (old, new) in zip(observedArtifacts, includes) where old.revision != new.revision || old.digest != new.digest {
            return true
        }
        return false
    }

    /// Whether the stored artifact is of the resolved revision. A commit reference may be
    /// abbreviated, so it matches the stored commit by prefix.
    public static func artifactMatches(_ artifact: Artifact?, _ resolved: ResolvedRef) -> Bool {
        guard let artifact else { return false }
        if case .commit(let commit, _) = resolved.reference {
            guard let stored = Revision.commit(of: artifact.revision), stored.hasPrefix(commit) else { return false }
            let full = ResolvedRef(reference: resolved.reference, refName: resolved.refName, commit: stored, tagObject: nil)
            return Revision.same(artifact.revision, full.revision)
        }
        return Revision.same(artifact.revision, resolved.revision)
    }
}
