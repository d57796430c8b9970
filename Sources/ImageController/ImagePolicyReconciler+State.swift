import ControllerRuntime
import FerryAPI
import Foundation
import Manifests

/// What one ImagePolicy reconcile has learned so far; each step reads and extends it.
public struct ImagePolicyRun: ReconcileRun {
    public let object: JSONValue
    let policy: ImagePolicy
    var status: ImagePolicyStatus
    public var conditions: Conditions
    public var events: [EventDraft] = []
    public var progressSink = ProgressSink.discard
    var now: Date
    var settings: ImagePolicySettings?
    var repository: ImageRepository?
    var image: ImageName?
    /// The tag the rule picked.
    var latestTag: String?

    init(policy: ImagePolicy, object: JSONValue, now: Date) {
        self.object = object
        self.policy = policy
        self.status = policy.status ?? ImagePolicyStatus()
        self.conditions = Conditions(of: object)
        self.now = now
    }

    public var statusFields: JSONValue {
        var fields = status.json
        fields["conditions"] = nil
        return fields
    }

    var namespace: String { policy.metadata.namespace ?? "default" }
    var name: String { policy.metadata.name }
    var spec: ImagePolicySpec { policy.spec }
    /// The namespace of the ImageRepository: the reference's, else the policy's.
    var repositoryNamespace: String {
        if let namespace = spec.imageRepositoryRef.namespace, !namespace.isEmpty { return namespace }
        return namespace
    }

    /// Ready's message (Flux's): "Latest image tag for NAME resolved to TAG[ with digest D][
    /// (previously NAME:TAG[@D])]".
    var readyMessage: String {
        guard let latest = status.latestRef else { return "" }
        var message = "Latest image tag for \(latest.name) resolved to \(latest.tag)"
        if let digest = latest.digest, !digest.isEmpty { message += " with digest \(digest)" }
        if let previous = status.observedPreviousRef, previous != latest {
            message += " (previously \(previous.reference))"
        }
        return message
    }
}
