import FerryAPI
import Foundation
import OCI

/// Where an OCI HelmRepository's charts live and how to reach them: `oci://HOST[:PORT][/PATH]`
/// (chart `NAME` is the repository `PATH/NAME`), with the credentials Flux reads for one.
struct OCIHelmRepository: Sendable {
    var registry: String
    /// The path under the registry, without slashes at either end; may be empty.
    var path: String
    var options: OCIClient.Options

    /// `PATH/chart`, the chart's repository in the registry.
    func repository(of chart: String) -> String { path.isEmpty ? chart : path + "/" + chart }

    var client: OCIClient { OCIClient(registry: registry, options: options) }

    /// The registry and path of `oci://…` — stalls with URLInvalid (as Flux's URL check does)
    /// when the URL is not `oci://` with a host and a valid repository path.
    static func location(_ url: String) throws(SourceError) -> (registry: String, path: String) {
        func invalid(_ why: String) -> SourceError {
            SourceError(.stalled, SourceCondition.fetchFailed, reason: SourceReason.urlInvalid,
                        message: "invalid OCI Helm repository URL '\(url)': \(why)")
        }
        guard url.hasPrefix("oci://") else { throw invalid("scheme must be oci") }
        var rest = url.dropFirst("oci://".count)
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        let host = String(rest.prefix { $0 != "/" })
        let path = String(rest.dropFirst(host.count).drop { $0 == "/" })
        // Check the whole with a placeholder chart name, so the grammar is the reference's.
        do { _ = try OCIReference.parse(host + "/" + (path.isEmpty ? "" : path + "/") + "chart") } catch {
            throw invalid(error.message.components(separatedBy: "': ").dropFirst().joined(separator: "': "))
        }
        return (host, path)
    }

    /// The URL, client options and credentials of an OCI HelmRepository, as Flux reads them:
    ///
    /// - `spec.secretRef`: a `kubernetes.io/dockerconfigjson` Secret (its `.dockerconfigjson`
    ///   entry for the URL's host; none for this host means anonymous), or `username` and `password`.
    /// - `spec.certSecretRef`: `ca.crt`, and `tls.crt` with `tls.key`.
    /// - `spec.insecure`: plain HTTP; `spec.timeout` bounds each request.
    /// - `spec.provider` other than `generic` is refused: Ferry has no cloud login yet.
    ///
    /// A Secret that cannot be read or lacks keys fails with FetchFailed/AuthenticationFailed,
    /// naming the Secret and key, never a value.
    static func resolve(_ repository: HelmRepository, secrets: any SecretReader) async throws(SourceError) -> OCIHelmRepository {
        let spec = repository.spec
        let namespace = repository.metadata.namespace ?? "default"
        let (registry, path) = try location(spec.url)
        if let provider = spec.provider, !provider.isEmpty, provider != "generic" {
            throw HelmChartSettings.unsupported("spec.provider '\(provider)'", because: "registry logins of cloud providers are not implemented")
        }
        var options = OCIClient.Options()
        options.plainHTTP = spec.insecure ?? false
        options.timeout = (try? HelmRepositorySettings(spec: spec))?.timeout ?? HelmRepositorySettings.defaultTimeout
        if let ref = spec.secretRef {
            let data = try await read(secrets, namespace, ref.name)
            if let config = data[".dockerconfigjson"] {
                do {
                    options.credentials = try DockerConfigJSON(config).credentials(for: registry) ?? .anonymous
                } catch {
                    throw failure("invalid '\(namespace)/\(ref.name)' secret data: \(error.message)")
                }
            } else {
                guard let user = data["username"], let password = data["password"] else {
                    throw failure("invalid '\(namespace)/\(ref.name)' secret data: required fields 'username' and 'password' "
                                  + "(or '.dockerconfigjson')")
                }
                options.credentials = .basic(username: String(decoding: user, as: UTF8.self), password: String(decoding: password, as: UTF8.self))
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
        }
        return OCIHelmRepository(registry: registry, path: path, options: options)
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
