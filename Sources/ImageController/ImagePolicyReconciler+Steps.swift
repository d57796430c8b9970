import ControllerRuntime
import FerryAPI
import Foundation
import OCI

/// The steps of an ImagePolicy reconcile, in order. Each documents the state transition it
/// makes; "stops" means the reconcile ends there with that outcome.
extension ImagePolicyReconciler {
    /// **checkSpec** — reads the rule, filter and digest reflection (``ImagePolicySettings``).
    ///
    /// - Stops stalled with IntervalNotConfigured, InvalidPolicy or InvalidSpec (Flux's words).
    func checkSpec(_ s: inout ImagePolicyRun) async throws -> StepOutcome {
        s.settings = try ImagePolicySettings(spec: s.spec)
        return .next
    }

    /// **getRepository** — reads the ImageRepository and checks the policy may use it.
    ///
    /// - Stops with Ready=False/AccessDenied "failed to get the referred ImageRepository: …" for
    ///   one in another namespace under `--no-cross-namespace-refs`, or whose `accessFrom` does not
    ///   select the policy's namespace (retried: namespace labels are not watched).
    /// - Stops with Ready=False/DependencyNotReady when it does not exist (a new one wakes the policy).
    /// - Stops stalled with ImageURLInvalid when its `spec.image` cannot be used.
    func getRepository(_ s: inout ImagePolicyRun) async throws -> StepOutcome {
        let namespace = s.repositoryNamespace
        let name = s.spec.imageRepositoryRef.name
        let prefix = "failed to get the referred ImageRepository: "
        if namespace != s.namespace, noCrossNamespaceRefs {
            throw ReconcileError.transient(reason: ConditionReason.accessDenied,
                                           prefix + "cannot access 'ImageRepository/\(namespace)/\(name)', cross-namespace references have been blocked")
        }
        let found: ImageRepository?
        do { found = try await sources.imageRepository(namespace: namespace, name: name) } catch {
            throw ReconcileError.transient(reason: ImageReason.failure, prefix + "\(error)")
        }
        guard let repository = found else {
            throw ReconcileError.transient(reason: ImageReason.dependencyNotReady,
                                           prefix + "referenced ImageRepository '\(namespace)/\(name)' does not exist")
        }
        if namespace != s.namespace {
            let labels: [String: String]
            do { labels = try await sources.namespaceLabels(s.namespace) } catch {
                throw ReconcileError.transient(reason: ImageReason.failure, prefix + "\(error)")
            }
            guard ImageRepositoryAccess.allows(repository.spec.accessFrom, labels: labels) else {
                throw ReconcileError.transient(reason: ConditionReason.accessDenied, prefix
                    + "access denied: 'ImageRepository/\(namespace)/\(name)' can't be accessed due to missing ACL labels on namespace '\(s.namespace)'")
            }
        }
        do { s.image = try ImageName(repository.spec.image) } catch {
            throw ReconcileError.stalled(reason: ImageReason.imageURLInvalid, error.description)
        }
        s.repository = repository
        return .next
    }

    /// **applyPolicy** — filters the repository's stored tags and picks the latest by the rule.
    ///
    /// - Stops with Ready=False/DependencyNotReady "no tags in database" while the repository
    ///   has no stored tags for its current image (its next scan wakes the policy).
    /// - Stops with Ready=False/Failure and Flux's message when nothing can be picked ("unable to
    ///   determine latest version from provided list", "version list argument cannot be empty",
    ///   "failed to parse invalid numeric value '…'"): `latestRef` stays as it was.
    func applyPolicy(_ s: inout ImagePolicyRun) async throws -> StepOutcome {
        guard let settings = s.settings, let repository = s.repository else { return .next }
        let record: TagStore.Record?
        do { record = try store.read(namespace: s.repositoryNamespace, name: repository.metadata.name) } catch {
            throw ReconcileError.transient(reason: ImageReason.failure, "failed to read tags from database: \(error)")
        }
        guard let record, !record.tags.isEmpty, record.image == repository.status?.canonicalImageName else {
            throw ReconcileError.waiting(after: requeueDependency, reason: ImageReason.dependencyNotReady, "no tags in database")
        }
        do { s.latestTag = try ImagePolicyRule.latest(of: record.tags, rule: settings.rule, filter: settings.filter) } catch {
            throw ReconcileError.transient(reason: ImageReason.failure, error.description)
        }
        return .next
    }

    /// **reflectDigest** — sets `latestRef` to the repository's `spec.image` and the picked tag,
    /// with the digest of the tag's manifest (a HEAD request, the repository's credentials) as
    /// `digestReflectionPolicy` says: `Never` none; `IfNotPresent` read for a new tag and kept
    /// after; `Always` read every time. When the reference changes, the old one becomes
    /// `observedPreviousRef` and a Normal event carries Ready's message.
    ///
    /// - Stops with Ready=False/ReadOperationFailed "failed fetching digest of …" when the
    ///   registry cannot answer; `latestRef` stays as it was.
    func reflectDigest(_ s: inout ImagePolicyRun) async throws -> StepOutcome {
        guard let settings = s.settings, let repository = s.repository, let image = s.image, let tag = s.latestTag else { return .next }
        var latest = ImageRef(name: repository.spec.image, tag: tag)
        let current = s.status.latestRef
        let fetch: Bool
        switch settings.reflection {
        case ImagePolicy.reflectAlways:
            fetch = true
        case ImagePolicy.reflectIfNotPresent:
            fetch = current?.name != latest.name || current?.tag != latest.tag || (current?.digest ?? "").isEmpty
            if !fetch { latest.digest = current?.digest }
        default:
            fetch = false
        }
        if fetch {
            do { latest.digest = try await digest(of: tag, image: image, repository: repository) } catch {
                throw ReconcileError.transient(reason: ImageReason.readOperationFailed,
                                               "failed fetching digest of \(latest.reference): \(error)")
            }
        }
        if current != latest {
            s.status.observedPreviousRef = current
            s.status.latestRef = latest
            s.events.append(EventDraft(.normal, reason: ConditionReason.succeeded, message: s.readyMessage))
        }
        return .next
    }

    /// The digest of `tag`'s manifest: the registry's `Docker-Content-Digest`, else the hash of
    /// the manifest as served.
    func digest(of tag: String, image: ImageName, repository: ImageRepository) async throws -> String {
        let settings = try ImageRepositorySettings(spec: repository.spec)
        let options: OCIClient.Options
        do {
            options = try await ImageRepositoryCredentials.options(spec: repository.spec, namespace: repository.metadata.namespace ?? "default",
                                                                   registry: image.registry, timeout: settings.timeout, secrets: secrets)
        } catch {
            throw ReconcileError.transient(reason: ImageReason.authenticationFailed, "failed to configure authentication options: \(error)")
        }
        let client = OCIClient(registry: image.registry, options: options)
        if let digest = try await client.manifestDigest(repository: image.repository, reference: tag) { return digest }
        return try await client.manifest(repository: image.repository, reference: tag).digest
    }
}
