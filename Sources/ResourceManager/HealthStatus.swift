import Manifests

/// The kstatus health of one live object, as Flux's status poller computes it for `wait` and
/// `healthChecks` (`sigs.k8s.io/cli-utils/pkg/kstatus/status.Compute`, plus Flux's own Job
/// reader from `fluxcd/pkg/runtime/statusreaders`).
///
/// A pure function of the object: the wait loop polls, feeds each GET result here and stops
/// when everything is ``Status/current`` or, failing fast, when anything is ``Status/failed``.
public struct HealthStatus: Equatable, Sendable, CustomStringConvertible {
    public enum Status: String, Sendable {
        case current = "Current"
        case inProgress = "InProgress"
        case failed = "Failed"
        case terminating = "Terminating"
        /// The rules could not decide (for example a Pod phase kstatus does not know).
        case unknown = "Unknown"
    }

    public var status: Status
    /// kstatus's message, verbatim: Flux puts it in health-check failure messages.
    public var message: String

    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status.rawValue): \(message)" }

    /// Computes the status of `object`. `now` (seconds since 1970) is only used to give an
    /// unschedulable Pod kstatus's 15-second grace; without it such a Pod fails at once.
    public static func compute(_ object: JSONValue, now: Double? = nil) -> HealthStatus {
        let gvk = object.groupVersionKind
        let group = gvk?.group ?? ""
        let kind = gvk?.kind ?? ""
        // Flux replaces kstatus's Job reader wholesale: Current only once the Job completed.
        if group == "batch", kind == "Job" { return job(object) }
        if let generic = genericProperties(object) { return generic }
        switch (group, kind) {
        case ("", "Service"): return service(object)
        case ("", "Pod"): return pod(object, now: now)
        case ("", "Secret"), ("", "ConfigMap"), ("batch", "CronJob"):
            return HealthStatus(.current, "Resource is always ready")
        case ("", "PersistentVolumeClaim"): return persistentVolumeClaim(object)
        case ("apps", "StatefulSet"): return statefulSet(object)
        case ("apps", "DaemonSet"), ("extensions", "DaemonSet"): return daemonSet(object)
        case ("apps", "Deployment"), ("extensions", "Deployment"): return deployment(object)
        case ("apps", "ReplicaSet"), ("extensions", "ReplicaSet"): return replicaSet(object)
        case ("policy", "PodDisruptionBudget"): return HealthStatus(.current, "AllowedDisruptions has been computed.")
        case ("apiextensions.k8s.io", "CustomResourceDefinition"): return customResourceDefinition(object)
        default: return HealthStatus(.current, "Resource is current")
        }
    }

    /// `checkGenericProperties`: deletion, unobserved generation, and the standard
    /// `Reconciling`/`Stalled` conditions decide before any kind-specific rule. `Ready` is not
    /// consulted: an object with only `Ready=False` and no `Stalled` is Current to kstatus.
    static func genericProperties(_ object: JSONValue) -> HealthStatus? {
        if let deletion = object[path: "metadata", "deletionTimestamp"]?.stringValue, !deletion.isEmpty {
            return HealthStatus(.terminating, "Resource scheduled for deletion")
        }
        if let generation = object.generation,
           let observed = object[path: "status", "observedGeneration"]?.intValue, observed != generation
        {
            return HealthStatus(.inProgress,
                "\(object.kind ?? "") generation is \(generation), but latest observed generation is \(observed)")
        }
        for condition in conditions(object) where condition.status == "True" {
            if condition.type == "Reconciling" { return HealthStatus(.inProgress, condition.message) }
            if condition.type == "Stalled" { return HealthStatus(.failed, condition.message) }
        }
        return nil
    }

    struct Condition {
        var type: String
        var status: String
        var reason: String
        var message: String
    }

    static func conditions(_ object: JSONValue) -> [Condition] {
        (object[path: "status", "conditions"]?.arrayValue ?? []).map {
            Condition(type: $0["type"]?.stringValue ?? "", status: $0["status"]?.stringValue ?? "",
                      reason: $0["reason"]?.stringValue ?? "", message: $0["message"]?.stringValue ?? "")
        }
    }

    /// `GetIntField`: the integer at `path`, or `fallback` when missing or not an integer.
    static func int(_ object: JSONValue, _ path: String..., default fallback: Int) -> Int {
        object.value(at: path)?.intValue ?? fallback
    }

    static func string(_ object: JSONValue, _ path: String..., default fallback: String) -> String {
        object.value(at: path)?.stringValue ?? fallback
    }
}
