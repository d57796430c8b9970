import ControllerRuntime
import Crypto
import FerryAPI
import Foundation
import Manifests

/// The steps of an ArtifactGenerator reconcile, in order. Each documents the state transition it
/// makes; "stops" means the reconcile ends there with that outcome.
extension ArtifactGeneratorReconciler {
    /// How many ExternalArtifacts ``publish(_:)`` writes at once.
    static let publishConcurrency = 8

    /// **fetchSources** — reads every source's `status.artifact`.
    ///
    /// - Stops waiting (`--requeue-dependency`) with Ready=False/SourceFetchFailed "source
    ///   <Kind> '<ns>/<name>' not found" or "… has no artifact yet" (absent, or not in storage).
    /// - Stops with SourceFetchFailed (retried with backoff) when a source cannot be read.
    /// - Otherwise records the digest of every source's revision and digest (with the generation)
    ///   and continues.
    func fetchSources(_ s: inout ArtifactGeneratorRun) async throws -> StepOutcome {
        var fingerprint = "generation=\(s.generator.metadata.generation ?? 0)\n"
        for source in s.spec.sources {
            let namespace = source.namespace ?? s.namespace
            let what = "source \(source.kind) '\(namespace)/\(source.name)'"
            let artifact: Artifact?
            do { artifact = try await cluster.sourceArtifact(kind: source.kind, name: source.name, namespace: namespace) } catch is ArtifactGeneratorSourceMissing {
                throw ReconcileError.waiting(after: requeueDependency, reason: ArtifactGeneratorReason.sourceFetchFailed, "\(what) not found")
            } catch {
                throw ReconcileError.transient(reason: ArtifactGeneratorReason.sourceFetchFailed, "failed to get \(what): \(error)")
            }
            guard let artifact, storage.exists(artifact.path) else {
                throw ReconcileError.waiting(after: requeueDependency, reason: ArtifactGeneratorReason.sourceFetchFailed,
                                             "\(what) has no artifact yet")
            }
            s.sources[source.alias] = ResolvedSource(reference: source, namespace: namespace, artifact: artifact)
            fingerprint += "\(source.alias) \(source.kind) \(namespace)/\(source.name) \(artifact.revision) \(artifact.digest ?? "")\n"
        }
        s.sourcesDigest = "sha256:" + SHA256.hash(data: Data(fingerprint.utf8)).map { String(format: "%02x", $0) }.joined()
        return .next
    }

    /// **checkUpToDate** — finishes (Ready=True) without building when the sources and the spec
    /// are those of the last success and every ExternalArtifact of the inventory still exists
    /// with its artifact in storage; otherwise continues.
    func checkUpToDate(_ s: inout ArtifactGeneratorRun) async throws -> StepOutcome {
        guard let inventory = s.status.inventory, s.status.observedSourcesDigest == s.sourcesDigest,
              inventory.count == s.spec.artifacts.count else { return .next }
        let live = try await cluster.externalArtifacts(generator: s.name, namespace: s.namespace)
        for entry in inventory {
            let path = ArtifactStorage.artifactPath(kind: ExternalArtifact.kind, namespace: entry.namespace, name: entry.name,
                                                    fileName: entry.filename)
            guard entry.namespace == s.namespace, storage.exists(path),
                  live[entry.name]?.status?.artifact?.digest == entry.digest else { return .next }
        }
        return .finished
    }

