import Manifests

/// Merge keys and patch strategies of Kubernetes list fields, for strategic merge.
///
/// Derived by hand from the `x-kubernetes-patch-merge-key` / `x-kubernetes-patch-strategy`
/// markers of the Kubernetes core/apps/batch/rbac/networking types (the same OpenAPI data
/// kustomize embeds). Lists the API marks atomic (no merge key: `tolerations`, `args`,
/// `envFrom`, `rules`, `subjects`, …) are replaced by a patch. For types the table does not
/// know (custom resources), kyaml infers a key when every element carries one of a few
/// well-known fields; `inferredKeys` replays that.
enum PatchSchema {
    /// field name → merge key, for fields whose key does not depend on where they appear.
    static let keys: [String: String] = [
        "containers": "name", "initContainers": "name", "ephemeralContainers": "name",
        "volumes": "name", "env": "name", "volumeMounts": "mountPath", "volumeDevices": "devicePath",
        "imagePullSecrets": "name", "hostAliases": "ip", "topologySpreadConstraints": "topologyKey",
        "conditions": "type", "ownerReferences": "uid", "secrets": "name",
        "resourceClaims": "name", "schedulingGates": "name", "readinessGates": "conditionType",
    ]

    /// Lists that are atomic in the schema (a patch replaces them).
    static let atomic: Set<String> = [
        "tolerations", "args", "command", "envFrom", "rules", "subjects", "resourceNames", "verbs",
        "apiGroups", "resources", "nonResourceURLs", "hosts", "tls", "paths", "ingress", "egress",
        "from", "to", "accessModes", "finalizersx", "volumeClaimTemplates", "matchExpressions",
        "nodeSelectorTerms", "values", "items", "sources", "webhooks", "clusterIPs", "ipFamilies",
        "externalIPs", "loadBalancerSourceRanges", "capabilities", "add", "drop", "options", "nameservers",
        "searches", "keyToPath", "http", "httpHeaders",
    ]

    /// Primitive lists with strategy `merge` (union of values).
    static let mergedPrimitive: Set<String> = ["finalizers"]

    static let inferredKeys = ["mountPath", "devicePath", "ip", "type", "topologyKey", "name", "containerPort"]

    static func mergeKey(field: String, path: [String], elements: [JSONValue]) -> String? {
        if field == "ports" {
            // Service ports merge on `port`, container ports on `containerPort`.
            if path.contains("containers") || path.contains("initContainers") || path.contains("ephemeralContainers") {
                return "containerPort"
            }
            if path.first == "spec" && path.count == 2 { return "port" }
            return elements.allSatisfy({ $0["containerPort"] != nil }) ? "containerPort" : "port"
        }
        if let k = keys[field] { return k }
        if atomic.contains(field) { return nil }
        let maps = elements.compactMap(\.objectValue)
        guard !maps.isEmpty, maps.count == elements.count else { return nil }
        for key in inferredKeys where maps.allSatisfy({ $0[key] != nil }) { return key }
        return nil
    }

    static func isMergedPrimitiveList(field: String, path: [String]) -> Bool {
        mergedPrimitive.contains(field)
    }
}
