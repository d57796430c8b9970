import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests

/// What an ImagePolicy reads besides its own object: the ImageRepository it names and, for one
/// in another namespace, the labels of its own namespace (the repository's `accessFrom`).
public protocol ImagePolicySources: Sendable {
    /// The ImageRepository, or nil when there is none of that name.
    func imageRepository(namespace: String, name: String) async throws -> ImageRepository?
    /// `metadata.labels` of namespace `name`.
    func namespaceLabels(_ name: String) async throws -> [String: String]
}

/// ``ImagePolicySources`` over the API server.
public struct KubernetesImagePolicySources: ImagePolicySources {
    public let client: KubernetesClient

    public init(client: KubernetesClient) { self.client = client }

    static let namespaceKind = GroupVersionKind(group: "", version: "v1", kind: "Namespace")

    public func imageRepository(namespace: String, name: String) async throws -> ImageRepository? {
        do {
            return try ImageRepository(json: try await client.get(ImageKinds.imageRepository, name: name, namespace: namespace))
        } catch let error as APIError where error.isNotFound {
            return nil
        }
    }

    public func namespaceLabels(_ name: String) async throws -> [String: String] {
        let object = try await client.get(Self.namespaceKind, name: name)
        var labels: [String: String] = [:]
        for (key, value) in object[path: "metadata", "labels"]?.objectValue ?? [:] {
            if let text = value.stringValue { labels[key] = text }
        }
        return labels
    }
}

/// Flux's ACL for a reference into another namespace (`accessFrom`): allowed when any
/// selector's `matchLabels` are all among the caller namespace's labels (an empty selector
/// matches every namespace); never without `accessFrom`. The same namespace is always allowed.
enum ImageRepositoryAccess {
    static func allows(_ accessFrom: AccessFrom?, labels: [String: String]) -> Bool {
        guard let accessFrom else { return false }
        return accessFrom.namespaceSelectors.contains { selector in
            (selector.matchLabels ?? [:]).allSatisfy { labels[$0.key] == $0.value }
        }
    }
}
