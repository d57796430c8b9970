import ControllerRuntime
import FerryAPI
import Foundation
import OCI

/// The steps of an ImageRepository reconcile, in order. Each documents the state transition it
/// makes; "stops" means the reconcile ends there with that outcome.
extension ImageRepositoryReconciler {
    /// **checkSpec** — reads the interval, timeout, image and exclusion list (``ImageRepositorySettings``).
    ///
    /// - Stops stalled with ImageURLInvalid when `spec.image` has a scheme, tag or digest or is no
    ///   repository name.
    /// - Stops stalled with InvalidSpec for a bad duration, an exclusion pattern that does not
    ///   compile, or a field Ferry does not support.
    func checkSpec(_ s: inout ImageRepositoryRun) async throws -> StepOutcome {
        s.settings = try ImageRepositorySettings(spec: s.spec)
        return .next
    }

    /// **decideScan** — whether the registry is scanned now (Flux's `shouldScan`): when never
    /// scanned, on a new `reconcile.fluxcd.io/requestedAt`, a new image name, a changed exclusion
    /// list, when the store has no tags for it, or once the interval has passed since the last
    /// scan. Ferry also scans on a new generation and after a failed turn (Ready not True), so a
    /// corrected Secret or spec is tried at once.
    ///
    /// - Stops **up to date** when none holds: `canonicalImageName` and `observedExclusionList`
    ///   refreshed, back when the rest of the interval has passed.
    /// - Otherwise reports progress "scanning: <why>" and continues.
    func decideScan(_ s: inout ImageRepositoryRun) async throws -> StepOutcome {
        guard let settings = s.settings else { return .next }
        let canonical = settings.image.description
        let stored = try? store.read(namespace: s.namespace, name: s.name)
        let requested = s.repository.metadata.annotations?[Self.requestedAtAnnotation]
        let elapsed = s.status.lastScanResult.flatMap { Timestamp(rfc3339: $0.scanTime) }
            .map { Duration.seconds(s.now.timeIntervalSince1970 - $0.secondsSince1970) }
        let reason = Self.scanReason(s, settings: settings, stored: stored, requested: requested, elapsed: elapsed)
        guard let reason else {
            s.nextScan = settings.interval - (elapsed ?? .zero)
            s.status.canonicalImageName = canonical
            s.status.observedExclusionList = settings.exclusionList
            return .finished
        }
        s.scanReason = reason
        try await s.reportProgress("scanning: \(reason)")
        return .next
    }

    /// **configureAuth** — the client options from `secretRef`, `certSecretRef` and `insecure`
    /// (``ImageRepositoryCredentials``).
    ///
    /// - Stops with Ready=False/AuthenticationFailed "failed to configure authentication options:
    ///   …" when a Secret is missing or lacks a key (retried with backoff).
    func configureAuth(_ s: inout ImageRepositoryRun) async throws -> StepOutcome {
        guard let settings = s.settings else { return .next }
        do {
            s.options = try await ImageRepositoryCredentials.options(spec: s.spec, namespace: s.namespace, registry: settings.image.registry,
                                                                     timeout: settings.timeout, secrets: secrets)
        } catch {
            throw ReconcileError.transient(reason: ImageReason.authenticationFailed,
                                           "failed to configure authentication options: \(error)")
        }
        return .next
    }

    /// **scan** — lists every tag of the repository (following the registry's pages), drops the
    /// excluded ones, stores the rest (``TagStore``) and sets `lastScanResult` (count, revision,
    /// scan time, the ten first tags in descending order), `canonicalImageName` and
    /// `observedExclusionList`. A Normal event with Ready's message when the tags changed.
    ///
    /// - Stops with Ready=False/AuthenticationFailed "scan failed: …" when the registry refuses
    ///   the credentials (or wants some), ReadOperationFailed "scan failed: …" when it cannot be
    ///   reached, has no such repository or the tags cannot be stored; retried with backoff, the
    ///   last scan result kept.
    func scan(_ s: inout ImageRepositoryRun) async throws -> StepOutcome {
        guard let settings = s.settings, let options = s.options else { return .next }
        let client = OCIClient(registry: settings.image.registry, options: options)
        let tags: [String]
        do { tags = try await client.tags(repository: settings.image.repository) } catch {
            let reason = error.kind == .unauthorized ? ImageReason.authenticationFailed : ImageReason.readOperationFailed
            throw ReconcileError.transient(reason: reason, "scan failed: \(error.message)")
        }
        let record = TagStore.Record(image: settings.image.description, tags: settings.included(tags))
        do { try store.write(record, namespace: s.namespace, name: s.name) } catch {
            throw ReconcileError.transient(reason: ImageReason.readOperationFailed, "scan failed: \(error)")
        }
        let previous = s.status.lastScanResult?.revision
        let latest = Array(record.tags.prefix(ImageRepository.latestTagsCount))
        s.status.lastScanResult = ImageScanResult(revision: record.revision, tagCount: record.tags.count, scanTime: s.timestamp.rfc3339,
                                                  latestTags: latest.isEmpty ? nil : latest)
        s.status.canonicalImageName = record.image
        s.status.observedExclusionList = settings.exclusionList
        s.nextScan = settings.interval
        if previous != record.revision {
            s.events.append(EventDraft(.normal, reason: ConditionReason.succeeded, message: s.readyMessage))
        }
        return .next
    }

    /// Why a scan is due, in Flux's words (Ferry's own for the last two but one), or nil.
    static func scanReason(_ s: ImageRepositoryRun, settings: ImageRepositorySettings, stored: TagStore.Record?, requested: String?,
                           elapsed: Duration?) -> String? {
        let observed = s.status.observedExclusionList ?? []
        if s.status.lastScanResult == nil { return "first scan" }
        if let requested, requested != s.status.lastHandledReconcileAt { return "reconcile requested" }
        if s.status.canonicalImageName != settings.image.description { return "new image name" }
        if observed.count != settings.exclusionList.count || Set(observed) != Set(settings.exclusionList) { return "updated exclusion list" }
        guard let stored, stored.image == settings.image.description, !stored.tags.isEmpty else { return "no tags in database" }
        if s.generation != s.status.observedGeneration { return "new generation" }
        if !s.conditions.isTrue(ConditionType.ready) { return "retrying after failure" }
        guard let elapsed, settings.interval - elapsed >= .seconds(1) else { return "triggered by interval" }
        return nil
    }

    static let requestedAtAnnotation = "reconcile.fluxcd.io/requestedAt"
}
