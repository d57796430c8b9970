import ControllerRuntime
import FerryAPI
import Foundation

/// The steps of a HelmChart reconcile, in order. Each documents the state transition it makes;
/// "stops" means the reconcile ends there with that outcome.
extension HelmChartReconciler {
    /// **checkSpec** — reads the interval, strategy, source kind (``HelmChartSettings``).
    ///
    /// - Stops stalled with FetchFailed=True/InvalidSpec naming the field: a bad interval or
    ///   strategy, an unknown source kind, or what Ferry does not support yet (`Bucket` sources,
    ///   `spec.verify`).
    func checkSpec(_ s: inout HelmChartRun) async throws -> StepOutcome {
        do { s.settings = try HelmChartSettings(spec: s.spec) } catch {
            throw s.fail(error)
        }
        return .next
    }

    /// **checkStorage** — drops `status.artifact` when its file has vanished (the chart is then
    /// built again) and refreshes its address and `status.url`. Never stops.
    func checkStorage(_ s: inout HelmChartRun) async throws -> StepOutcome {
        s.checkStorage(storage, alias: "latest.tar.gz")
        return .next
    }

    /// **checkSource** — finds the source and its current artifact.
    ///
    /// - Stops waiting (`--requeue-dependency`) with FetchFailed=True/SourceUnavailable "failed to
    ///   get source: …" when the source cannot be read (it does not exist yet).
    /// - For a HelmRepository of `type: oci` (no artifact: charts are pulled by **pullOCI**)
    ///   removes a SourceUnavailable FetchFailed and continues.
    /// - Stops waiting with NoSourceArtifact "no artifact available for <Kind> source '<name>'"
    ///   while the source has no artifact in storage.
    /// - Otherwise removes a SourceUnavailable FetchFailed and continues.
    func checkSource(_ s: inout HelmChartRun) async throws -> StepOutcome {
        let ref = s.spec.sourceRef
        let artifact: Artifact?
        switch ref.kind {
        case HelmRepository.kind:
            let repository: HelmRepository
            do { repository = try await sources.helmRepository(name: ref.name, namespace: s.namespace) } catch {
                throw s.fail(sourceUnavailable(error))
            }
            if repository.spec.isOCI { s.ociRepository = repository }
            artifact = repository.spec.isOCI ? nil : repository.status?.artifact
            if let artifact, storage.exists(artifact.path) { s.source = .helmRepository(repository, index: artifact) }
        default:
            do { artifact = try await sources.gitRepositoryArtifact(name: ref.name, namespace: s.namespace) } catch {
                throw s.fail(sourceUnavailable(error))
            }
            if let artifact, storage.exists(artifact.path) { s.source = .gitRepository(name: ref.name, artifact: artifact) }
        }
        if s.conditions[SourceCondition.fetchFailed]?.reason == HelmSourceReason.sourceUnavailable {
            s.conditions.remove(SourceCondition.fetchFailed)
        }
        guard s.source != nil || s.ociRepository != nil else {
            throw ReconcileError.waiting(after: requeueDependency, reason: HelmSourceReason.noSourceArtifact,
                                         "no artifact available for \(ref.kind) source '\(ref.name)'")
        }
        return .next
    }

    private func sourceUnavailable(_ error: any Error) -> SourceError {
        SourceError(.waiting(after: requeueDependency), SourceCondition.fetchFailed, reason: HelmSourceReason.sourceUnavailable,
                    message: "failed to get source: \(error)")
    }

