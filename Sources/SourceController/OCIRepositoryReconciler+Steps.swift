import ControllerRuntime
import FerryAPI
import Foundation
import OCI

/// The steps of an OCIRepository reconcile, in order. Each documents the state transition it
/// makes; "stops" means the reconcile ends there with that outcome.
extension OCIRepositoryReconciler {
    /// **checkSpec** — reads the interval, timeout, URL, ref and layer selector (``OCIRepositorySettings``).
    ///
    /// - Stops stalled with FetchFailed=True/URLInvalid for a URL that is not `oci://HOST/REPOSITORY`.
    /// - Stops stalled with FetchFailed=True/InvalidSpec naming the field for a bad duration, digest,
    ///   semver range, filter, tag or operation, and for what Ferry does not support yet (cloud
    ///   providers, `verify`, `serviceAccountName`).
    func checkSpec(_ s: inout OCIRepositoryRun) async throws -> StepOutcome {
        do { s.settings = try OCIRepositorySettings(spec: s.spec) } catch {
            throw s.fail(error)
        }
        return .next
    }

    /// **checkStorage** — drops `status.artifact` when its file has vanished (it is then pulled
    /// again) and refreshes its address and `status.url`. Never stops.
    func checkStorage(_ s: inout OCIRepositoryRun) async throws -> StepOutcome {
        s.checkStorage(storage, alias: "latest.tar.gz")
        return .next
    }

    /// **resolve** — finds the digest the ref names now, without downloading the artifact: a
    /// digest ref is its own answer; a tag is asked with one HEAD of its manifest; a semver ref
    /// lists the tags first (filtered by `semverFilter`) and takes the highest in range.
    ///
    /// - Stops with FetchFailed=True/AuthenticationFailed when a Secret cannot be read or lacks
    ///   its keys, or the registry refuses the credentials.
    /// - Stops with FetchFailed=True/OCIArtifactPullFailed "failed to determine artifact digest:
    ///   …" when the registry cannot be reached or has no such tag, or "failed to determine the
    ///   artifact tag for '<url>': no match found for semver: <range>".
    /// - Stops **up to date** when the stored artifact has that revision and was built with the
    ///   same `ignore` and layer selector: FetchFailed, ArtifactOutdated and StorageOperationFailed
    ///   removed, ArtifactInStorage=True.
    /// - Otherwise ArtifactOutdated=True/NewRevision (when an artifact exists), progress
    ///   reported, continues.
    func resolve(_ s: inout OCIRepositoryRun) async throws -> StepOutcome {
        guard let settings = s.settings else { return .next }
        let options: OCIClient.Options
        do {
            options = try await OCIRepositoryCredentials.options(spec: s.spec, namespace: s.namespace, settings: settings, secrets: secrets)
        } catch {
            throw s.fail(error)
        }
        let client = OCIClient(registry: settings.registry, options: options)
        s.client = client
        let resolved: ResolvedOCIArtifact
        do throws(SourceError) {
            resolved = try await Self.resolve(settings, client: client, url: s.spec.url)
        } catch {
            throw s.fail(error)
        }
        s.resolved = resolved
        if let artifact = s.status.artifact, artifact.revision == resolved.revision, !s.contentConfigChanged {
            for type in [SourceCondition.fetchFailed, SourceCondition.artifactOutdated, SourceCondition.storageOperationFailed] {
                s.conditions.remove(type)
            }
            s.mark(SourceCondition.artifactInStorage, .true, reason: ConditionReason.succeeded, message: Self.readyMessage(artifact.revision))
            return .finished
        }
        let change = "new revision '\(resolved.revision)' for '\(s.spec.url)'"
        if s.status.artifact != nil {
            s.mark(SourceCondition.artifactOutdated, .true, reason: SourceReason.newRevision, message: change)
        }
        try await s.reportProgress("building artifact: \(change)")
        return .next
    }

