import ControllerRuntime
import FerryAPI
import Foundation

/// What every source kind's run has besides ``ReconcileRun``: its clock, generation and
/// storage directory — and, from them, the one way a source step sets a condition or fails.
protocol SourceRun: ReconcileRun {
    var now: Date { get }
    var generation: Int? { get }
    /// Storage-relative directory of this object's artifacts.
    var storageDirectory: String { get }
}

extension SourceRun {
    /// The run's clock, for conditions and artifact times.
    var timestamp: Timestamp { Timestamp(secondsSince1970: now.timeIntervalSince1970) }

    /// Sets a kind-specific condition at the run's time.
    mutating func mark(_ type: String, _ value: Conditions.Status, reason: String, message: String) {
        conditions.set(type, value, reason: reason, message: message, observedGeneration: generation, now: timestamp)
    }

    /// Records the error's condition (True for the negative ones, False for SourceVerified)
    /// and returns the failure to throw.
    mutating func fail(_ error: SourceError) -> ReconcileError {
        mark(error.conditionType, error.conditionType == SourceCondition.sourceVerified ? .false : .true,
             reason: error.reason, message: error.message)
        return error.reconcileError
    }

    /// The **collectGarbage** step of every source: removes this object's old artifacts beyond
    /// the retention policy, never `current` (nor the `latest` aliases). A failure is a Warning
    /// event only; the reconcile still succeeds.
    mutating func collectGarbage(_ storage: ArtifactStorage, keep current: String?) {
        do {
            _ = try storage.garbageCollect(directory: storageDirectory, keep: current, now: now)
        } catch {
            events.append(EventDraft(.warning, reason: SourceReason.garbageCollectionFailed,
                                     message: "garbage collection of artifacts failed: \(error)"))
        }
    }
}

/// A source kind whose status has `artifact` and a `url` that always names its latest one
/// (HelmRepository's `index.yaml`, HelmChart's `latest.tar.gz`).
protocol LatestAliasRun: SourceRun {
    var artifact: Artifact? { get set }
    var latestURL: String? { get set }
}

extension LatestAliasRun {
    /// The **checkStorage** step: drops `status.artifact` (and the URL) when its file has
    /// vanished, so it is stored again, and refreshes both addresses. Never stops.
    mutating func checkStorage(_ storage: ArtifactStorage, alias: String) {
        guard var current = artifact else { return }
        if storage.exists(current.path) {
            current.url = storage.url(forPath: current.path)
            artifact = current
            latestURL = storage.url(forPath: storageDirectory + "/" + alias)
        } else {
            artifact = nil
            latestURL = nil
            conditions.remove(SourceCondition.artifactInStorage)
        }
    }
}
