import ControllerRuntime
import FerryAPI
import KubernetesClient
import Logging
import Manifests
import NIOHTTP1

extension GitRepositoryReconciler {
    public static let kind = KubernetesGitRepositoryReader.gitRepositoryKind

    /// The whole reconcile's bound (``GitRepositorySettings/reconcileDeadline``). A spec whose
    /// numbers are invalid gets none of its own: the first step stalls it at once.
    @Sendable public static func deadline(for object: JSONValue) -> ReconcileDeadline? {
        guard let repository = try? GitRepository(json: object) else { return nil }
        return (try? GitRepositorySettings(spec: repository.spec))?.reconcileDeadline
    }

    /// The reconciler as the controller runs it: the runtime writes its status and events.
    public func runtime(client: KubernetesClient, events: EventRecorder?) -> StepReconcilerRuntime<Self> {
        StepReconcilerRuntime(self, client: client, events: events, deadline: Self.deadline)
    }
}

extension ArtifactStorage {
    /// Routes serving the stored artifacts (`GET /gitrepository/<ns>/<name>/<file>`) on the
    /// runtime's HTTP server.
    public var routes: [HTTPRoute] {
        [HTTPRoute(.GET, .prefix("/")) { request in
            guard let file = self.fileForRequest(path: request.path) else { return .text("not found\n", status: .notFound) }
            return .file(file, contentType: ArtifactStorage.contentType(of: file))
        }]
    }
}