    /// **pull** — downloads the manifest by the digest just resolved (so a tag moving meanwhile
    /// cannot mix two artifacts), picks the layer (the first of `layerSelector.mediaType`, else
    /// the first) and downloads it, verified against its digest and at most ``maxLayerSize`` bytes.
    ///
    /// - Stops with FetchFailed=True/OCIArtifactPullFailed "failed to pull artifact from '<url>': …"
    ///   (AuthenticationFailed when the registry refuses the credentials).
    /// - Stops with FetchFailed=True/OCIArtifactLayerOperationFailed when the artifact has no
    ///   layers, or none of the selected media type.
    func pull(_ s: inout OCIRepositoryRun) async throws -> StepOutcome {
        guard let settings = s.settings, let client = s.client, let resolved = s.resolved else { return .next }
        let where_ = "failed to pull artifact from '\(s.spec.url)'"
        let manifest: OCIManifest
        do { manifest = try await client.manifest(repository: settings.repository, reference: resolved.digest).manifest } catch {
            throw s.fail(Self.registryError(error, prefix: where_))
        }
        guard !manifest.layers.isEmpty else {
            throw s.fail(Self.layerError("no layers found in artifact"))
        }
        let selected = settings.mediaType.map { type in manifest.layers.first { $0.mediaType == type } } ?? manifest.layers.first
        guard let layer = selected else {
            throw s.fail(Self.layerError("failed to find layer with media type '\(settings.mediaType ?? "")' in artifact"))
        }
        do { s.layer = try await client.blob(repository: settings.repository, descriptor: layer, maxSize: maxLayerSize) } catch {
            throw s.fail(Self.registryError(error, prefix: where_))
        }
        s.manifest = manifest
        return .next
    }

