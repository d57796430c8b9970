import ControllerRuntime
import FerryAPI
import Foundation
import Helm

/// The steps of a HelmRepository reconcile, in order. Each documents the state transition it
/// makes; "stops" means the reconcile ends there with that outcome.
extension HelmRepositoryReconciler {
    /// **checkSpec** — reads the interval, timeout, type and URL (``HelmRepositorySettings``).
    ///
    /// - Stops stalled with FetchFailed=True/InvalidSpec naming the field for a bad duration or type.
    /// - Stops stalled with FetchFailed=True/URLInvalid when the URL is not http(s) (`oci://` for `type: oci`).
    func checkSpec(_ s: inout HelmRepositoryRun) async throws -> StepOutcome {
        do { s.settings = try HelmRepositorySettings(spec: s.spec) } catch {
            throw s.fail(error)
        }
        return .next
    }

    /// **checkStorage** — drops `status.artifact` when its file has vanished (the index is then
    /// stored again) and refreshes the artifact's and `status.url`'s address. Never stops.
    func checkStorage(_ s: inout HelmRepositoryRun) async throws -> StepOutcome {
        s.checkStorage(storage, alias: "index.yaml")
        return .next
    }

    /// **fetchIndex** — downloads `<url>/index.yaml` with the Secrets' credentials and checks it
    /// is a Helm repository index; its revision is the digest of the bytes as
    /// downloaded (Flux's), so an unchanged index short-circuits.
    ///
    /// - Stops with FetchFailed=True/AuthenticationFailed when a Secret is missing or incomplete.
    /// - Stops with FetchFailed=True/Failed "failed to fetch Helm repository index: …" when the
    ///   server cannot be reached, answers other than 200, is too slow or sends too much.
    /// - Stops with FetchFailed=True/IndexationFailed "failed to load Helm repository from index
    ///   YAML: …" when the file is not a valid index.
    /// - Stops **up to date** when the stored artifact has that revision: FetchFailed and
    ///   ArtifactOutdated removed, ArtifactInStorage=True.
    /// - Otherwise ArtifactOutdated=True/NewRevision (when an artifact exists), progress
    ///   reported, continues.
    func fetchIndex(_ s: inout HelmRepositoryRun) async throws -> StepOutcome {
        guard let settings = s.settings else { return .next }
        let options: HelmGetter.Options
        do {
            options = try await HelmRepositoryCredentials.options(spec: s.spec, namespace: s.namespace, timeout: settings.timeout,
                                                                  secrets: secrets)
        } catch {
            throw s.fail(error)
        }
        let bytes: [UInt8]
        do { bytes = try await getter.get(settings.indexURL, options: options) } catch {
            throw s.fail(SourceError(.transient, SourceCondition.fetchFailed, reason: ConditionReason.failed,
                                     message: "failed to fetch Helm repository index: \(error)"))
        }
        do { _ = try RepositoryIndex.load(bytes, maximumSize: getter.maxSize) } catch {
            throw s.fail(SourceError(.transient, SourceCondition.fetchFailed, reason: HelmSourceReason.indexationFailed,
                                     message: "failed to load Helm repository from index YAML: \(error)"))
        }
        let revision = RepositoryIndex.revision(of: bytes)
        s.index = bytes
        s.revision = revision
        if let artifact = s.status.artifact, artifact.revision == revision {
            s.conditions.remove(SourceCondition.fetchFailed)
            s.conditions.remove(SourceCondition.artifactOutdated)
            s.conditions.remove(SourceCondition.storageOperationFailed)
            s.mark(SourceCondition.artifactInStorage, .true, reason: ConditionReason.succeeded,
                   message: "stored artifact for revision '\(revision)'")
            return .finished
        }
        s.conditions.remove(SourceCondition.fetchFailed)
        let change = "new index revision '\(revision)'"
        if s.status.artifact != nil {
            s.mark(SourceCondition.artifactOutdated, .true, reason: SourceReason.newRevision, message: change)
        }
        try await s.reportProgress("building artifact: \(change)")
        return .next
    }

    /// **store** — writes the index as fetched to `index-<digest>.yaml` atomically, points
    /// `index.yaml` (`status.url`) at it, and publishes `status.artifact`.
    ///
    /// - Stops with StorageOperationFailed=True/StorageOperationFailed when it cannot be written.
    /// - Otherwise ArtifactInStorage=True, StorageOperationFailed and ArtifactOutdated removed, a
    ///   NewArtifact event ("fetched index of size 30.88kB from '<url>'"); continues.
    func store(_ s: inout HelmRepositoryRun) async throws -> StepOutcome {
        guard let bytes = s.index, let revision = s.revision else { return .next }
        let path = s.storageDirectory + "/" + RepositoryIndex.artifactFileName(revision: revision)
        do {
            let temporary = try storage.temporaryPath(for: path)
            guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
                throw StorageError(message: "cannot write '\(path)'")
            }
            try storage.commit(temporaryPath: temporary, to: path)
            try storage.linkLatest(path, as: "index.yaml")
        } catch {
            throw s.fail(SourceError(.transient, SourceCondition.storageOperationFailed, reason: SourceReason.storageOperationFailed,
                                     message: "\(error)"))
        }
        s.status.artifact = Artifact(path: path, url: storage.url(forPath: path), revision: revision, digest: revision,
                                     lastUpdateTime: s.timestamp.rfc3339, size: Int64(bytes.count))
        s.status.url = storage.url(forPath: s.storageDirectory + "/index.yaml")
        s.conditions.remove(SourceCondition.storageOperationFailed)
        s.conditions.remove(SourceCondition.artifactOutdated)
        s.mark(SourceCondition.artifactInStorage, .true, reason: ConditionReason.succeeded,
               message: "stored artifact for revision '\(revision)'")
        s.events.append(EventDraft(.normal, reason: SourceReason.newArtifact,
                                   message: "fetched index of size \(HumanSize.decimal(bytes.count)) from '\(s.spec.url)'"))
        return .next
    }

    /// **collectGarbage** — removes old indexes beyond the retention policy, never the current
    /// one or `index.yaml`. A failure is a Warning event only.
    func collectGarbage(_ s: inout HelmRepositoryRun) async throws -> StepOutcome {
        s.collectGarbage(storage, keep: s.status.artifact?.path)
        return .next
    }
}

/// Sizes as Docker's `units.HumanSize` writes them (what Flux's events show): decimal units,
/// four significant digits, `30.88kB`.
enum HumanSize {
    static func decimal(_ bytes: Int) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return String(format: "%.4g", value) + units[unit]
    }
}
