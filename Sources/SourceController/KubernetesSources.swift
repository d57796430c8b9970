import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

/// `SecretReader` over the API server: a GET of the Secret, `data` base64-decoded (and
/// `stringData`, which only appears on objects not yet written, taken as is).
/// A runtime with an informer cache can supply its own reader instead.
public struct KubernetesSecretReader: SecretReader {
    public let client: KubernetesClient

    public init(client: KubernetesClient) { self.client = client }

    public static let secretKind = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    public func secretData(namespace: String, name: String) async throws -> [String: [UInt8]] {
        let secret = try await client.get(Self.secretKind, name: name, namespace: namespace)
        return try Self.decode(secret)
    }

    /// The data of a Secret object. Throws (without echoing any value) when a value is not base64.
    public static func decode(_ secret: JSONValue) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for (key, value) in secret["data"]?.objectValue ?? [:] {
            guard let text = value.stringValue, let data = Data(base64Encoded: text) else {
                throw StorageError(message: "secret key '\(key)' is not valid base64")
            }
            result[key] = [UInt8](data)
        }
        for (key, value) in secret["stringData"]?.objectValue ?? [:] {
            if let text = value.stringValue { result[key] = Array(text.utf8) }
        }
        return result
    }
}

/// `GitRepositoryArtifactReader` over the API server: the `status.artifact` of a GitRepository.
public struct KubernetesGitRepositoryReader: GitRepositoryArtifactReader {
    public let client: KubernetesClient

    public init(client: KubernetesClient) { self.client = client }

    public static let gitRepositoryKind = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: GitRepository.kind)

    public func artifact(ofGitRepository name: String, namespace: String) async throws -> Artifact? {
        let object = try await client.get(Self.gitRepositoryKind, name: name, namespace: namespace)
        guard let artifact = object["status"]?["artifact"], !artifact.isNull else { return nil }
        return try APIConversion.decode(Artifact.self, from: artifact)
    }
}

/// `HelmChartSourceReader` over the API server.
public struct KubernetesHelmChartSources: HelmChartSourceReader {
    public let client: KubernetesClient

    public init(client: KubernetesClient) { self.client = client }

    public static let helmRepositoryKind = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: HelmRepository.kind)
    public static let helmChartKind = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: HelmChart.kind)

    public func helmRepository(name: String, namespace: String) async throws -> HelmRepository {
        try HelmRepository(json: try await client.get(Self.helmRepositoryKind, name: name, namespace: namespace))
    }

    public func gitRepositoryArtifact(name: String, namespace: String) async throws -> Artifact? {
        try await KubernetesGitRepositoryReader(client: client).artifact(ofGitRepository: name, namespace: namespace)
    }

    /// Objects that do not decode are left out: one broken HelmRepository must not fail another's chart.
    public func helmRepositories(namespace: String) async throws -> [HelmRepository] {
        try await client.listAll(Self.helmRepositoryKind, namespace: namespace).items.compactMap { try? HelmRepository(json: $0) }
    }
}
