import ControllerRuntime
import FerryAPI
import KubernetesClient
import Logging
import Manifests
import NIOHTTP1

/// Plugs ``GitRepositoryReconciler`` (which knows Git and storage, not Kubernetes writes) into
/// the controller runtime: finalizer first, then the reconcile, then one status patch and the
/// events, and the outcome turned into the runtime's requeue / backoff / stall.
public struct GitRepositoryRuntimeReconciler: Reconciler {
    public let client: KubernetesClient
    public let reconciler: GitRepositoryReconciler
    public let events: EventRecorder?
    /// The controller's name in status writes (`gotk-source-controller` in Flux).
    public let statusManager = "gotk-source-controller"

    public init(client: KubernetesClient, reconciler: GitRepositoryReconciler, events: EventRecorder?) {
        self.client = client
        self.reconciler = reconciler
        self.events = events
    }

    public static let kind = KubernetesGitRepositoryReader.gitRepositoryKind

    /// The whole reconcile's bound (``GitRepositorySettings/reconcileDeadline``). A spec whose
    /// numbers are invalid gets none of its own: the first step stalls it at once.
    public func deadline(for object: JSONValue) -> ReconcileDeadline? {
        guard let repository = try? GitRepository(json: object) else { return nil }
        return (try? GitRepositorySettings(spec: repository.spec))?.reconcileDeadline
    }

    public func reconcile(_ object: JSONValue) async throws -> ReconcileResult {
        let deleting = object[path: "metadata", "deletionTimestamp"] != nil
        if deleting && !Finalizers.has(Finalizers.flux, in: object) { return .done }
        var current = object
        if !deleting && object[path: "spec", "suspend"]?.boolValue != true && !Finalizers.has(Finalizers.flux, in: object) {
            current = try await client.addFinalizer(Finalizers.flux, to: object)
        }
        let result = await reconciler.reconcile(object: current)
        for event in result.events {
            await events?.record(current, type: event.type == .warning ? .warning : .normal, reason: event.reason, message: event.message)
        }
        switch result.outcome {
        case .deleted:
            _ = try await client.removeFinalizer(Finalizers.flux, from: current)
            return .done
        case .suspended:
            return .done
        case .stored(let after), .upToDate(let after):
            _ = try await client.patchStatus(of: current, to: result.status.json)
            return .requeue(after: after, revision: result.revision)
        case .failed(let error):
            if !deleting { _ = try await client.patchStatus(of: current, to: result.status.json) }
            throw error.reconcileError
        }
    }
}

extension ArtifactStorage {
    /// Routes serving the stored artifacts (`GET /gitrepository/<ns>/<name>/<file>`) on the
    /// runtime's HTTP server.
    public var routes: [HTTPRoute] {
        [HTTPRoute(.GET, .prefix("/")) { request in
            guard let file = self.fileForRequest(path: request.path) else { return .text("not found\n", status: .notFound) }
            return .file(file, contentType: "application/gzip")
        }]
    }
}
