import ArgumentParser
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

/// `ferry create source helm`: flux's flags; `--export` prints the object as flux does,
/// otherwise it is applied and the command waits for the index to be fetched. An `oci://` URL
/// makes a `type: oci` repository, which Flux treats as static: nothing is waited for.
struct CreateSourceHelmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helm", abstract: "Create or update a HelmRepository source.",
        discussion: "Example: ferry create source helm podinfo --url=https://stefanprodan.github.io/podinfo --interval=10m")

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The HelmRepository's name.") var name: String
    @Option(help: "The Helm repository address: http(s):// (an index) or oci:// (a registry).") var url: String
    @Option(help: "How often to fetch the index, e.g. 10m.") var interval: String = "1m"
    @Option(name: .customLong("fetch-timeout"), help: "How long one index download may take (spec.timeout), e.g. 60s.") var fetchTimeout: String?
    @Option(name: .customLong("secret-ref"), help: "A Secret with basic auth, TLS or docker-config credentials.") var secretRef: String?
    @Option(name: .customLong("cert-secret-ref"), help: "A Secret with tls.crt, tls.key and/or ca.crt.") var certSecretRef: String?
    @Flag(name: .customLong("pass-credentials"), help: "Send --secret-ref's credentials to every host (charts served elsewhere).") var passCredentials = false
    @Option(name: .customLong("oci-provider"), help: "How to authenticate to an OCI registry: generic, aws, azure or gcp.") var ociProvider: String?
    @Option(name: .customLong("label"), help: "A label for the HelmRepository: key=value (repeatable).") var labels: [String] = []
    @OptionGroup var waiting: WaitOptions
    @Flag(help: "Print the object as YAML instead of applying it.") var export = false

    static let ociProviders = ["generic", "aws", "azure", "gcp"]

    func validate() throws { _ = try object() }

    /// The URL's scheme, lower-cased, when it is one a HelmRepository takes.
    static func scheme(_ url: String) throws -> String {
        guard let colon = url.range(of: "://"), !url[colon.upperBound...].isEmpty else {
            throw ValidationError("--url \(url) must look like https://host/path or oci://host/path")
        }
        let scheme = url[..<colon.lowerBound].lowercased()
        guard ["http", "https", "oci"].contains(scheme) else {
            throw ValidationError("url scheme '\(scheme)' not supported, can be: http, https and oci")
        }
        return scheme
    }

    /// The object with keys sorted, as flux's `--export` prints it. As flux: the provider is
    /// written for OCI repositories only, `passCredentials` only with `--secret-ref`.
    func object() throws -> JSONValue {
        let oci = try Self.scheme(url) == "oci"
        if let ociProvider, !Self.ociProviders.contains(ociProvider) {
            throw ValidationError("--oci-provider \(ociProvider) is not supported, can be one of: \(Self.ociProviders.joined(separator: ", "))")
        }
        var spec: JSONObject = [:]
        if let certSecretRef { spec["certSecretRef"] = ["name": .string(certSecretRef)] }
        spec["interval"] = .string(try Self.duration(interval, flag: "interval"))
        if secretRef != nil && passCredentials { spec["passCredentials"] = true }
        if oci, let ociProvider { spec["provider"] = .string(ociProvider) }
        if let secretRef { spec["secretRef"] = ["name": .string(secretRef)] }
        if let fetchTimeout { spec["timeout"] = .string(try Self.duration(fetchTimeout, flag: "fetch-timeout")) }
        if oci { spec["type"] = "oci" }
        spec["url"] = .string(url)

        return try Creation.object(.helmRepository, name: name, namespace: cluster.ferryNamespace, labels: labels, spec: spec)
    }

    /// A positive Go duration, written back as Go prints it (`10m` → `10m0s`).
    static func duration(_ text: String, flag: String) throws -> String {
        guard let seconds = GoDuration.parse(text), seconds > 0 else {
            throw ValidationError("--\(flag) \(text) is not a positive duration such as 1m or 30s")
        }
        return GoDuration.format(seconds: seconds)
    }

    func run() async throws {
        try await Creation.run(try object(), kind: .helmRepository, noun: "HelmRepository source", done: "source", cluster: cluster, export: export,
                               timeout: waiting.timeout, awaited: { !$0.isStaticSource })
    }
}
