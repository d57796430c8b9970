import Manifests

extension InstallManifests {
    /// The controllers' Deployment, and the Service in front of the artifact server when the
    /// source controllers are installed.
    ///
    /// One pod runs every enabled controller (`ferry controllers run`, the image's entrypoint),
    /// with leader election on, so a rollout or a second replica never reconciles twice. It is
    /// locked down as Flux's controllers are: non-root (the image's uid 65532), read-only root
    /// filesystem, no privilege escalation, every capability dropped, the runtime's default
    /// seccomp profile. What it writes goes to two emptyDirs: `/tmp` (git sessions, gpg homes,
    /// chart and build scratch) and `/data` (artifacts and scanned image tags), so a restarted
    /// pod starts clean and the source controllers store every artifact again, as Flux's do.
    static func controllers(_ spec: InstallSpec) -> [JSONValue] {
        var objects: [JSONValue] = [deployment(spec)]
        if spec.components.contains(.sourceController) {
            objects.append(["apiVersion": "v1", "kind": "Service", "metadata": metadata(InstallSpec.artifactService, spec),
                            "spec": ["type": "ClusterIP", "selector": podSelector,
                                     "ports": [["name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"]]]])
        }
        return objects
    }

    /// The pods' identifying label: the Deployment's selector, immutable once created, so it
    /// never carries the version.
    static let podSelector: JSONValue = ["app": .string(InstallSpec.deployment)]

    /// `ferry controllers run`'s flags for the pod: every interface for the three ports, the
    /// emptyDir for storage, artifact URLs naming the Service.
    static func arguments(_ spec: InstallSpec) -> [String] {
        var args = ["--log-level=\(spec.logLevel)", "--log-encoding=json",
                    "--leader-elect=true", "--leader-election-namespace=\(spec.namespace)",
                    "--metrics-addr=:\(InstallSpec.metricsPort)", "--health-addr=:\(InstallSpec.healthPort)",
                    "--storage-addr=:\(InstallSpec.storagePort)", "--storage-path=/data/artifacts",
                    "--storage-adv-addr=\(spec.storageAdvertisedAddress)", "--image-storage-path=/data/image-tags"]
        if !spec.watchAllNamespaces { args.append("--watch-namespace=\(spec.namespace)") }
        for component in InstallComponent.allCases {
            args.append("\(component.enableFlag)=\(spec.components.contains(component))")
        }
        return args
    }

    static func deployment(_ spec: InstallSpec) -> JSONValue {
        var podLabels = labels(spec)
        podLabels["app"] = .string(InstallSpec.deployment)
        let probe: (String) -> JSONValue = { path in ["httpGet": ["path": .string(path), "port": "healthz"]] }
        let container: JSONValue = [
            "name": "manager",
            "image": .string(spec.image),
            "imagePullPolicy": "IfNotPresent",
            "args": .array(arguments(spec).map { .string($0) }),
            "ports": [
                ["containerPort": .int(InstallSpec.storagePort), "name": "http", "protocol": "TCP"],
                ["containerPort": .int(InstallSpec.metricsPort), "name": "http-prom", "protocol": "TCP"],
                ["containerPort": .int(InstallSpec.healthPort), "name": "healthz", "protocol": "TCP"],
            ],
            "livenessProbe": probe("/healthz"),
            "readinessProbe": probe("/readyz"),
            "resources": ["requests": ["cpu": "100m", "memory": "64Mi"], "limits": ["cpu": "1000m", "memory": "1Gi"]],
            "securityContext": [
                "allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "runAsNonRoot": true,
                "capabilities": ["drop": ["ALL"]], "seccompProfile": ["type": "RuntimeDefault"],
            ],
            "volumeMounts": [["name": "data", "mountPath": "/data"], ["name": "tmp", "mountPath": "/tmp"]],
        ]
        return [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": metadata(InstallSpec.deployment, spec),
            "spec": [
                "replicas": 1,
                // The artifacts live in the pod's emptyDir: a new pod replaces the old, never beside it.
                "strategy": ["type": "Recreate"],
                "selector": ["matchLabels": podSelector],
                "template": [
                    "metadata": ["labels": podLabels,
                                 "annotations": ["prometheus.io/scrape": "true", "prometheus.io/port": .string("\(InstallSpec.metricsPort)")]],
                    "spec": [
                        "serviceAccountName": .string(InstallSpec.serviceAccount),
                        // The controllers' own --graceful-shutdown-timeout (30s) plus slack.
                        "terminationGracePeriodSeconds": 60,
                        "securityContext": ["runAsNonRoot": true, "runAsUser": 65532, "runAsGroup": 65532, "fsGroup": 65532,
                                            "seccompProfile": ["type": "RuntimeDefault"]],
                        "containers": [container],
                        "volumes": [["name": "data", "emptyDir": [:]], ["name": "tmp", "emptyDir": [:]]],
                    ],
                ],
            ],
        ]
    }

    /// Flux's policies (fluxcd/flux2 `manifests/policies`): `allow-egress` lets the pods reach
    /// anything and be reached only from their own namespace (the artifact server is not
    /// open to the cluster); `allow-scraping` opens the metrics port to every namespace.
    /// Flux's third, `allow-webhooks`, opens notification-controller's webhook receiver to
    /// the cluster; Ferry has no receiver, so it has no such policy rather than one that would
    /// open the artifact and health ports to every namespace.
    static func networkPolicies(_ spec: InstallSpec) -> [JSONValue] {
        [
            ["apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": metadata("allow-egress", spec),
             "spec": ["podSelector": [:], "policyTypes": ["Ingress", "Egress"],
                      "ingress": [["from": [["podSelector": [:]]]]], "egress": [[:]]]],
            ["apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": metadata("allow-scraping", spec),
             "spec": ["podSelector": [:], "policyTypes": ["Ingress"],
                      "ingress": [["from": [["namespaceSelector": [:]]], "ports": [["protocol": "TCP", "port": .int(InstallSpec.metricsPort)]]]]]],
        ]
    }
}
