import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests

extension KustomizationReconciler {
    /// `spec.decryption`'s keys, read from `secretRef` on every reconcile (so a rotated key is
    /// used at once, no restart), with the controller's own client as Flux reads it. Without a
    /// `secretRef` there are no keys: an encrypted object then fails naming its recipients.
    ///
    /// Fails with BuildFailed (Flux's reason for every decryption error), retried after
    /// `spec.retryInterval`, when the Secret is missing or unreadable or a key in it does not
    /// parse: the message names the Secret and entry, never a value.
    static func decryptor(for decryption: Decryption, namespace: String, reader: any ObjectReader,
                          retryInterval: Duration) async throws(ReconcileError) -> KustomizationDecryptor {
        guard let ref = decryption.secretRef else { return KustomizationDecryptor(keys: .init()) }
        let secret: JSONValue
        do {
            secret = try await reader.object(Self.secretKind, name: ref.name, namespace: namespace)
        } catch let error as APIError where error.isNotFound {
            throw decryptionFailed(retryInterval, "decryption Secret '\(namespace)/\(ref.name)' not found")
        } catch let error as APIError {
            throw decryptionFailed(retryInterval, "cannot get decryption Secret '\(namespace)/\(ref.name)': \(error.reason): \(error.message)")
        } catch {
            throw decryptionFailed(retryInterval, "cannot get decryption Secret '\(namespace)/\(ref.name)': \(error)")
        }
        do {
            return try KustomizationDecryptor(secret: secret, name: "\(namespace)/\(ref.name)")
        } catch {
            throw decryptionFailed(retryInterval, error.description)
        }
    }

    /// A decryption error as the reconcile reports it: BuildFailed, retried after `retryInterval`.
    static func decryptionFailed(_ retryInterval: Duration, _ message: String) -> ReconcileError {
        .retry(after: retryInterval, reason: KustomizationReason.buildFailed, message)
    }
}
