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
                throw ReconcileError.stalled(reason: "InvalidSpec", "invalid Kustomization: \(error)")
            }
        }
        var settings = KustomizationSettings(kustomization)
        if settings.spec.serviceAccountName == nil, let fallback = options.defaultServiceAccount {
            settings = settings.withServiceAccount(fallback)
        }
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

    public func objectDeleted(_ key: ObjectKey) async {
        memory.forget(owner: KustomizationOwner(name: key.name, namespace: key.namespace))
        await targets.forget(key)
    }
}

extension KustomizationSettings {
    func withServiceAccount(_ account: String) -> KustomizationSettings {
        var copy = kustomization
        copy.spec.serviceAccountName = account
        return KustomizationSettings(copy)
    }
}
