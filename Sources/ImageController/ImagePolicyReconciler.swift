import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import SourceController

/// Picks the latest image of an ImagePolicy's ImageRepository in the runtime's one reconciler
/// shape (``StepReconciler``): the steps of `ImagePolicyReconciler+Steps.swift` run in order on
/// an ``ImagePolicyRun``. `status.latestRef` only changes to a tag the rule picked; a failure or
/// a policy that matches nothing leaves it as it was.
public struct ImagePolicyReconciler: StepReconciler {
    public var store: TagStore
    public var sources: any ImagePolicySources
    public var secrets: any SecretReader
    /// How long a policy whose repository has no tags yet waits before it looks again (a new
    /// scan wakes it earlier).
    public var requeueDependency: Duration
    /// `--no-cross-namespace-refs`: refuse ImageRepositories in other namespaces.
    public var noCrossNamespaceRefs: Bool
    public var now: @Sendable () -> Date

    public init(store: TagStore, sources: any ImagePolicySources, secrets: any SecretReader, requeueDependency: Duration = .seconds(30),
                noCrossNamespaceRefs: Bool = false, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.sources = sources
        self.secrets = secrets
        self.requeueDependency = requeueDependency
        self.noCrossNamespaceRefs = noCrossNamespaceRefs
        self.now = now
    }

    /// The steps, as Flux's ImagePolicy reconciler orders them.
    public var steps: [ReconcileStep<Self>] {
        [
            ReconcileStep("checkSpec") { try await $0.checkSpec(&$1) },
            ReconcileStep("getRepository") { try await $0.getRepository(&$1) },
            ReconcileStep("applyPolicy") { try await $0.applyPolicy(&$1) },
            ReconcileStep("reflectDigest") { try await $0.reflectDigest(&$1) },
        ]
    }

    public func decode(_ object: JSONValue) throws -> ImagePolicy { try ImagePolicy(json: object) }

    public func isSuspended(_ policy: ImagePolicy) -> Bool { policy.spec.suspend == true }

    public func start(_ policy: ImagePolicy, json: JSONValue) throws(ReconcileError) -> ImagePolicyRun {
        ImagePolicyRun(policy: policy, object: json, now: now())
    }

    /// Ready=True/Succeeded "Latest image tag for … resolved to …"; back after `spec.interval`
    /// with digest reflection `Always`, else only when the repository's tags or the spec change.
    public func succeeded(_ run: ImagePolicyRun) -> ReconcileSuccess {
        ReconcileSuccess(reason: ConditionReason.succeeded, message: run.readyMessage, requeueAfter: run.settings?.interval,
                         revision: run.status.latestRef?.reference)
    }

    /// Nothing is kept per policy.
    public func finalize(_ policy: ImagePolicy, json: JSONValue) async throws(ReconcileError) -> [EventDraft] { [] }

    public func runtime(client: KubernetesClient, events: EventRecorder?) -> StepReconcilerRuntime<Self> {
        StepReconcilerRuntime(self, client: client, events: events)
    }
}
