import FerryAPI
import Foundation

/// A HelmRepository's Secrets turned into download options, as Flux's `getter` options are
/// built: `secretRef` gives `username`/`password` (and, deprecated, `certFile`/`keyFile`/`caFile`);
/// `certSecretRef` gives `tls.crt`/`tls.key`/`ca.crt` and wins over the deprecated keys.
/// Errors name the Secret and the missing key, never a value.
enum HelmRepositoryCredentials {
    static func options(spec: HelmRepositorySpec, namespace: String, timeout: Duration,
                        secrets: any SecretReader) async throws(SourceError) -> HelmGetter.Options {
        var options = HelmGetter.Options()
        options.timeout = timeout
        options.passCredentials = spec.passCredentials ?? false
        options.credentialsHost = URL(string: spec.url)?.host
        if let ref = spec.secretRef {
            let data = try await read(secrets, namespace, ref.name)
            let username = data["username"].map { String(decoding: $0, as: UTF8.self) }
            let password = data["password"].map { String(decoding: $0, as: UTF8.self) }
            if (username == nil) != (password == nil) {
                throw failure("invalid '\(namespace)/\(ref.name)' secret data: required fields 'username' and 'password'")
            }
            options.username = username
            options.password = password
            (options.clientCertificate, options.clientKey, options.caCertificate) = (data["certFile"], data["keyFile"], data["caFile"])
        }
        if let ref = spec.certSecretRef {
            let data = try await read(secrets, namespace, ref.name)
            options.clientCertificate = data["tls.crt"]
            options.clientKey = data["tls.key"]
            options.caCertificate = data["ca.crt"]
        }
        if (options.clientCertificate == nil) != (options.clientKey == nil) {
            throw failure("failed to construct Helm client's TLS config: a client certificate needs both 'tls.crt' and 'tls.key'")
        }
        return options
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