    /// **build** — `extract`: unpacks the layer (``OCILayerExtraction``: hostile entries and
    /// bombs refused) and archives it again without what `.sourceignore` files and `spec.ignore`
    /// exclude; `copy`: takes the layer's bytes as they are. The file is written next to where it
    /// will be stored, not yet in place.
    ///
    /// - Stops with FetchFailed=True/OCIArtifactLayerOperationFailed "failed to extract layer
    ///   contents from artifact: …" naming the refused entry, or the size limit.
    /// - Stops with StorageOperationFailed=True/ArchiveOperationFailed when the archive cannot be written.
    func build(_ s: inout OCIRepositoryRun) async throws -> StepOutcome {
        guard let settings = s.settings, let layer = s.layer, let resolved = s.resolved else { return .next }
        let path = s.storageDirectory + "/" + Self.fileName(resolved.digest)
        let temporary: String
        do { temporary = try storage.temporaryPath(for: path) } catch {
            throw s.fail(Self.storageError("\(error)"))
        }
        guard settings.extracts else {
            guard FileManager.default.createFile(atPath: temporary, contents: Data(layer), attributes: [.posixPermissions: 0o600]) else {
                throw s.fail(Self.storageError("cannot write '\(path)'"))
            }
            s.built = (temporary, OCIClient.digest(layer), Int64(layer.count))
            return .next
        }
        let workDir = workDirectory + "/ferry-ocirepository-" + UUID().uuidString
        s.workDir = workDir
        let root = workDir + "/artifact"
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw s.fail(SourceError(.transient, SourceCondition.storageOperationFailed, reason: SourceReason.dirCreationFailed,
                                     message: "failed to create temporary working directory: \(error)"))
        }
        do throws(OCILayerExtraction.Failure) {
            try OCILayerExtraction.apply(try OCILayerExtraction.plan(layer), into: root)
        } catch {
            throw s.fail(Self.layerError("failed to extract layer contents from artifact: \(error)"))
        }
        do {
            let matcher = SourceIgnore.matcher(sourceIgnorePatterns: try SourceIgnore.loadPatterns(root: root), specIgnore: s.spec.ignore)
            let result = try Archiver.archive(directory: root, to: temporary, matcher: matcher)
            s.built = (temporary, result.digest, result.size)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw s.fail(SourceError(.transient, SourceCondition.storageOperationFailed, reason: SourceReason.archiveOperationFailed,
                                     message: "unable to archive artifact to storage: \(error)"))
        }
        return .next
    }

    /// **store** — moves the file into place as `<manifest digest hex>.tar.gz`, points
    /// `latest.tar.gz` (`status.url`) at it, and publishes `status.artifact` (its `metadata` the
    /// manifest's annotations: a Kustomization reports `org.opencontainers.image.revision` as its
    /// origin revision), `observedIgnore` and `observedLayerSelector`.
    ///
    /// - Stops with StorageOperationFailed=True/StorageOperationFailed when it cannot be stored.
    /// - Otherwise ArtifactInStorage=True, FetchFailed/ArtifactOutdated/StorageOperationFailed
    ///   removed, a NewArtifact event "stored artifact with revision '…' from '<url>'"; continues.
    func store(_ s: inout OCIRepositoryRun) async throws -> StepOutcome {
        guard let built = s.built, let resolved = s.resolved else { return .next }
        let path = s.storageDirectory + "/" + Self.fileName(resolved.digest)
        do {
            try storage.commit(temporaryPath: built.temporaryPath, to: path)
            s.built = nil
            try storage.linkLatest(path, as: "latest.tar.gz")
        } catch {
            throw s.fail(Self.storageError("\(error)"))
        }
        let annotations = s.manifest?.annotations ?? [:]
        s.status.artifact = Artifact(path: path, url: storage.url(forPath: path), revision: resolved.revision, digest: built.digest,
                                     lastUpdateTime: s.timestamp.rfc3339, size: built.size, metadata: annotations.isEmpty ? nil : annotations)
        s.status.url = storage.url(forPath: s.storageDirectory + "/latest.tar.gz")
        s.status.observedIgnore = s.spec.ignore
        s.status.observedLayerSelector = s.effectiveLayerSelector
        for type in [SourceCondition.fetchFailed, SourceCondition.artifactOutdated, SourceCondition.storageOperationFailed] {
            s.conditions.remove(type)
        }
        s.mark(SourceCondition.artifactInStorage, .true, reason: ConditionReason.succeeded, message: Self.readyMessage(resolved.revision))
        var message = "stored artifact with revision '\(resolved.revision)' from '\(s.spec.url)'"
        if let source = annotations[FluxArtifactFormat.Annotation.source], let revision = annotations[FluxArtifactFormat.Annotation.revision] {
            message += ", origin source '\(source)', origin revision '\(revision)'"
        }
        s.events.append(EventDraft(.normal, reason: SourceReason.newArtifact, message: message))
        return .next
    }

    /// **collectGarbage** — removes old artifacts beyond the retention policy, never the current
    /// one or `latest.tar.gz`. A failure is a Warning event only.
    func collectGarbage(_ s: inout OCIRepositoryRun) async throws -> StepOutcome {
        s.collectGarbage(storage, keep: s.status.artifact?.path)
        return .next
    }

    /// `<hex>.tar.gz` of a manifest digest (Flux names OCI artifacts by it).
    static func fileName(_ digest: String) -> String {
        String(digest.split(separator: ":", maxSplits: 1).last ?? Substring(digest)) + ".tar.gz"
    }

    static func layerError(_ message: String) -> SourceError {
        SourceError(.transient, SourceCondition.fetchFailed, reason: OCIRepositoryReason.layerOperationFailed, message: message)
    }

    static func storageError(_ message: String) -> SourceError {
        SourceError(.transient, SourceCondition.storageOperationFailed, reason: SourceReason.storageOperationFailed, message: message)
    }

    /// A registry failure as FetchFailed: AuthenticationFailed when credentials were refused,
    /// OCIArtifactPullFailed otherwise.
    static func registryError(_ error: OCIError, prefix: String) -> SourceError {
        SourceError(.transient, SourceCondition.fetchFailed,
                    reason: error.kind == .unauthorized ? SourceReason.authenticationFailed : OCIRepositoryReason.pullFailed,
                    message: "\(prefix): \(error.message)")
    }
}
