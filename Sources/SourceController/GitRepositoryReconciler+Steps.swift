import ControllerRuntime
import FerryAPI
import Foundation

/// The steps of a GitRepository reconcile, in order. Each documents the state transition it makes;
/// "stops" means the reconcile ends there with that outcome (and `summarize` sets Ready).
extension GitRepositoryReconciler {
    /// **checkSpec** — reads the spec's numbers and ranges (``GitRepositorySettings``): the
    /// interval (floored at 1 s), the timeout, the semver range.
    ///
    /// - Stops with Stalled, FetchFailed=True/InvalidSpec naming the field when one is out of range
    ///   or cannot be parsed (`invalid spec.interval '9999999999999999h': larger than …`).
    func checkSpec(_ s: inout GitReconcileState) async throws -> StepOutcome {
        do {
            let settings = try GitRepositorySettings(spec: s.spec)
            s.interval = settings.interval
            s.timeout = settings.timeout
        } catch {
            throw s.fail(error)
        }
        return .next
    }

    /// **checkStorage** — drops `status.artifact` when its file has vanished from storage (so the
    /// object is rebuilt and ArtifactInStorage is removed) and refreshes its URL to the advertised
    /// address. Never stops.
    func checkStorage(_ s: inout GitReconcileState) async throws -> StepOutcome {
        if var artifact = s.status.artifact {
            if storage.exists(artifact.path) {
                artifact.url = storage.url(forPath: artifact.path)
                s.status.artifact = artifact
            } else {
                s.status.artifact = nil
                s.conditions.remove(SourceCondition.artifactInStorage)
            }
        }
        // A failed verification is re-evaluated every time; a successful one stays until re-verified.
        if s.conditions.isFalse(SourceCondition.sourceVerified) { s.conditions.remove(SourceCondition.sourceVerified) }
        return .next
    }

