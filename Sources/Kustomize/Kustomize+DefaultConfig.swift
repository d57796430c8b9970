/// kustomize v5.5's builtin field specs (`api/internal/konfig/builtinpluginconsts`), written
/// compactly: a spec is `"Kind:path"`, `"group/Kind:path"` or `":path"` (any kind), with a
/// trailing `+` meaning "create if missing". Pod-spec references are expanded for every
/// workload kind by `podPaths`, which is how kustomize's tables are laid out too.
extension TransformerConfig {
    static let defaults: TransformerConfig = {
        var c = TransformerConfig()
        c.namePrefix = specs([":metadata/name"])
        c.nameSuffix = specs([":metadata/name"])
        c.namespace = specs([":metadata/namespace+", "v1/Namespace:metadata/name+", "RoleBinding:subjects", "ClusterRoleBinding:subjects",
                             "apiregistration.k8s.io/APIService:spec/service/namespace+",
                             "apiextensions.k8s.io/CustomResourceDefinition:spec/conversion/webhook/clientConfig/service/namespace"])
        let templateKinds = ["v1/ReplicationController", "Deployment", "ReplicaSet", "DaemonSet", "apps/StatefulSet", "batch/Job"]
        var metaLabels = [":metadata/labels+"]
        for k in templateKinds { metaLabels.append("\(k):spec/template/metadata/labels+") }
        metaLabels.append("apps/StatefulSet:spec/volumeClaimTemplates[]/metadata/labels+")
        metaLabels.append("batch/CronJob:spec/jobTemplate/metadata/labels+")
        metaLabels.append("batch/CronJob:spec/jobTemplate/spec/template/metadata/labels+")
        var selectors = [
            "v1/Service:spec/selector+", "v1/ReplicationController:spec/selector+",
            "Deployment:spec/selector/matchLabels+",
        ]
        let affinity = [
            "podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
            "podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
            "podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
            "podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
        ]
        for a in affinity { selectors.append("apps/Deployment:spec/template/spec/affinity/\(a)") }
        selectors.append("apps/Deployment:spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels")
        selectors += ["ReplicaSet:spec/selector/matchLabels+", "DaemonSet:spec/selector/matchLabels+",
                      "apps/StatefulSet:spec/selector/matchLabels+", "apps/StatefulSet:spec/volumeClaimTemplates[]/metadata/labels+"]
        for a in affinity { selectors.append("apps/StatefulSet:spec/template/spec/affinity/\(a)") }
        selectors.append("apps/StatefulSet:spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels")
        selectors += [
            "batch/Job:spec/selector/matchLabels", "batch/CronJob:spec/jobTemplate/spec/selector/matchLabels",
            "policy/PodDisruptionBudget:spec/selector/matchLabels",
            "networking.k8s.io/NetworkPolicy:spec/podSelector/matchLabels",
            "networking.k8s.io/NetworkPolicy:spec/ingress/from/podSelector/matchLabels",
            "networking.k8s.io/NetworkPolicy:spec/egress/to/podSelector/matchLabels",
        ]
        c.commonLabels = specs(selectors + metaLabels)
        c.templateLabels = specs(metaLabels)
        c.commonAnnotations = specs(metaLabels.filter { !$0.contains("volumeClaimTemplates") }
            .map { $0.replacingOccurrences(of: "/labels", with: "/annotations") })
        c.images = specs([":spec/containers/image+", ":spec/initContainers/image+",
                          ":spec/template/spec/containers/image+", ":spec/template/spec/initContainers/image+"])
        c.replicas = specs(["Deployment:spec/replicas+", "ReplicationController:spec/replicas+",
                            "ReplicaSet:spec/replicas+", "StatefulSet:spec/replicas+"])
        c.varReference = specs(varReferencePaths())
        c.nameReference = nameReferences()
        return c
    }()

