import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests
import SourceController

/// What an automation reads besides its own object: the GitRepository it writes to and the
/// ImagePolicies it applies. ImagePolicies are read as JSON (`status.latestRef`), so the
/// automation depends on Flux's API, not on a Swift type.
public protocol ImageAutomationSources: Sendable {
    /// The GitRepository, or nil when there is none of that name.
    func gitRepository(namespace: String, name: String) async throws -> GitRepository?
    /// The ImagePolicies of `namespace` whose labels match `labelSelector` (every one when nil).
    func imagePolicies(namespace: String, labelSelector: String?) async throws -> [JSONValue]
}

/// ``ImageAutomationSources`` over the API server.
public struct KubernetesImageAutomationSources: ImageAutomationSources {
    public let client: KubernetesClient

    public init(client: KubernetesClient) { self.client = client }

    public static let imagePolicyKind = GroupVersionKind(group: "image.toolkit.fluxcd.io", version: "v1", kind: "ImagePolicy")
    public static let automationKind = GroupVersionKind(group: "image.toolkit.fluxcd.io", version: "v1", kind: ImageUpdateAutomation.kind)

    public func gitRepository(namespace: String, name: String) async throws -> GitRepository? {
        do {
            let object = try await client.get(KubernetesGitRepositoryReader.gitRepositoryKind, name: name, namespace: namespace)
            return try GitRepository(json: object)
        } catch let error as APIError where error.isNotFound {
            return nil
        }
    }

    public func imagePolicies(namespace: String, labelSelector: String?) async throws -> [JSONValue] {
        try await client.listAll(Self.imagePolicyKind, namespace: namespace, options: ListOptions(labelSelector: labelSelector)).items
    }
}

extension ImagePolicyLatest {
    /// The policy's `status.latestRef`, nil when it has picked nothing yet.
    init?(policy: JSONValue) {
        guard let ref = policy[path: "status", "latestRef"], let image = ref["name"]?.stringValue, !image.isEmpty,
              let name = policy[path: "metadata", "name"]?.stringValue else { return nil }
        self.init(namespace: policy[path: "metadata", "namespace"]?.stringValue ?? "", name: name, image: image,
                  tag: ref["tag"]?.stringValue ?? "", digest: ref["digest"]?.stringValue ?? "")
    }

    var observed: ObservedImageRef {
        ObservedImageRef(name: image, tag: tag, digest: digest.isEmpty ? nil : digest)
    }
}