    /// **checkRef** — reads the credentials, the included artifacts and the remote's refs (one
    /// `git ls-remote`), and decides whether anything changed.
    ///
    /// - Stops with Stalled, FetchFailed=True/URLInvalid when the URL cannot be used.
    /// - Stops with FetchFailed=True/AuthenticationFailed when a Secret is missing or does not fit,
    ///   or a GitHub App installation token cannot be had (`provider: github`).
    /// - Stops with FetchFailed=True/InvalidProviderConfiguration (``GitProvider``): stalled for
    ///   `aws`/`azure` (not supported by Ferry), `github` without a secretRef, or a
    ///   `serviceAccountName` with a provider that does not use one; retried for `github` with a
    ///   Secret lacking GitHub App data, or GitHub App data with another provider.
    /// - Stops waiting with IncludeUnavailable=True/NotFound|NoArtifact when an include is not ready.
    /// - Stops with FetchFailed=True/GitOperationFailed (AuthenticationFailed for credentials or an
    ///   unknown host key) when the remote cannot be listed or the ref does not exist.
    /// - Stops **up to date** when the stored artifact has the remote's revision and the content
    ///   configuration is unchanged: FetchFailed, StorageOperationFailed and ArtifactOutdated removed,
    ///   ArtifactInStorage=True, nothing fetched.
    /// - Otherwise marks ArtifactOutdated=True/NewRevision (when an artifact exists), reports
    ///   Reconciling=True/Progressing and Ready=Unknown at once (the runtime writes the progress), and continues.
    func checkRef(_ s: inout GitReconcileState) async throws -> StepOutcome {
        do {
            s.url = try GitURL(s.spec.url, allowFile: driver.allowFileProtocol)
        } catch {
            throw s.fail(.fetch(error, prefix: "invalid url"))
        }
        guard let url = s.url else { return .next }
        var secret: [String: [UInt8]]?
        if let ref = s.spec.secretRef {
            do { secret = try await secrets.secretData(namespace: s.namespace, name: ref.name) } catch {
                throw s.fail(SourceError(.transient, SourceCondition.fetchFailed, reason: SourceReason.authenticationFailed,
                                            message: "failed to get secret '\(s.namespace)/\(ref.name)': \(error)"))
            }
        }
        var proxySecret: [String: [UInt8]]?
        if let ref = s.spec.proxySecretRef {
            do { proxySecret = try await secrets.secretData(namespace: s.namespace, name: ref.name) } catch {
                throw s.fail(SourceError(.transient, SourceCondition.fetchFailed, reason: SourceReason.authenticationFailed,
                                            message: "failed to configure proxy options: failed to get secret '\(s.namespace)/\(ref.name)': \(error)"))
            }
        }
        do {
            s.auth = try await GitProvider.auth(provider: s.spec.provider, serviceAccountName: s.spec.serviceAccountName, url: url,
                                                namespace: s.namespace, secretName: s.spec.secretRef?.name, secret: secret,
                                                proxySecret: proxySecret, tokens: gitHubApps, timeout: s.timeout)
        } catch {
            throw s.fail(error)
        }
        for include in s.spec.include ?? [] {
            let name = include.repository.name
            let artifact: Artifact?
            do { artifact = try await includes.artifact(ofGitRepository: name, namespace: s.namespace) } catch {
                throw s.fail(SourceError(.waiting(after: requeueDependency), SourceCondition.includeUnavailable, reason: SourceReason.notFound,
                                            message: "could not get resource for include '\(name)': \(error)"))
            }
            guard let artifact else {
                throw s.fail(SourceError(.waiting(after: requeueDependency), SourceCondition.includeUnavailable, reason: SourceReason.noArtifact,
                                            message: "no artifact available for include '\(name)'"))
            }
            s.includedArtifacts.append(artifact)
        }
        s.conditions.remove(SourceCondition.includeUnavailable)

        let reference = GitReference(s.spec.ref)
        let resolved: ResolvedRef
        do {
            resolved = try await driver.resolve(url: url, auth: s.auth, reference: reference, timeout: s.timeout)
        } catch {
            throw s.fail(.fetch(error, prefix: "failed to checkout and determine revision"))
        }
        s.resolved = resolved
        if Self.artifactMatches(s.status.artifact, resolved),
           !Self.contentConfigChanged(spec: s.spec, status: s.status, includes: s.includedArtifacts) {
            // Failures about a revision that is no longer wanted (the branch moved back) are gone too.
            s.conditions.remove(SourceCondition.fetchFailed)
            s.conditions.remove(SourceCondition.storageOperationFailed)
            s.conditions.remove(SourceCondition.artifactOutdated)
            s.mark(SourceCondition.artifactInStorage, .true, reason: ConditionReason.succeeded,
                   message: "stored artifact for revision '\(s.status.artifact?.revision ?? "")'")
            return .finished
        }
        let change = Self.artifactMatches(s.status.artifact, resolved)
            ? "content configuration changed" : "new upstream revision '\(resolved.revision)'"
        if s.status.artifact != nil {
            s.mark(SourceCondition.artifactOutdated, .true, reason: SourceReason.newRevision, message: change)
        }
        try await s.reportProgress("building artifact: \(change)")
        return .next
    }

    /// **fetch** — checks the resolved ref out into a fresh working directory (shallow where the ref
    /// allows), with submodules and sparse checkout as the spec asks.
    ///
    /// - Stops with FetchFailed=True/GitOperationFailed (AuthenticationFailed for credentials) on any
    ///   git failure, including a sparse-checkout directory that does not exist.
    /// - Otherwise removes FetchFailed and continues.
    func fetch(_ s: inout GitReconcileState) async throws -> StepOutcome {
        guard let url = s.url, let resolved = s.resolved else { return .next }
        let dir = workDirectory + "/gitrepository-\(s.namespace)-\(s.name)-" + UUID().uuidString.prefix(8).lowercased()
        s.workDir = dir
        let options = GitDriver.CheckoutOptions(recurseSubmodules: s.spec.recurseSubmodules ?? false,
                                                sparseCheckout: s.spec.sparseCheckout ?? [])
        do {
            s.checkout = try await driver.checkout(url: url, auth: s.auth, ref: resolved, into: dir, options: options, timeout: s.timeout)
        } catch {
            throw s.fail(.fetch(error, prefix: "failed to checkout and determine revision"))
        }
        s.conditions.remove(SourceCondition.fetchFailed)
        return .next
    }

