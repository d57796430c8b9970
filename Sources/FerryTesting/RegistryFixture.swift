import ChildProcess
import Foundation
import Helm
import OCI

/// A real OCI registry on loopback (Debian's `docker-registry`, CNCF distribution 2.8), run by
/// `scripts/registry-server`, with helpers to push Helm charts into it the way `helm push` does.
///
/// Tests share one registry per flavour per process (``shared(_:)``): an anonymous plain-HTTP
/// one, one behind htpasswd basic auth and one behind bearer-token auth. Each is stopped when the process exits; repositories
/// are told apart by a random path prefix per test (``uniquePath(_:)``).
public final class RegistryFixture: Sendable {
    public enum Flavour: Hashable, Sendable {
        /// Plain HTTP, no authentication (a HelmRepository needs `insecure: true`).
        case anonymous
        /// Plain HTTP, htpasswd basic auth with ``username``/``password``.
        case basicAuth
        /// Plain HTTP, bearer tokens (Docker's token protocol) from the script's token server at
        /// ``tokenURL``, which grants them to ``username``/``password`` only.
        case tokenAuth
        /// HTTPS with a certificate for 127.0.0.1 signed by ``caFile``, htpasswd basic auth.
        case tlsBasicAuth
    }

    /// The script's state directory.
    public let directory: String
    /// `http://127.0.0.1:PORT`.
    public let url: String
    /// `127.0.0.1:PORT`: what `oci://` URLs and dockerconfigjson `auths` keys name.
    public let host: String
    /// Empty without auth.
    public let username: String
    public let password: String
    /// The token server's realm (``Flavour/tokenAuth`` only, else empty).
    public let tokenURL: String
    /// PEM file of the CA of the registry's certificate (``Flavour/tlsBasicAuth`` only, else empty).
    public let caFile: String