    static func specs(_ list: [String]) -> [FieldSpec] {
        list.map { entry in
            var e = entry
            let create = e.hasSuffix("+")
            if create { e.removeLast() }
            let colon = e.firstIndex(of: ":")!
            let sel = String(e[..<colon]), path = String(e[e.index(after: colon)...])
            var gvk = GVK(group: "", version: "", kind: "")
            if let slash = sel.lastIndex(of: "/") {
                let gv = String(sel[..<slash])
                gvk.kind = String(sel[sel.index(after: slash)...])
                if gv == "v1" { gvk.version = "v1" } else { gvk.group = gv }
            } else {
                gvk.kind = sel
            }
            return FieldSpec(gvk: gvk, path: path, create: create)
        }
    }

    /// Pod-spec `paths` for every kind that embeds a pod spec, with each kind's prefix.
    static func podPaths(_ paths: [String], kinds: [(String, String)]? = nil) -> [String] {
        let all = kinds ?? [("v1/Pod", "spec/"), ("PodTemplate", "template/spec/"), ("Deployment", "spec/template/spec/"),
                            ("ReplicaSet", "spec/template/spec/"), ("DaemonSet", "spec/template/spec/"),
                            ("StatefulSet", "spec/template/spec/"), ("Job", "spec/template/spec/"),
                            ("CronJob", "spec/jobTemplate/spec/template/spec/")]
        return all.flatMap { kind, prefix in paths.map { "\(kind):\(prefix)\($0)" } }
    }

    static func nameReferences() -> [NameReference] {
        func ref(_ target: String, _ list: [String]) -> NameReference {
            let t = specs([target + ":x"])[0].gvk
            return NameReference(gvk: t, specs: specs(list))
        }
        let cm = ["volumes/configMap/name", "containers/env/valueFrom/configMapKeyRef/name",
                  "initContainers/env/valueFrom/configMapKeyRef/name", "containers/envFrom/configMapRef/name",
                  "initContainers/envFrom/configMapRef/name", "volumes/projected/sources/configMap/name"]
        let secret = ["volumes/secret/secretName", "containers/env/valueFrom/secretKeyRef/name",
                      "initContainers/env/valueFrom/secretKeyRef/name", "containers/envFrom/secretRef/name",
                      "initContainers/envFrom/secretRef/name", "imagePullSecrets/name",
                      "volumes/projected/sources/secret/name"]
        let workloads = [("StatefulSet", "spec/template/spec/"), ("Deployment", "spec/template/spec/"),
                         ("ReplicationController", "spec/template/spec/"), ("CronJob", "spec/jobTemplate/spec/template/spec/"),
                         ("Job", "spec/template/spec/"), ("DaemonSet", "spec/template/spec/")]
        let hpa = "HorizontalPodAutoscaler:spec/scaleTargetRef/name"
        return [
            ref("Deployment", [hpa]), ref("ReplicationController", [hpa]), ref("ReplicaSet", [hpa]), ref("StatefulSet", [hpa]),
            ref("v1/ConfigMap", podPaths(cm) + [
                "Node:spec/configSource/configMap", "Role:rules/resourceNames", "ClusterRole:rules/resourceNames",
                "Ingress:metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap",
            ]),
            ref("v1/Secret", podPaths(secret) + [
                "Ingress:spec/tls/secretName", "Ingress:metadata/annotations/ingress.kubernetes.io\\/auth-secret",
                "Ingress:metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret",
                "Ingress:metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret",
                "ServiceAccount:imagePullSecrets/name", "StorageClass:parameters/secretName",
                "StorageClass:parameters/adminSecretName", "StorageClass:parameters/userSecretName",
                "StorageClass:parameters/secretRef", "Role:rules/resourceNames", "ClusterRole:rules/resourceNames",
                "serving.knative.dev/Service:spec/template/spec/containers/env/valueFrom/secretKeyRef/name",
                "PersistentVolume:spec/azureFile/secretName",
            ]),
            ref("v1/Service", [
                "apps/StatefulSet:spec/serviceName", "Ingress:spec/rules/http/paths/backend/serviceName",
                "Ingress:spec/backend/serviceName", "Ingress:spec/rules/http/paths/backend/service/name",
                "Ingress:spec/defaultBackend/service/name", "apiregistration.k8s.io/APIService:spec/service/name",
                "admissionregistration.k8s.io/ValidatingWebhookConfiguration:webhooks/clientConfig/service",
                "admissionregistration.k8s.io/MutatingWebhookConfiguration:webhooks/clientConfig/service",
                "HTTPRoute:spec/rules/backendRefs/name",
            ]),
            ref("rbac.authorization.k8s.io/Role", ["rbac.authorization.k8s.io/RoleBinding:roleRef/name"]),
            ref("rbac.authorization.k8s.io/ClusterRole", ["rbac.authorization.k8s.io/RoleBinding:roleRef/name",
                                                          "rbac.authorization.k8s.io/ClusterRoleBinding:roleRef/name"]),
            ref("v1/ServiceAccount", ["rbac.authorization.k8s.io/RoleBinding:subjects",
                                      "rbac.authorization.k8s.io/ClusterRoleBinding:subjects", "Pod:spec/serviceAccountName"]
                + podPaths(["serviceAccountName"], kinds: workloads)),
            ref("v1/PersistentVolumeClaim", ["Pod:spec/volumes/persistentVolumeClaim/claimName"]
                + podPaths(["volumes/persistentVolumeClaim/claimName"], kinds: workloads)),
            ref("v1/PersistentVolume", ["PersistentVolumeClaim:spec/volumeName", "ClusterRole:rules/resourceNames"]),
            ref("storage.k8s.io/StorageClass", ["PersistentVolume:spec/storageClassName",
                                                "PersistentVolumeClaim:spec/storageClassName",
                                                "StatefulSet:spec/volumeClaimTemplates/spec/storageClassName"]),
            ref("scheduling.k8s.io/PriorityClass", ["Pod:spec/priorityClassName"]
                + podPaths(["priorityClassName"], kinds: workloads)),
            ref("networking.k8s.io/v1/IngressClass", ["Ingress:spec/ingressClassName"]),
            ref("admissionregistration.k8s.io/ValidatingAdmissionPolicy",
                ["admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding:spec/policyName"]),
        ]
    }