    /// **verify** — when `spec.verify` is set, checks the signatures its mode asks for against the
    /// keys of its Secret; an unverified revision is never archived.
    ///
    /// - No `spec.verify`: removes SourceVerified and `sourceVerificationMode`; continues.
    /// - Stops stalled with SourceVerified=False/InvalidVerificationMode for an unknown mode, or a
    ///   Tag mode on a ref that is not a tag.
    /// - Stops with SourceVerified=False/VerificationError when the Secret cannot be read or has no keys,
    ///   InvalidGitObject for a lightweight (unsigned) tag, InvalidTagSignature / InvalidCommitSignature
    ///   when a signature is missing or not by a trusted key.
    /// - Otherwise SourceVerified=True/Succeeded naming the keys, records the mode, continues.
    func verify(_ s: inout GitReconcileState) async throws -> StepOutcome {
        guard let verification = s.spec.verify else {
            s.status.sourceVerificationMode = nil
            s.conditions.remove(SourceCondition.sourceVerified)
            return .next
        }
        guard let checkout = s.checkout, let dir = s.workDir else { return .next }
        guard let mode = GitVerificationMode(specValue: verification.mode) else {
            throw s.fail(SourceError(.stalled, SourceCondition.sourceVerified, reason: SourceReason.invalidVerificationMode,
                                        message: "invalid verification mode '\(verification.mode ?? "")'"))
        }
        var objects: [SignatureVerifier.Object] = []
        if mode.verifiesTag {
            guard let tag = checkout.resolved.tagName else {
                throw s.fail(SourceError(.stalled, SourceCondition.sourceVerified, reason: SourceReason.invalidVerificationMode,
                                            message: "cannot verify tag object's signature if a tag reference is not specified"))
            }
            guard checkout.resolved.tagObject != nil else {
                throw s.fail(SourceError(.transient, SourceCondition.sourceVerified, reason: SourceReason.invalidGitObject,
                                            message: "cannot verify signature of tag '\(tag)' since it is not signed"))
            }
            objects.append(.tag(tag))
        }
        if mode.verifiesHEAD { objects.append(.commit(checkout.commit)) }
        let keys: SignatureVerifier.Keys
        do {
            keys = SignatureVerifier.Keys(secret: try await secrets.secretData(namespace: s.namespace, name: verification.secretRef.name))
        } catch {
            throw s.fail(SourceError(.transient, SourceCondition.sourceVerified, reason: SourceReason.verificationError,
                                        message: "PGP public keys secret error: failed to get secret '\(s.namespace)/\(verification.secretRef.name)': \(error)"))
        }
        let signers: [String]
        do {
            signers = try await verifier.verify(objects, repository: dir, keys: keys)
        } catch {
            let reason: String
            switch error.kind {
            case .noKeys, .failed: reason = SourceReason.verificationError
            case .unsigned, .badSignature:
                reason = error.message.hasPrefix("tag ") ? SourceReason.invalidTagSignature : SourceReason.invalidCommitSignature
            }
            throw s.fail(SourceError(.transient, SourceCondition.sourceVerified, reason: reason,
                                        message: "signature verification failed: \(error.message)"))
        }
        let lines = zip(objects, signers).map { "\t- \($0) with key '\($1)'" }
        s.status.sourceVerificationMode = mode.rawValue
        s.mark(SourceCondition.sourceVerified, .true, reason: ConditionReason.succeeded,
               message: "verified signature of\n" + lines.joined(separator: "\n"))
        return .next
    }

    /// **include** — copies each included artifact (its `fromPath`) to its `toPath` in the working tree.
    ///
    /// - Stops with StorageOperationFailed=True/IllegalPath, naming the include and the path, when
    ///   `toPath` runs through a symlink (or a file) of the checkout, or `fromPath` through a
    ///   symlink of the included artifact: nothing outside the working tree is removed or written.
    /// - Stops with StorageOperationFailed=True/CopyFailure when an artifact cannot be unpacked.
    func include(_ s: inout GitReconcileState) async throws -> StepOutcome {
        guard let dir = s.workDir else { return .next }
        for (include, artifact) in zip(s.spec.include ?? [], s.includedArtifacts) {
            let mapping = IncludeMapping(include)
            do {
                try storage.copy(artifact: artifact, mapping: mapping, into: dir)
            } catch let violation as SafePath.Violation {
                throw s.fail(SourceError(.transient, SourceCondition.storageOperationFailed, reason: SourceReason.illegalPath,
                                            message: "failed to copy '\(include.repository.name)' include from '\(include.fromPath ?? "")' to '\(mapping.destinationRoot)': \(violation)"))
            } catch {
                throw s.fail(SourceError(.transient, SourceCondition.storageOperationFailed, reason: SourceReason.copyFailure,
                                            message: "failed to copy '\(include.repository.name)' include from '\(include.fromPath ?? "")' to '\(mapping.destinationRoot)': \(error)"))
            }
        }
        return .next
    }

