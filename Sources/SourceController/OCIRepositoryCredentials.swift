import FerryAPI
import Foundation
import OCI

/// An OCIRepository's client options, as Flux builds its registry client:
///
/// - `spec.secretRef`: a `kubernetes.io/dockerconfigjson` Secret; its `.dockerconfigjson` entry
///   for the URL's registry gives the credentials (no entry for this registry: anonymous).
///   Without a Secret, requests go out anonymously and a registry that asks for a bearer token
///   is asked for an anonymous one.
/// - `spec.certSecretRef`: `ca.crt` (a private CA), `tls.crt` with `tls.key` (a client certificate).
/// - `spec.insecure`: plain HTTP; `spec.timeout` bounds each request.
/// - `spec.proxySecretRef`: an HTTP proxy (``OCIProxy``) from the Secret's `address` (required),
///   `username` and `password`; a Secret that cannot be read, or lacks or spoils `address`, fails
///   with "failed to get proxy address: …" (Flux's words and reason).
///
/// A Secret that cannot be read or lacks its keys fails with FetchFailed/AuthenticationFailed
/// naming the Secret and key, never a value.
enum OCIRepositoryCredentials {
    static func options(spec: OCIRepositorySpec, namespace: String, settings: OCIRepositorySettings,
                        secrets: any SecretReader) async throws(SourceError) -> OCIClient.Options {
        var options = OCIClient.Options()
        options.plainHTTP = spec.insecure ?? false
        options.timeout = settings.timeout
        if let ref = spec.secretRef {
            let data = try await read(secrets, namespace, ref.name)
            guard let config = data[".dockerconfigjson"] else {
                throw failure("invalid '\(namespace)/\(ref.name)' secret data: required field '.dockerconfigjson' "
                              + "(a kubernetes.io/dockerconfigjson Secret)")
            }
            do {
                options.credentials = try DockerConfigJSON(config).credentials(for: settings.registry) ?? .anonymous
            } catch {
                throw failure("invalid '\(namespace)/\(ref.name)' secret data: \(error.message)")
            }
        }
        if let ref = spec.certSecretRef {
            let data = try await read(secrets, namespace, ref.name)
            options.caCertificate = data["ca.crt"]
            options.clientCertificate = data["tls.crt"]
            options.clientKey = data["tls.key"]
            if (options.clientCertificate == nil) != (options.clientKey == nil) {
                throw failure("invalid '\(namespace)/\(ref.name)' secret data: a client certificate needs both 'tls.crt' and 'tls.key'")
            }
            if options.caCertificate == nil && options.clientCertificate == nil {
                throw failure("invalid '\(namespace)/\(ref.name)' secret data: none of 'ca.crt', 'tls.crt' and 'tls.key'")
            }
        }
        if let ref = spec.proxySecretRef {
            options.proxy = try await proxy(secrets, namespace, ref.name)
        }
        return options
    }

    /// The proxy of Flux's proxy Secret format; the messages never hold the address or its values.
    private static func proxy(_ secrets: any SecretReader, _ namespace: String, _ name: String) async throws(SourceError) -> OCIProxy {
        let data: [String: [UInt8]]
        do { data = try await secrets.secretData(namespace: namespace, name: name) } catch {
            throw failure("failed to get proxy address: failed to get secret '\(namespace)/\(name)': \(error)")
        }
        do { return try OCIProxy(proxySecret: data) } catch {
            throw failure("failed to get proxy address: invalid proxy secret '\(namespace)/\(name)': \(error.message)")
        }
    }

    private static func read(_ secrets: any SecretReader, _ namespace: String, _ name: String) async throws(SourceError) -> [String: [UInt8]] {
        do { return try await secrets.secretData(namespace: namespace, name: name) } catch {
            throw failure("failed to get secret '\(namespace)/\(name)': \(error)")
        }
    }

    private static func failure(_ message: String) -> SourceError {
        SourceError(.transient, SourceCondition.fetchFailed, reason: SourceReason.authenticationFailed, message: message)
    }
}
