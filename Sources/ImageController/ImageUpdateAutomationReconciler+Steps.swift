import ControllerRuntime
import FerryAPI
import Foundation
import Manifests
import SourceController

/// The steps of an ImageUpdateAutomation reconcile, in order (Flux's `reconcile` in
/// image-automation-controller). Each documents the state transition it makes; "stops" means
/// the reconcile ends there with that outcome. Ready's reason on failure is the error's.
extension ImageUpdateAutomationReconciler {
    /// **checkSpec** — reads the spec (``ImageUpdateAutomationSettings``).
    ///
    /// - Stops stalled with InvalidSpec, InvalidSourceConfiguration, InvalidUpdateStrategy or
    ///   InvalidPolicySelector naming the field.
    func checkSpec(_ s: inout ImageUpdateAutomationRun) async throws -> StepOutcome {
        s.settings = try ImageUpdateAutomationSettings(s.automation)
        return .next
    }

    /// **checkSource** — reads the GitRepository, its credentials and what to check out and push.
    ///
    /// - Stops stalled with AccessDenied when the source is in another namespace and
    ///   cross-namespace references are blocked.
    /// - Stops with SourceManagerFailed "failed configuring source manager: …" when the
    ///   GitRepository is missing or its Secret cannot be read (retried).
    /// - Stops stalled with InvalidSourceConfiguration when no push branch is given and the
    ///   checkout ref (`spec.git.checkout.ref`, else the GitRepository's `spec.ref`) has no branch.
    func checkSource(_ s: inout ImageUpdateAutomationRun) async throws -> StepOutcome {
        guard let settings = s.settings else { return .next }
        let sourceName = s.spec.sourceRef.name
        let key = "\(settings.sourceNamespace)/\(sourceName)"
        if noCrossNamespaceRefs && settings.sourceNamespace != s.namespace {
            throw ReconcileError.stalled(reason: ImageUpdateReason.accessDenied,
                                         "can't access 'GitRepository/\(key)', cross-namespace references have been blocked")
        }
        func failed(_ why: String) -> ReconcileError {
            .transient(reason: ImageUpdateReason.sourceManagerFailed, "failed configuring source manager: \(why)")
        }
        let repository: GitRepository
        do {
            guard let found = try await sources.gitRepository(namespace: settings.sourceNamespace, name: sourceName) else {
                throw failed("GitRepository '\(key)' not found")
            }
            repository = found
        } catch let error as ReconcileError {
            throw error
        } catch {
            throw failed("cannot read GitRepository '\(key)': \(error)")
        }
        let spec = repository.spec
        if let timeout = spec.timeout, case .success(let value) = GoDuration.checked(timeout) { s.timeout = value }
        let url: GitURL
        do { url = try GitURL(spec.url, allowFile: driver.allowFileProtocol) } catch {
            throw failed("invalid url: \(error)")
        }
        s.url = url
        var secret: [String: [UInt8]]?
        if let ref = spec.secretRef {
            do { secret = try await secrets.secretData(namespace: settings.sourceNamespace, name: ref.name) } catch {
                throw failed("failed to get secret '\(settings.sourceNamespace)/\(ref.name)': \(error)")
            }
        }
        var proxy: [String: [UInt8]]?
        if let ref = spec.proxySecretRef {
            do { proxy = try await secrets.secretData(namespace: settings.sourceNamespace, name: ref.name) } catch {
                throw failed("failed to get secret '\(settings.sourceNamespace)/\(ref.name)': \(error)")
            }
        }
        do {
            s.auth = try await GitProvider.auth(provider: spec.provider, serviceAccountName: spec.serviceAccountName, url: url,
                                                namespace: settings.sourceNamespace, secretName: spec.secretRef?.name, secret: secret,
                                                proxySecret: proxy, tokens: gitHubApps, timeout: s.timeout)
        } catch {
            throw failed(error.message)
        }
        let checkoutRef = settings.git.checkout?.ref ?? spec.ref
        s.checkoutRef = checkoutRef
        let checkoutBranch = checkoutRef?.branch.flatMap { $0.isEmpty ? nil : $0 }
        if let push = settings.git.push?.branch, !push.isEmpty {
            s.pushBranch = push
            s.switchBranch = checkoutBranch != nil && checkoutBranch != push
        } else if let checkoutBranch {
            s.pushBranch = checkoutBranch
        } else {
            throw ReconcileError.stalled(reason: ImageUpdateReason.invalidSourceConfiguration,
                                         "push spec not provided, and cannot be inferred from .spec.git.checkout.ref or GitRepository .spec.ref: invalid source configuration")
        }
        s.refspec = settings.git.push?.refspec.flatMap { $0.isEmpty ? nil : $0 }
        return .next
    }

