import Manifests

/// The defaults kube-apiserver before 1.21 needs *in the applied object* for server-side apply
/// of native kinds: a port list is keyed by `containerPort`/`port` **and `protocol`**, and an
/// entry without `protocol` makes the apply fail ("associative list with keys has an element
/// that omits key field \"protocol\""). Flux fills in these defaults before applying
/// (`fluxcd/pkg/ssa` `SetNativeKindsDefaults`); so does Ferry, for the same lists:
/// Service ports and the container ports of every pod template.
public enum NativeDefaults {
    public static func apply(to object: JSONValue) -> JSONValue {
        guard let kind = object.kind, let apiVersion = object.apiVersion else { return object }
        var copy = object
        switch (apiVersion, kind) {
        case ("v1", "Service"):
            copy[path: "spec", "ports"] = defaultProtocol(copy[path: "spec", "ports"])
        case ("v1", "Pod"):
            copy["spec"] = podSpec(copy["spec"])
        case ("v1", "ReplicationController"), ("apps/v1", "Deployment"), ("apps/v1", "StatefulSet"), ("apps/v1", "DaemonSet"),
             ("apps/v1", "ReplicaSet"), ("batch/v1", "Job"):
            copy[path: "spec", "template", "spec"] = podSpec(copy[path: "spec", "template", "spec"])
        case ("batch/v1", "CronJob"), ("batch/v1beta1", "CronJob"):
            copy[path: "spec", "jobTemplate", "spec", "template", "spec"] = podSpec(copy[path: "spec", "jobTemplate", "spec", "template", "spec"])
        default:
            return object
        }
        return copy
    }

    private static func podSpec(_ spec: JSONValue?) -> JSONValue? {
        guard var spec, spec.objectValue != nil else { return spec }
        for list in ["containers", "initContainers", "ephemeralContainers"] {
            guard let containers = spec[list]?.arrayValue else { continue }
            spec[list] = .array(containers.map { container in
                var c = container
                if c["ports"] != nil { c["ports"] = defaultProtocol(c["ports"]) }
                return c
            })
        }
        return spec
    }

    private static func defaultProtocol(_ ports: JSONValue?) -> JSONValue? {
        guard let entries = ports?.arrayValue else { return ports }
        return .array(entries.map { entry in
            guard entry.objectValue != nil, entry["protocol"] == nil else { return entry }
            var e = entry
            e["protocol"] = "TCP"
            return e
        })
    }
}