    /// **archive** — builds the reproducible tarball of the working tree minus the exclusions
    /// (VCS, then Flux's defaults or the `.sourceignore` files and `spec.ignore`).
    ///
    /// - Stops with StorageOperationFailed=True/ArchiveOperationFailed on a symlink out of the tree,
    ///   a file over the size limit, or an I/O error; the previous artifact stays.
    func archive(_ s: inout GitReconcileState) async throws -> StepOutcome {
        guard let dir = s.workDir, let checkout = s.checkout else { return .next }
        let path = artifactPath(s, commit: checkout.commit)
        do {
            let patterns = try SourceIgnore.loadPatterns(root: dir)
            let matcher = SourceIgnore.matcher(sourceIgnorePatterns: patterns, specIgnore: s.spec.ignore)
            let temporary = try storage.temporaryPath(for: path)
            s.temporaryArchive = temporary
            s.archive = try Archiver.archive(directory: dir, to: temporary, matcher: matcher, maxFileSize: maxFileSize)
        } catch {
            throw s.fail(SourceError(.transient, SourceCondition.storageOperationFailed, reason: SourceReason.archiveOperationFailed,
                                        message: "unable to archive artifact to storage: \(error)"))
        }
        return .next
    }

    /// **store** — moves the archive into place atomically and publishes it: `status.artifact`
    /// (path, url, revision, digest, size, lastUpdateTime) and the observed content configuration.
    ///
    /// - Stops with StorageOperationFailed=True/StorageOperationFailed when the file cannot be moved.
    /// - Otherwise ArtifactInStorage=True, StorageOperationFailed and ArtifactOutdated removed, a
    ///   NewArtifact event; continues.
    func store(_ s: inout GitReconcileState) async throws -> StepOutcome {
        guard let checkout = s.checkout, let archive = s.archive, let temporary = s.temporaryArchive else { return .next }
        let path = artifactPath(s, commit: checkout.commit)
        do {
            try storage.commit(temporaryPath: temporary, to: path)
            s.temporaryArchive = nil
        } catch {
            throw s.fail(SourceError(.transient, SourceCondition.storageOperationFailed, reason: SourceReason.storageOperationFailed,
                                        message: "\(error)"))
        }
        let revision = checkout.resolved.revision
        s.status.artifact = Artifact(path: path, url: storage.url(forPath: path), revision: revision, digest: archive.digest,
                                     lastUpdateTime: s.timestamp.rfc3339, size: archive.size)
        s.status.includedArtifacts = s.includedArtifacts.isEmpty ? nil : s.includedArtifacts
        s.status.observedIgnore = s.spec.ignore
        s.status.observedRecurseSubmodules = s.spec.recurseSubmodules
        s.status.observedInclude = s.spec.include
        s.status.observedSparseCheckout = s.spec.sparseCheckout
        s.conditions.remove(SourceCondition.storageOperationFailed)
        s.conditions.remove(SourceCondition.artifactOutdated)
        s.mark(SourceCondition.artifactInStorage, .true, reason: ConditionReason.succeeded,
               message: "stored artifact for revision '\(revision)'")
        s.events.append(EventDraft(.normal, reason: SourceReason.newArtifact, message: "stored artifact for commit '\(checkout.subject)'"))
        return .next
    }

    /// **collectGarbage** — removes this object's old artifacts beyond the retention policy, never the
    /// current one. A failure is reported as a Warning event only; the reconcile still succeeds.
    func collectGarbage(_ s: inout GitReconcileState) async throws -> StepOutcome {
        s.collectGarbage(storage, keep: s.status.artifact?.path)
        return .next
    }

    private func artifactPath(_ s: GitReconcileState, commit: String) -> String {
        ArtifactStorage.artifactPath(kind: GitRepository.kind, namespace: s.namespace, name: s.name, fileName: "\(commit).tar.gz")
    }
}