    /// **build** — extracts the sources and stages every artifact (``ArtifactGeneratorBuild``),
    /// archives it reproducibly and stores it as `externalartifact/<ns>/<name>/<digest>.tar.gz`.
    /// Its revision is `latest@<digest>`, or the source's revision with `revision: @alias`;
    /// `originRevision: @alias` puts that source's origin revision in its metadata.
    ///
    /// - Stops with Ready=False/BuildFailed naming the artifact and the copy operation when a
    ///   copy fails (retried with backoff; a new source artifact wakes it at once).
    /// - Stops with StorageOperationFailed when a source cannot be extracted or the archive
    ///   cannot be stored.
    func build(_ s: inout ArtifactGeneratorRun) async throws -> StepOutcome {
        let work = workDirectory + "/artifactgenerator-\(s.namespace)-\(s.name)-" + UUID().uuidString.prefix(8).lowercased()
        s.workDir = work
        var roots: [String: String] = [:]
        for (alias, source) in s.sources {
            do {
                try FileManager.default.createDirectory(atPath: work + "/sources", withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
                let mapping = IncludeMapping(GitRepositoryInclude(repository: LocalObjectReference(name: alias)))
                try storage.copy(artifact: source.artifact, mapping: mapping, into: work + "/sources")
            } catch {
                throw ReconcileError.transient(reason: SourceReason.storageOperationFailed,
                                               "failed to extract the artifact of source '\(alias)': \(error)")
            }
            roots[alias] = work + "/sources/" + alias
        }
        let builder = ArtifactGeneratorBuild(sources: roots)
        for output in s.spec.artifacts {
            let staging = work + "/artifacts/" + output.name
            do {
                try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            } catch {
                throw ReconcileError.transient(reason: SourceReason.storageOperationFailed, "cannot create '\(staging)': \(error)")
            }
            do throws(ArtifactGeneratorBuild.Failure) { try builder.stage(output, into: staging) } catch {
                throw ReconcileError.transient(reason: ArtifactGeneratorReason.buildFailed, "\(output.name) build failed: \(error.description)")
            }
            s.built.append(GeneratedArtifact(name: output.name, artifact: try store(staging, output: output, run: s)))
        }
        return .next
    }

    /// Archives `staging` into storage under its digest (kept as is when that file exists).
    private func store(_ staging: String, output: OutputArtifact, run s: ArtifactGeneratorRun) throws(ReconcileError) -> Artifact {
        let directory = ArtifactStorage.directory(kind: ExternalArtifact.kind, namespace: s.namespace, name: output.name)
        let archived: Archiver.Result
        let path: String
        do {
            let temporary = try storage.temporaryPath(for: directory + "/latest.tar.gz")
            archived = try Archiver.archive(directory: staging, to: temporary, matcher: IgnoreMatcher(patterns: []))
            path = directory + "/" + archived.digest.replacingOccurrences(of: "sha256:", with: "") + ".tar.gz"
            if storage.exists(path) {
                try? FileManager.default.removeItem(atPath: temporary)
            } else {
                try storage.commit(temporaryPath: temporary, to: path)
            }
        } catch {
            throw ReconcileError.transient(reason: SourceReason.storageOperationFailed, "\(output.name): cannot store the artifact: \(error)")
        }
        let revision = output.revision.flatMap { s.sources[String($0.dropFirst())]?.artifact.revision } ?? "latest@" + archived.digest
        let origin = output.originRevision.flatMap { s.sources[String($0.dropFirst())]?.originRevision }
        return Artifact(path: path, url: storage.url(forPath: path), revision: revision, digest: archived.digest,
                        lastUpdateTime: s.timestamp.rfc3339, size: archived.size,
                        metadata: origin.map { [Self.originRevisionKey: $0] })
    }

    /// **publish** — writes each ExternalArtifact (labelled with the generator, owned by it,
    /// `spec.sourceRef` naming it) and its `status.artifact` with Ready=True — only when the
    /// artifact (revision, digest, address) differs from what it already has, so an unchanged
    /// one is not touched and nothing consuming it is woken. As in source-watcher, which skips
    /// an artifact whose digest is in its inventory, an unchanged artifact keeps the origin
    /// revision it was built at: the commit that last changed its content. Records the inventory.
    ///
    /// - Stops with ReconciliationFailed (retried with backoff) when one cannot be written.
    func publish(_ s: inout ArtifactGeneratorRun) async throws -> StepOutcome {
        let live = try await cluster.externalArtifacts(generator: s.name, namespace: s.namespace)
        var writes: [(name: String, revision: String, object: JSONValue, status: JSONValue)] = []
        for generated in s.built {
            let existing = live[generated.name]
            if let current = existing?.status?.artifact, current.digest == generated.artifact.digest,
               current.revision == generated.artifact.revision, current.url == generated.artifact.url,
               existing?.spec.sourceRef?.name == s.name {
                continue
            }
            writes.append((generated.name, generated.artifact.revision, ExternalArtifactObject.object(generated, run: s),
                           ExternalArtifactObject.status(generated, existing: existing, run: s)))
        }
        // A monorepo's first build writes hundreds of them: a few writes in flight at once.
        let cluster = self.cluster
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, write) in writes.enumerated() {
                if index >= Self.publishConcurrency { try await group.next() }
                group.addTask {
                    do { try await cluster.applyExternalArtifact(write.object, status: write.status) } catch {
                        throw ReconcileError.transient(reason: ArtifactGeneratorReason.reconciliationFailed,
                                                       "\(write.name) reconcile failed: \(error)")
                    }
                }
            }
            try await group.waitForAll()
        }
        let changed = writes.map { "ExternalArtifact/\(s.namespace)/\($0.name) reconciled with revision \($0.revision)" }
        s.previousInventory = s.status.inventory ?? []
        s.status.inventory = s.built.map { $0.reference(namespace: s.namespace) }
        s.status.observedSourcesDigest = s.sourcesDigest
        if !changed.isEmpty {
            s.events.append(EventDraft(.normal, reason: ArtifactGeneratorReason.succeeded, message: changed.joined(separator: "\n")))
        }
        return .next
    }

    /// **collectGarbage** — deletes the ExternalArtifacts (and their files) of the last inventory
    /// that the spec no longer lists, and old archives of the current ones beyond the retention
    /// policy. A failure is a Warning event only.
    func collectGarbage(_ s: inout ArtifactGeneratorRun) async throws -> StepOutcome {
        let current = Set(s.built.map(\.name))
        for orphan in s.previousInventory where !current.contains(orphan.name) || orphan.namespace != s.namespace {
            do { try await removeExternalArtifact(name: orphan.name, namespace: orphan.namespace) } catch {
                s.events.append(EventDraft(.warning, reason: SourceReason.garbageCollectionFailed,
                                           message: "garbage collection of ExternalArtifact '\(orphan.namespace)/\(orphan.name)' failed: \(error)"))
            }
        }
        for generated in s.built {
            let directory = ArtifactStorage.directory(kind: ExternalArtifact.kind, namespace: s.namespace, name: generated.name)
            do { _ = try storage.garbageCollect(directory: directory, keep: generated.artifact.path, now: s.now) } catch {
                s.events.append(EventDraft(.warning, reason: SourceReason.garbageCollectionFailed,
                                           message: "garbage collection of artifacts of '\(generated.name)' failed: \(error)"))
            }
        }
        return .next
    }
}