    /// **listPolicies** — the ImagePolicies of the namespace that `policySelector` selects and
    /// that have picked an image; a change since `status.observedPolicies` (or a push to another
    /// branch or a refspec) means the repository must be updated even if it did not move.
    ///
    /// - Stops with ReconciliationFailed when the policies cannot be listed (retried).
    func listPolicies(_ s: inout ImageUpdateAutomationRun) async throws -> StepOutcome {
        guard let settings = s.settings else { return .next }
        let objects: [JSONValue]
        do { objects = try await sources.imagePolicies(namespace: s.namespace, labelSelector: settings.policySelector) } catch {
            throw ReconcileError.transient(reason: ConditionReason.reconciliationFailed, "failed to list policies: \(error)")
        }
        s.policies = objects.compactMap { ImagePolicyLatest(policy: $0) }.sorted { $0.name < $1.name }
        s.observedPolicies = Dictionary(s.policies.map { ($0.name, $0.observed) }, uniquingKeysWith: { a, _ in a })
        s.syncNeeded = (s.status.observedPolicies ?? [:]) != s.observedPolicies || s.switchBranch || s.refspec != nil
        return .next
    }

    /// **checkRemote** — resolves the checkout ref on the remote (one `git ls-remote`).
    ///
    /// - Stops with GitOperationFailed "failed to checkout source: …" when it cannot (retried).
    /// - Stops **up to date** when the remote is at `status.observedSourceRevision` and nothing
    ///   else changed: no checkout (Flux's last-observed-commit optimisation).
    func checkRemote(_ s: inout ImageUpdateAutomationRun) async throws -> StepOutcome {
        guard let url = s.url else { return .next }
        do {
            s.resolved = try await driver.resolve(url: url, auth: s.auth, reference: GitReference(s.checkoutRef), timeout: s.timeout)
        } catch {
            throw ReconcileError.transient(reason: ImageUpdateReason.gitOperationFailed, "failed to checkout source: \(error)")
        }
        if !s.syncNeeded, let observed = s.status.observedSourceRevision, observed == s.resolved?.revision {
            return .finished
        }
        return .next
    }

    /// **checkout** — checks the resolved ref out into a private directory and, when the push
    /// branch differs, switches to it (at its remote tip when it exists, else from the checkout).
    ///
    /// - Stops with GitOperationFailed "failed to checkout source: …" (retried).
    func checkout(_ s: inout ImageUpdateAutomationRun) async throws -> StepOutcome {
        guard let url = s.url, let resolved = s.resolved, let settings = s.settings else { return .next }
        let base = workDirectory.hasSuffix("/") ? String(workDirectory.dropLast()) : workDirectory
        let directory = base + "/ferry-imageupdate-" + UUID().uuidString.prefix(13).lowercased()
        s.workDirectory = directory
        let checkout = directory + "/repo"
        // One typed-throwing await per `do`: with both in one block, Swift 6.3's optimiser crashes
        // splitting this coroutine (release builds only).
        do {
            _ = try await driver.checkout(url: url, auth: s.auth, ref: resolved, into: checkout, timeout: s.timeout)
        } catch {
            throw ReconcileError.transient(reason: ImageUpdateReason.gitOperationFailed, "failed to checkout source: \(error)")
        }
        if s.switchBranch {
            do {
                _ = try await driver.switchBranch(url: url, auth: s.auth, directory: checkout, branch: s.pushBranch, timeout: s.timeout)
            } catch {
                throw ReconcileError.transient(reason: ImageUpdateReason.gitOperationFailed, "failed to checkout source: \(error)")
            }
        }
        s.updateDirectory = try ImageUpdateAutomationSettings.updateDirectory(checkout: checkout, path: settings.path)
        return .next
    }

    /// **applyPolicies** — rewrites the marked fields under `spec.update.path`.
    ///
    /// - Stops with UpdateFailed "failed to apply policies: …" when a marked file is not YAML
    ///   or cannot be written (retried; nothing committed).
    /// - Stops **up to date** when nothing changed: `observedSourceRevision` and
    ///   `observedPolicies` recorded, no commit.
    func applyPolicies(_ s: inout ImageUpdateAutomationRun) async throws -> StepOutcome {
        guard let directory = s.updateDirectory, let resolved = s.resolved else { return .next }
        do {
            s.result = try ImageSetters.apply(root: directory, setters: ImageSetterTable(policies: s.policies))
        } catch {
            throw ReconcileError.transient(reason: ImageUpdateReason.updateFailed, "failed to apply policies: \(error)")
        }
        if s.result.isEmpty {
            s.status.observedSourceRevision = resolved.revision
            s.status.observedPolicies = s.observedPolicies
            return .finished
        }
        return .next
    }
}
