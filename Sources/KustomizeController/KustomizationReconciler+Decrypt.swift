import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests

extension KustomizationReconciler {
    /// `spec.decryption`: the keys are read from `secretRef` on every reconcile (so a rotated
    /// key is used at once, no restart), with the controller's own client as Flux reads it; the
    /// built objects are then decrypted (``KustomizationDecryptor``) before postBuild substitution.
    ///
    /// Fails with BuildFailed (Flux's reason for a decryption error), retried after
    /// `spec.retryInterval`, when the Secret is missing or unreadable, a key in it does not parse,
    /// or an object cannot be decrypted (wrong or missing key, a tampered value): the message names
    /// the Secret or object and the cause, never a value. Nothing is applied or pruned then.
    static func decrypt(_ objects: [JSONValue], _ decryption: Decryption, namespace: String, reader: any ObjectReader,
                        retryInterval: Duration) async throws(ReconcileError) -> [JSONValue] {
        func failed(_ message: String) -> ReconcileError {
            .retry(after: retryInterval, reason: KustomizationReason.buildFailed, message)
        }
        var decryptor = KustomizationDecryptor(keys: .init())
        if let ref = decryption.secretRef {
            let secret: JSONValue
            do {
                secret = try await reader.object(Self.secretKind, name: ref.name, namespace: namespace)
            } catch let error as APIError where error.isNotFound {
                throw failed("decryption Secret '\(namespace)/\(ref.name)' not found")
            } catch let error as APIError {
                throw failed("cannot get decryption Secret '\(namespace)/\(ref.name)': \(error.reason): \(error.message)")
            } catch {
                throw failed("cannot get decryption Secret '\(namespace)/\(ref.name)': \(error)")
            }
            do {
                decryptor = try KustomizationDecryptor(secret: secret, name: "\(namespace)/\(ref.name)")
            } catch {
                throw failed(error.description)
            }
        }
        do {
            return try await decryptor.decrypt(objects)
        } catch {
            throw failed(error.description)
        }
    }
}
