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

/// Condition types shared by every Flux kind (fluxcd/pkg/apis/meta).
public enum ConditionType {
    public static let ready = "Ready"
    public static let reconciling = "Reconciling"
    public static let stalled = "Stalled"
    public static let healthy = "Healthy"
}

/// Condition reasons shared by every kind (Flux's `fluxcd/pkg/apis/meta` and `apis/acl`). Reasons
/// only one kind uses live beside that kind (``SourceReason``, ``KustomizationReason``).
public enum ConditionReason {
    public static let succeeded = "Succeeded"
    public static let failed = "Failed"
    public static let progressing = "Progressing"
    public static let progressingWithRetry = "ProgressingWithRetry"
    public static let suspended = "Suspended"
    public static let dependencyNotReady = "DependencyNotReady"
    public static let reconciliationSucceeded = "ReconciliationSucceeded"
    public static let reconciliationFailed = "ReconciliationFailed"
    /// A cross-namespace reference refused by `--no-cross-namespace-refs` (Flux's `acl.AccessDeniedReason`).
    public static let accessDenied = "AccessDenied"
    /// A spec value the controller cannot use (undecodable, a duration out of range, an invalid
    /// semver range, a field Ferry does not support): Ready=False and Stalled=True until the spec
    /// changes. Flux has no shared reason for this (its API server refuses most such objects);
    /// the name is Ferry's.
    public static let invalidSpec = "InvalidSpec"
    /// A CEL expression (health check, readyExpr) that does not parse (Flux's reason).
    public static let invalidCELExpression = "InvalidCELExpression"
}