    /// Where `$(VAR)` references are expanded (kustomize's `varReference` defaults).
    static func varReferencePaths() -> [String] {
        let container = ["containers/args", "containers/command", "containers/env/value", "containers/volumeMounts/mountPath",
                         "initContainers/args", "initContainers/command", "initContainers/env/value",
                         "initContainers/volumeMounts/mountPath", "volumes/nfs/server"]
        let kinds = [("CronJob", "spec/jobTemplate/spec/template/spec/"), ("DaemonSet", "spec/template/spec/"),
                     ("Deployment", "spec/template/spec/"), ("Job", "spec/template/spec/"), ("Pod", "spec/"),
                     ("ReplicaSet", "spec/template/spec/"), ("StatefulSet", "spec/template/spec/")]
        return podPaths(container, kinds: kinds) + [
            "Ingress:spec/rules/host", "Ingress:spec/tls/hosts", "Ingress:spec/tls/secretName",
            "Service:spec/ports/port", "Service:spec/ports/targetPort", ":metadata/labels", ":metadata/annotations",
            "PersistentVolume:spec/nfs/server", "StatefulSet:spec/volumeClaimTemplates/spec/nfs/server",
            "CronJob:spec/jobTemplate/spec/template/volumes/nfs/server", "Deployment:spec/template/metadata/annotations",
            "StatefulSet:spec/template/metadata/annotations", "DaemonSet:spec/template/metadata/annotations",
            "Job:spec/template/metadata/annotations", "ReplicaSet:spec/template/metadata/annotations",
        ]
    }
}
