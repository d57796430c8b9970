import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests
import ServiceLifecycle
import SourceController

/// The image reflector controllers as `ferry controllers run` starts them: ImageRepository and
/// ImagePolicy, sharing one ``TagStore``, and the watch that wakes an ImagePolicy when its
/// repository's scan found a different set of tags (Flux's `imageRepositoryPredicate`: a new
/// `lastScanResult.revision`), instead of waiting for anything else to change.
public struct ImageReflectorControllers: Sendable {
    public let repositories: Controller<StepReconcilerRuntime<ImageRepositoryReconciler>>
    public let policies: Controller<StepReconcilerRuntime<ImagePolicyReconciler>>
    public let services: [any Service]

    public init(client: KubernetesClient, store: TagStore, namespace: String?, requeueDependency: Duration, noCrossNamespaceRefs: Bool,
                controllerOptions: (String) -> ControllerOptions, metrics: ControllerMetrics?, events: EventRecorder?,
                leader: LeaderElector?) {
        let secrets = KubernetesSecretReader(client: client)
        let repositoryReconciler = ImageRepositoryReconciler(store: store, secrets: secrets)
        repositories = Controller(client: client, kind: ImageKinds.imageRepository, namespace: namespace,
                                  reconciler: repositoryReconciler.runtime(client: client, events: events),
                                  options: controllerOptions("imagerepository"), metrics: metrics, events: events, leader: leader)
        let cache = ObjectCache()
        let policyReconciler = ImagePolicyReconciler(store: store, sources: KubernetesImagePolicySources(client: client), secrets: secrets,
                                                     requeueDependency: requeueDependency, noCrossNamespaceRefs: noCrossNamespaceRefs)
        policies = Controller(client: client, kind: ImageKinds.imagePolicy, namespace: namespace,
                              reconciler: policyReconciler.runtime(client: client, events: events), cache: cache,
                              options: controllerOptions("imagepolicy"), metrics: metrics, events: events, leader: leader)
        let scanned = policies.watching(ImageKinds.imageRepository, namespace: namespace, when: Self.scanChanged) { repository in
            Self.policies(in: cache, referencing: repository)
        }
        services = [repositories, policies, scanned]
    }

    /// A new repository, or one whose last scan found another set of tags or another image.
    @Sendable static func scanChanged(_ old: JSONValue?, _ new: JSONValue) -> Bool {
        guard let old else { return true }
        let revision = { (object: JSONValue) in object[path: "status", "lastScanResult", "revision"] }
        let image = { (object: JSONValue) in object[path: "status", "canonicalImageName"] }
        return revision(old) != revision(new) || image(old) != image(new)
    }

    /// The cached ImagePolicies whose `imageRepositoryRef` names `repository`.
    static func policies(in cache: ObjectCache, referencing repository: JSONValue) -> [ObjectKey] {
        guard let name = repository.metadataName else { return [] }
        let namespace = repository.metadataNamespace ?? ""
        return cache.list().compactMap { policy in
            guard let reference = policy[path: "spec", "imageRepositoryRef"], reference["name"]?.stringValue == name else { return nil }
            let policyNamespace = policy.metadataNamespace ?? ""
            let target = reference["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? policyNamespace
            return target == namespace ? ObjectKey(policy) : nil
        }
    }
}
