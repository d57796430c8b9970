import Manifests

/// Merge keys and patch strategies of list fields, for strategic merge.
///
/// kustomize embeds the Kubernetes v1.21.2 OpenAPI document and reads each list field's
/// `x-kubernetes-patch-merge-key` from it. This table was written by hand from those markers
/// on the core/apps/batch/rbac/networking types: only the *field names* matter because the
/// markers are consistent across types (`containers` always merge on `name`, `volumeMounts`
/// on `mountPath`, …; Service `ports` on `port`, container `ports` on `containerPort`).
/// Lists without a marker (`tolerations`, `args`, `envFrom`, `rules`, …) are atomic.
/// Kinds the schema does not know (custom resources, removed API versions such as
/// `extensions/v1beta1` Deployments) have no markers at all, so every list of theirs is
/// replaced — unless a kustomization's `openapi: {path: …}` supplies a schema for them.
/// A generator script reading a live API server's `/openapi/v2` can replace the table later.
struct PatchSchema: Sendable {
    /// Merge keys by field name from a custom `openapi.path` schema, and the kinds it defines.
    var customKeys: [String: String] = [:]
    var customKinds: Set<GVK> = []

    static let builtin = PatchSchema()

    static let keys: [String: String] = [
        "containers": "name", "initContainers": "name", "ephemeralContainers": "name",
        "volumes": "name", "env": "name", "volumeMounts": "mountPath", "volumeDevices": "devicePath",
        "imagePullSecrets": "name", "hostAliases": "ip", "topologySpreadConstraints": "topologyKey",
        "conditions": "type", "ownerReferences": "uid", "secrets": "name",
        "resourceClaims": "name", "schedulingGates": "name", "webhooks": "name",
    ]

    /// Merge keys whose list also keys on `protocol`.
    static let protocolKeyed: Set<String> = ["containerPort", "port"]

    /// Primitive lists with strategy `merge` (union of values).
    static let mergedPrimitive: Set<String> = ["finalizers", "podCIDRs"]

    /// Is this kind described by the schema in use?
    func knows(_ gvk: GVK) -> Bool {
        customKinds.contains(gvk) || PatchSchema.builtinGVKs.contains(gvk)
    }

    /// The merge key of list `field` (at `path`) in an object of kind `gvk`; nil means replace.
    func mergeKey(gvk: GVK, field: String, path: [String]) -> String? {
        // A custom schema may `$ref` the builtin Kubernetes definitions (PodTemplateSpec, …),
        // so its kinds fall back to the builtin markers for fields it does not describe.
        if customKinds.contains(gvk), let key = customKeys[field] { return key }
        guard knows(gvk) else { return nil }
        // ServiceAccount.imagePullSecrets has no merge key (PodSpec's has `name`).
        if field == "imagePullSecrets" && gvk.kind == "ServiceAccount" { return nil }
        if field == "ports" {
            if path.contains("containers") || path.contains("initContainers") || path.contains("ephemeralContainers") {
                return "containerPort"
            }
            return gvk.kind == "Service" ? "port" : nil
        }
        return PatchSchema.keys[field]
    }

    func isMergedPrimitiveList(gvk: GVK, field: String) -> Bool {
        PatchSchema.mergedPrimitive.contains(field) && (knows(gvk) || field == "finalizers")
    }

    /// Reads `x-kubernetes-group-version-kind` and `x-kubernetes-patch-merge-key` markers
    /// from a swagger/OpenAPI v2 document (`openapi: {path: …}`).
    static func custom(_ doc: JSONValue) -> PatchSchema {
        var s = PatchSchema()
        for (_, def) in doc["definitions"]?.objectValue ?? [:] {
            for g in def["x-kubernetes-group-version-kind"]?.arrayValue ?? [] {
                s.customKinds.insert(GVK(group: g["group"]?.stringValue ?? "", version: g["version"]?.stringValue ?? "",
                                         kind: g["kind"]?.stringValue ?? ""))
            }
        }
        func walk(_ v: JSONValue) {
            switch v {
            case .object(let o):
                for (name, prop) in o["properties"]?.objectValue ?? [:] {
                    if let key = prop["x-kubernetes-patch-merge-key"]?.stringValue { s.customKeys[name] = key }
                }
                for (_, c) in o { walk(c) }
            case .array(let a): a.forEach(walk)
            default: break
            }
        }
        walk(doc)
        return s
    }

    /// The group/version/kinds of the Kubernetes v1.21 API that kustomize's schema describes.
    static let builtinGVKs: Set<GVK> = {
        var set = Set<GVK>()
        func add(_ gv: String, _ kinds: [String]) {
            for k in kinds { set.insert(GVK(apiVersion: gv, kind: k)) }
        }
        add("v1", ["Binding", "ComponentStatus", "ConfigMap", "Endpoints", "Event", "LimitRange", "Namespace", "Node",
                   "PersistentVolume", "PersistentVolumeClaim", "Pod", "PodTemplate", "ReplicationController",
                   "ResourceQuota", "Secret", "Service", "ServiceAccount"])
        add("apps/v1", ["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"])
        add("batch/v1", ["Job", "CronJob"])
        add("batch/v1beta1", ["CronJob"])
        for v in ["autoscaling/v1", "autoscaling/v2beta1", "autoscaling/v2beta2"] { add(v, ["HorizontalPodAutoscaler"]) }
        add("networking.k8s.io/v1", ["Ingress", "IngressClass", "NetworkPolicy"])
        add("networking.k8s.io/v1beta1", ["Ingress", "IngressClass"])
        add("extensions/v1beta1", ["Ingress"])
        add("policy/v1", ["PodDisruptionBudget"])
        add("policy/v1beta1", ["PodDisruptionBudget", "PodSecurityPolicy"])
        for v in ["rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1"] {
            add(v, ["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"])
        }
        add("storage.k8s.io/v1", ["StorageClass", "VolumeAttachment", "CSIDriver", "CSINode"])
        add("storage.k8s.io/v1beta1", ["StorageClass", "VolumeAttachment", "CSIDriver", "CSINode", "CSIStorageCapacity"])
        for v in ["admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1beta1"] {
            add(v, ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"])
        }
        add("apiextensions.k8s.io/v1", ["CustomResourceDefinition"])
        add("apiextensions.k8s.io/v1beta1", ["CustomResourceDefinition"])
        add("scheduling.k8s.io/v1", ["PriorityClass"])
        add("scheduling.k8s.io/v1beta1", ["PriorityClass"])
        add("coordination.k8s.io/v1", ["Lease"])
        add("discovery.k8s.io/v1", ["EndpointSlice"])
        add("discovery.k8s.io/v1beta1", ["EndpointSlice"])
        add("node.k8s.io/v1", ["RuntimeClass"])
        add("certificates.k8s.io/v1", ["CertificateSigningRequest"])
        add("events.k8s.io/v1", ["Event"])
        add("apiregistration.k8s.io/v1", ["APIService"])
        return set
    }()
}
