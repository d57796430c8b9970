import FerryAPI
import OCI
import SourceController

/// The client options of an ImageRepository's scans, as Flux reads them:
///
/// - `spec.secretRef`: a `kubernetes.io/dockerconfigjson` Secret; its `.dockerconfigjson` entry
///   for the registry's host gives the credentials (none for this host: anonymous, where the
///   registry's token server may still hand out a token, as Docker's anonymous pull does).
/// - `spec.certSecretRef`: `ca.crt`, and `tls.crt` with `tls.key` (the deprecated `caFile`,
///   `certFile`, `keyFile` are read too).
/// - `spec.insecure`: plain HTTP; the timeout bounds each request.
/// - `spec.proxySecretRef`: an HTTP proxy for the scans, from the Secret's `address` (required),
///   `username` and `password` (``OCIProxy``), as the OCIRepository reads it.
///
/// A Secret that cannot be read or lacks what is needed fails with AuthenticationFailed, naming
/// the Secret and key, never a value.
enum ImageRepositoryCredentials {
    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    static func options(spec: ImageRepositorySpec, namespace: String, registry: String, timeout: Duration,
                        secrets: any SecretReader) async throws(Failure) -> OCIClient.Options {
        var options = OCIClient.Options()
        options.plainHTTP = spec.insecure ?? false
        options.timeout = timeout
        if let ref = spec.secretRef {
            let data = try await read(secrets, namespace, ref.name)
            guard let config = data[".dockerconfigjson"] else {
                throw Failure(description: "invalid '\(namespace)/\(ref.name)' secret data: missing '.dockerconfigjson' "
                              + "(the secret must be of type kubernetes.io/dockerconfigjson)")
            }
            do { options.credentials = try DockerConfigJSON(config).credentials(for: registry) ?? .anonymous } catch {
                throw Failure(description: "invalid '\(namespace)/\(ref.name)' secret data: \(error.message)")
            }
        }
        if let ref = spec.certSecretRef {
            let data = try await read(secrets, namespace, ref.name)
            options.caCertificate = data["ca.crt"] ?? data["caFile"]
            options.clientCertificate = data["tls.crt"] ?? data["certFile"]
            options.clientKey = data["tls.key"] ?? data["keyFile"]
            if (options.clientCertificate == nil) != (options.clientKey == nil) {
                throw Failure(description: "invalid '\(namespace)/\(ref.name)' secret data: a client certificate needs both "
                              + "'tls.crt' and 'tls.key'")
            }
            if options.caCertificate == nil && options.clientCertificate == nil {
                throw Failure(description: "invalid '\(namespace)/\(ref.name)' secret data: no 'ca.crt', nor 'tls.crt' with 'tls.key'")
            }
        }
        if let ref = spec.proxySecretRef {
            let data: [String: [UInt8]]
            do { data = try await secrets.secretData(namespace: namespace, name: ref.name) } catch {
                throw Failure(description: "failed to get proxy address: failed to get secret '\(namespace)/\(ref.name)': \(error)")
            }
            do { options.proxy = try OCIProxy(proxySecret: data) } catch {
                throw Failure(description: "failed to get proxy address: invalid proxy secret '\(namespace)/\(ref.name)': \(error.message)")
            }
        }
        return options
    }

    private static func read(_ secrets: any SecretReader, _ namespace: String, _ name: String) async throws(Failure) -> [String: [UInt8]] {
        do { return try await secrets.secretData(namespace: namespace, name: name) } catch {
            throw Failure(description: "failed to get secret '\(namespace)/\(name)': \(error)")
        }
    }
}