    init(directory: String) throws {
        self.directory = directory
        var values: [String: String] = [:]
        for line in try String(contentsOfFile: directory + "/env", encoding: .utf8).split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            values[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        url = values["REGISTRY_URL"] ?? ""
        host = values["REGISTRY_HOST"] ?? ""
        username = values["REGISTRY_USER"] ?? ""
        password = values["REGISTRY_PASSWORD"] ?? ""
        tokenURL = values["TOKEN_URL"] ?? ""
        caFile = values["CA_FILE"] ?? ""
    }

    /// The process's registry of `flavour`, started on first use.
    public static func shared(_ flavour: Flavour = .anonymous) async throws -> RegistryFixture {
        try await SharedRegistries.instance.get(flavour)
    }

    /// A registry of the caller's own; ``stop()`` it when done.
    public static func start(_ flavour: Flavour) async throws -> RegistryFixture {
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let dir = NSTemporaryDirectory() + "ferry-registry-\(ProcessInfo.processInfo.processIdentifier)-\(suffix)"
        var environment = ProcessInfo.processInfo.environment
        let credentials = "ferry:" + UUID().uuidString.prefix(12).lowercased()
        environment["REGISTRY_AUTH"] = flavour == .basicAuth || flavour == .tlsBasicAuth ? credentials : nil
        environment["REGISTRY_TOKEN_AUTH"] = flavour == .tokenAuth ? credentials : nil
        environment["REGISTRY_TLS"] = flavour == .tlsBasicAuth ? "1" : nil
        try await LocalControlPlane.run("/bin/bash", [scriptPath, "up", dir], environment: environment)
        RegistryExitCleanup.register(dir)
        return try RegistryFixture(directory: dir)
    }

    public func stop() async throws {
        try await LocalControlPlane.run("/bin/bash", [Self.scriptPath, "down", directory])
        RegistryExitCleanup.unregister(directory)
    }

    static var scriptPath: String { LocalControlPlane.packageRoot + "/scripts/registry-server" }

    /// `oci://HOST/<prefix>-<random>`: a HelmRepository URL no other test uses.
    public func uniquePath(_ prefix: String) -> String {
        prefix + "-" + UUID().uuidString.prefix(8).lowercased()
    }

    /// A client of this registry (trusting ``caFile``), with its credentials unless `anonymous`.
    public func client(anonymous: Bool = false) -> OCIClient {
        var options = OCIClient.Options()
        options.plainHTTP = url.hasPrefix("http://")
        if !caFile.isEmpty { options.caCertificate = FileManager.default.contents(atPath: caFile).map { [UInt8]($0) } }
        if !anonymous, !username.isEmpty { options.credentials = .basic(username: username, password: password) }
        return OCIClient(registry: host, options: options)
    }

    /// A `kubernetes.io/dockerconfigjson` Secret's `.dockerconfigjson` for this registry.
    public var dockerConfigJSON: String {
        let auth = Data("\(username):\(password)".utf8).base64EncodedString()
        return #"{"auths":{"\#(host)":{"username":"\#(username)","password":"\#(password)","auth":"\#(auth)"}}}"#
    }

    /// What a push left in the registry.
    public struct PushedChart: Sendable {
        public var repository: String
        public var tag: String
        public var manifestDigest: String
        /// `sha256:` of the chart archive (the layer).
        public var chartDigest: String
        public var archive: [UInt8]
    }

    /// Packages a small chart (``ChartRepoFixture/writeChart(at:name:version:message:)``) and
    /// pushes it as `helm push` does: to `<path>/<chart>`, tagged with the version (`+` written
    /// `_`), config `application/vnd.cncf.helm.config.v1+json` (Chart.yaml as JSON), one layer
    /// `application/vnd.cncf.helm.chart.content.v1.tar+gzip`. `configMediaType`/`layerMediaType`
    /// override Helm's, to make artifacts that are not charts.
    @discardableResult
    public func pushChart(path: String, chart: String, version: String, message: String = "hello",
                          configMediaType: String = OCIMediaType.helmConfig,
                          layerMediaType: String = OCIMediaType.helmChartContent) async throws -> PushedChart {
        let source = NSTemporaryDirectory() + "oci-chart-" + UUID().uuidString + "/" + chart
        defer { try? FileManager.default.removeItem(atPath: (source as NSString).deletingLastPathComponent) }
        try ChartRepoFixture.writeChart(at: source, name: chart, version: version, message: message)
        let package = try ChartPackage.package(directory: source)
        let repository = path + "/" + chart
        let client = client()
        let configJSON = try JSONSerialization.data(withJSONObject: ["apiVersion": "v2", "name": chart, "version": version,
                                                                     "appVersion": version], options: [.sortedKeys])
        let config = try await client.pushBlob(Array(configJSON), mediaType: configMediaType, repository: repository)
        let layer = try await client.pushBlob(package.archive, mediaType: layerMediaType, repository: repository)
        let manifest = OCIManifest(config: config, layers: [layer], annotations: [
            "org.opencontainers.image.title": chart, "org.opencontainers.image.version": version,
        ])
        let tag = version.replacingOccurrences(of: "+", with: "_")
        let digest = try await client.pushManifest(manifest, repository: repository, reference: tag)
        return PushedChart(repository: repository, tag: tag, manifestDigest: digest, chartDigest: layer.digest, archive: package.archive)
    }
}

private actor SharedRegistries {
    static let instance = SharedRegistries()
    private var tasks: [RegistryFixture.Flavour: Task<RegistryFixture, any Error>] = [:]

    func get(_ flavour: RegistryFixture.Flavour) async throws -> RegistryFixture {
        if let task = tasks[flavour] { return try await task.value }
        let task = Task { try await RegistryFixture.start(flavour) }
        tasks[flavour] = task
        return try await task.value
    }
}

/// Registries still running when the process exits are stopped (`scripts/registry-server down`).
private enum RegistryExitCleanup {
    private static let state = LockedBox((installed: false, directories: Set<String>()))

    static func register(_ directory: String) {
        state.update { s in
            s.directories.insert(directory)
            guard !s.installed else { return }
            s.installed = true
            atexit {
                let directories = RegistryExitCleanup.state.update { s -> Set<String> in
                    let copy = s.directories; s.directories = []; return copy
                }
                for dir in directories {
                    _ = try? ChildProcess.runBlocking("/bin/bash", [RegistryFixture.scriptPath, "down", dir])
                }
            }
        }
    }

    static func unregister(_ directory: String) {
        state.update { _ = $0.directories.remove(directory) }
    }
}