    /// **build** — produces the chart (``HelmChartBuild``): from a HelmRepository, the version
    /// the range picks from the stored index, downloaded; from a GitRepository, the chart at
    /// `spec.chart` of the artifact. Values files are merged in and the chart packaged when
    /// the spec asks; build metadata marks the version (`+<generation>`, `+<revision>`).
    ///
    /// - Stops stalled with FetchFailed=True/InvalidChartReference when the chart or a version
    ///   in range is not in the index ("invalid chart reference: …").
    /// - Stops with FetchFailed=True/ChartPullFailed when the download fails.
    /// - Stops with BuildFailed=True/ChartPackageFailed when the chart cannot be loaded, a
    ///   values file is missing (unless `ignoreMissingValuesFiles`) or packaging fails.
    /// - Stops **up to date** when the stored chart already is that name and version and the
    ///   spec did not change: FetchFailed/BuildFailed/ArtifactOutdated removed,
    ///   `observedSourceArtifactRevision` updated.
    /// - Otherwise ArtifactOutdated=True/NewChart (when an artifact exists), progress reported,
    ///   continues with the chart to store.
    func build(_ s: inout HelmChartRun) async throws -> StepOutcome {
        guard let source = s.source else { return .next }
        // The chart depends only on the spec and the source's artifact: when neither changed
        // since the stored chart was built, nothing is read, extracted or parsed.
        if let current = s.status.artifact, !s.specChanged, s.status.observedSourceArtifactRevision == source.artifact.revision {
            for type in [SourceCondition.fetchFailed, SourceCondition.buildFailed, SourceCondition.artifactOutdated] {
                s.conditions.remove(type)
            }
            let summary = BuiltChart.summary(packaged: s.requiresPackaging, name: s.status.observedChartName ?? s.spec.chart,
                                             version: current.revision)
            s.mark(SourceCondition.artifactInStorage, .true, reason: summary.reason, message: summary.message)
            return .finished
        }
        let plan: HelmChartBuild.Target
        do throws(SourceError) {
            plan = try await HelmChartBuild(reconciler: self).target(for: &s, source: source)
        } catch {
            throw s.fail(error)
        }
        if let current = s.status.artifact, current.revision == plan.version, s.status.observedChartName == plan.name,
           !s.specChanged {
            s.status.observedSourceArtifactRevision = source.artifact.revision
            for type in [SourceCondition.fetchFailed, SourceCondition.buildFailed, SourceCondition.artifactOutdated] {
                s.conditions.remove(type)
            }
            let summary = BuiltChart.summary(packaged: s.requiresPackaging, name: plan.name, version: plan.version)
            s.mark(SourceCondition.artifactInStorage, .true, reason: summary.reason, message: summary.message)
            return .finished
        }
        let change = "new chart '\(plan.name)' version '\(plan.version)'"
        if s.status.artifact != nil {
            s.mark(SourceCondition.artifactOutdated, .true, reason: HelmSourceReason.newChart, message: change)
        }
        try await s.reportProgress("building artifact: \(change)")
        do throws(SourceError) {
            s.built = try await HelmChartBuild(reconciler: self).build(plan, run: &s, source: source)
        } catch {
            throw s.fail(error)
        }
        s.conditions.remove(SourceCondition.fetchFailed)
        s.conditions.remove(SourceCondition.buildFailed)
        return .next
    }

    /// **store** — writes `<name>-<version>.tgz` atomically, points `latest.tar.gz`
    /// (`status.url`) at it, and publishes `status.artifact` with the observed chart name, source
    /// revision and values files.
    ///
    /// - Stops with StorageOperationFailed=True/StorageOperationFailed when it cannot be written.
    /// - Otherwise ArtifactInStorage=True, ArtifactOutdated removed, a ChartPullSucceeded or
    ///   ChartPackageSucceeded event; continues.
    func store(_ s: inout HelmChartRun) async throws -> StepOutcome {
        guard let built = s.built else { return .next }
        let path = s.storageDirectory + "/\(built.name)-\(built.version).tgz"
        let digest: String
        do {
            let temporary = try storage.temporaryPath(for: path)
            guard FileManager.default.createFile(atPath: temporary, contents: Data(built.archive), attributes: [.posixPermissions: 0o600]) else {
                throw StorageError(message: "cannot write '\(path)'")
            }
            digest = try Archiver.digest(ofFile: temporary)
            try storage.commit(temporaryPath: temporary, to: path)
            try storage.linkLatest(path, as: "latest.tar.gz")
        } catch {
            throw s.fail(SourceError(.transient, SourceCondition.storageOperationFailed, reason: SourceReason.storageOperationFailed,
                                     message: "\(error)"))
        }
        s.status.artifact = Artifact(path: path, url: storage.url(forPath: path), revision: built.version, digest: digest,
                                     lastUpdateTime: s.timestamp.rfc3339, size: Int64(built.archive.count))
        s.status.url = storage.url(forPath: s.storageDirectory + "/latest.tar.gz")
        s.status.observedChartName = built.name
        s.status.observedSourceArtifactRevision = s.source?.artifact.revision
        s.status.observedValuesFiles = built.valuesFiles.isEmpty ? nil : built.valuesFiles
        s.conditions.remove(SourceCondition.storageOperationFailed)
        s.conditions.remove(SourceCondition.artifactOutdated)
        let summary = built.summary
        s.mark(SourceCondition.artifactInStorage, .true, reason: summary.reason, message: summary.message)
        s.events.append(EventDraft(.normal, reason: summary.reason, message: summary.message))
        return .next
    }

    /// **collectGarbage** — removes old charts beyond the retention policy, never the current
    /// one or `latest.tar.gz`. A failure is a Warning event only.
    func collectGarbage(_ s: inout HelmChartRun) async throws -> StepOutcome {
        s.collectGarbage(storage, keep: s.status.artifact?.path)
        return .next
    }
}
