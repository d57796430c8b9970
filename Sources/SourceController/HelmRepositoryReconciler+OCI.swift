import ControllerRuntime
import FerryAPI
import Foundation

extension HelmRepositoryReconciler {
    /// Ready's message for an OCI HelmRepository (Flux's).
    static let ociReadyMessage = "Helm repository is ready"

    /// **checkOCI** — an OCI HelmRepository has no index and no artifact (Flux's "static"
    /// object): it only says where charts are and with which credentials; HelmCharts pull.
    /// For `type: default` it does nothing.
    ///
    /// - Stops stalled with FetchFailed=True/URLInvalid for a URL that is not `oci://HOST[/PATH]`,
    ///   or InvalidSpec for a `spec.provider` Ferry cannot log in with.
    /// - Stops with FetchFailed=True/AuthenticationFailed when a referenced Secret cannot be read
    ///   or lacks its keys.
    /// - Otherwise drops any artifact left from an earlier `type: default` (status and storage),
    ///   removes FetchFailed, and stops: Ready=True/Succeeded "Helm repository is ready". The
    ///   registry is not contacted: reachability and credentials show on the HelmCharts.
    func checkOCI(_ s: inout HelmRepositoryRun) async throws -> StepOutcome {
        guard s.spec.isOCI else { return .next }
        do { _ = try await OCIHelmRepository.resolve(s.repository, secrets: secrets) } catch {
            throw s.fail(error)
        }
        if s.status.artifact != nil || s.status.url != nil {
            s.status.artifact = nil
            s.status.url = nil
            do { try storage.removeAll(directory: s.storageDirectory) } catch {
                s.events.append(EventDraft(.warning, reason: SourceReason.garbageCollectionFailed,
                                           message: "garbage collection of artifacts failed: \(error)"))
            }
        }
        for type in [SourceCondition.fetchFailed, SourceCondition.artifactOutdated, SourceCondition.artifactInStorage,
                     SourceCondition.storageOperationFailed] {
            s.conditions.remove(type)
        }
        return .finished
    }
}
