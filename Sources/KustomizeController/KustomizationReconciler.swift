import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Logging
import Manifests
import ResourceManager

/// Reconciles `kustomize.toolkit.fluxcd.io/v1` Kustomizations with Flux's semantics.
///
/// Each turn: finalizer first; deletion runs the deletion policy; a suspended object is left
/// alone; otherwise the steps of `KustomizationReconciler+Steps.swift` run in order
/// (dependencies → source → fetch → build → apply → prune → health), the first failure stops
/// them, and the status is summarised and written once at the end (plus a progress write before
/// slow work on a new revision). Whatever fails, nothing live is pruned or overwritten because
/// of the failure: prune runs only after a complete apply, and the inventory only shrinks by
/// what was really deleted.
public struct KustomizationReconciler: Reconciler {
    public struct Options: Sendable {
        /// How often a Kustomization waiting on a dependency or a source checks again
        /// (Flux's `--requeue-dependency`).
        public var requeueDependency: Duration = .seconds(30)
        /// Server-side applies and dry-runs in flight at once for one Kustomization.
        public var applyConcurrency = 16
        /// How often health checks poll (Flux: 5 s).
        public var healthPollInterval: Duration = .seconds(2)
        /// Where artifacts are extracted (a directory per reconcile, removed afterwards).
        public var workDirectory = NSTemporaryDirectory()
        /// Service account used when a Kustomization names none (`--default-service-account`).
        public var defaultServiceAccount: String?
        /// Refuse sources and dependencies in other namespaces (`--no-cross-namespace-refs`).
        public var noCrossNamespaceRefs = false
        /// What kubeconfigs from `spec.kubeConfig.secretRef` may do beyond inline credentials
        /// (`--insecure-kubeconfig-exec`, `--insecure-kubeconfig-tls`): nothing by default.
        public var kubeConfigAllowances = KubeConfigAllowances()

        public init() {}
    }

    /// The controller's client: reads sources and dependencies, writes status and events.
    public let client: KubernetesClient
    /// The Kustomizations as the controller's watch last saw them (dependencies, cycles).
    public let kustomizations: ObjectCache
    public let events: EventRecorder?
    public let options: Options
    let memory = AppliedStateMemory()
    let targets = TargetClients()
    let fetcher: ArtifactFetcher
    let logger: Logger

    public init(client: KubernetesClient, kustomizations: ObjectCache, events: EventRecorder?, options: Options = Options(),
                fetcher: ArtifactFetcher = ArtifactFetcher(), logger: Logger = Logger(label: "ferry.kustomization")) {
        self.client = client
        self.kustomizations = kustomizations
        self.events = events
        self.options = options
        self.fetcher = fetcher
        self.logger = logger
    }

    public func reconcile(_ object: JSONValue) async throws -> ReconcileResult {
        let kustomization: Kustomization
        do {
            kustomization = try Kustomization(json: object)
        } catch {
            return try await client.reconcileStatus(of: object) { _ in
                throw ReconcileError.stalled(reason: KustomizationReason.invalidSpec, "invalid Kustomization: \(error)")
            }
        }
        let settings = KustomizationSettings(kustomization, defaultServiceAccount: options.defaultServiceAccount)
        if object[path: "metadata", "deletionTimestamp"] != nil {
            return try await finalize(object, settings)
        }
        var current = object
        if !Finalizers.has(Finalizers.flux, in: object) {
            current = try await client.addFinalizer(Finalizers.flux, to: object)
        }
        if settings.spec.suspend == true { return .done }
        return try await run(current, settings)
    }

    /// `spec.timeout` (Flux's `GetTimeout`) bounds each wait of a reconcile (stage readiness,
    /// health checks); the whole reconcile gets it plus ``deadlineGrace`` for fetching,
    /// building and writing status. Unreadable specs get the default timeout's bound.
    public func deadline(for object: JSONValue) -> ReconcileDeadline? {
        guard let kustomization = try? Kustomization(json: object) else { return nil }
        let timeout = KustomizationSettings(kustomization).timeout
        return ReconcileDeadline(timeout + Self.deadlineGrace,
                                 origin: "spec.timeout \(GoDuration.format(seconds: timeout / .seconds(1))) + \(GoDuration.format(seconds: Self.deadlineGrace / .seconds(1)))")
    }

    public static let deadlineGrace: Duration = .seconds(30)

    public func objectDeleted(_ key: ObjectKey) async {
        memory.forget(owner: KustomizationOwner(name: key.name, namespace: key.namespace))
        await targets.forget(key)
    }
}

