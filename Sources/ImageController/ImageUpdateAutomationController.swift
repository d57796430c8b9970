import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import ServiceLifecycle
import SourceController

/// The ImageUpdateAutomation controller as `ferry controllers run` starts it: the controller,
/// and a watch of ImagePolicies that wakes the automations selecting a policy as soon as its
/// `status.latestRef` changes (Flux's `automationsForImagePolicy` with its latest-image
/// predicate), instead of waiting for their interval.
public struct ImageUpdateAutomationController: Sendable {
    public let controller: Controller<StepReconcilerRuntime<ImageUpdateAutomationReconciler>>
    public let services: [any Service]

    public init(client: KubernetesClient, namespace: String?, noCrossNamespaceRefs: Bool, options: ControllerOptions,
                metrics: ControllerMetrics?, events: EventRecorder?, leader: LeaderElector?) {
        var reconciler = ImageUpdateAutomationReconciler(sources: KubernetesImageAutomationSources(client: client),
                                                         secrets: KubernetesSecretReader(client: client))
        reconciler.noCrossNamespaceRefs = noCrossNamespaceRefs
        let cache = ObjectCache()
        controller = Controller(client: client, kind: KubernetesImageAutomationSources.automationKind, namespace: namespace,
                                reconciler: reconciler.runtime(client: client, events: events), cache: cache,
                                options: options, metrics: metrics, events: events, leader: leader)
        let watch = controller.watching(KubernetesImageAutomationSources.imagePolicyKind, namespace: namespace,
                                        when: Self.latestRefChanged) { policy in
            Self.automations(in: cache, selecting: policy)
        }
        services = [controller, watch]
    }

    /// A policy matters to automations when it appears, goes, or picks another image.
    @Sendable static func latestRefChanged(_ old: JSONValue?, _ new: JSONValue) -> Bool {
        old?[path: "status", "latestRef"] != new[path: "status", "latestRef"]
    }

    /// The automations of the policy's namespace whose `policySelector` selects it.
    static func automations(in cache: ObjectCache, selecting policy: JSONValue) -> [ObjectKey] {
        guard let namespace = policy[path: "metadata", "namespace"]?.stringValue else { return [] }
        let labels = (policy[path: "metadata", "labels"]?.objectValue ?? [:]).compactMapValues { $0.stringValue }
        let labelMap = Dictionary(labels.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        return cache.list(namespace: namespace).compactMap { object -> ObjectKey? in
            guard let automation = try? APIConversion.decode(ImageUpdateAutomation.self, from: object) else { return nil }
            let text: String?
            do { text = try ImageUpdateAutomationSettings.selector(automation.spec.policySelector) } catch { return nil }
            if let text, let selector = try? LabelSelector(text), !selector.matches(labelMap) { return nil }
            return ObjectKey(object)
        }
    }
}
