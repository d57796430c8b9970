/// A status condition as Kubernetes' `metav1.Condition` defines it and Flux uses it.
public struct Condition: Codable, Hashable, Sendable {
    public var type: String
    /// "True", "False" or "Unknown".
    public var status: String
    public var observedGeneration: Int?
    /// RFC 3339 time of the last change of `status`.
    public var lastTransitionTime: String
    public var reason: String
    public var message: String

    public init(type: String, status: String, observedGeneration: Int? = nil, lastTransitionTime: String,
                reason: String, message: String) {
        self.type = type
        self.status = status
        self.observedGeneration = observedGeneration
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
}

/// Condition types and reasons shared by every Flux kind (fluxcd/pkg/apis/meta).
public enum ConditionType {
    public static let ready = "Ready"
    public static let reconciling = "Reconciling"
    public static let stalled = "Stalled"
    public static let healthy = "Healthy"
}
