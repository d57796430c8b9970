import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import ResourceManager
import Testing

/// The node tier: a control plane with a real node (`scripts/local-cluster up --node`), where
/// the kubelet runs the Pods a Kustomization applies, so `wait: true` and health checks judge
/// real readiness — a readiness probe answering, an image that is not there. `scripts/test`
/// runs this suite in a phase of its own against a node cluster; without one, every test
/// fails saying why (``LocalControlPlane/sharedNode()``), never passes on nothing.
@Suite struct NodeTierTests {
    @Test func aDeploymentBecomesAvailableOnTheNodeAndServesItsPage() async throws {
        let plane = try await LocalControlPlane.sharedNode()
        try await KustomizationEnv.with("node-web", plane: plane) { env in
            let commit = try await env.push(["apps/web.yaml": nodeWorkloadYAML("web", replicas: 2, message: "hello from git"),
                                             "apps/svc.yaml": nodeServiceYAML("web")])
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps", "wait": true, "timeout": "3m"])
            try await env.waitReady("apps", revision: commit, timeout: .seconds(240))
            let healthy = try #require(await env.condition("apps", "Healthy"))
            #expect(healthy["status"]?.stringValue == "True")
            #expect(healthy["message"]?.stringValue?.hasPrefix("Health check passed in ") == true)

            // Ready stood on the kubelet's word: both replicas available, their Pods Running
            // and Ready on the node, each with an address on the node's bridge.
            let deployment = try #require(await env.get(KustomizationEnv.deployment, "web"))
            #expect(deployment[path: "status", "availableReplicas"]?.intValue == 2)
            let pods = try await env.client.list(KustomizationEnv.pod, namespace: env.namespace,
                                                 options: ListOptions(labelSelector: "app=web")).items
            #expect(pods.count == 2)
            for pod in pods {
                let name = pod.metadataName ?? ""
                #expect(pod[path: "spec", "nodeName"]?.stringValue == plane.nodeName, "\(name)")
                #expect(pod[path: "status", "phase"]?.stringValue == "Running", "\(name)")
                let ready = pod[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
                #expect(ready?["status"]?.stringValue == "True", "\(name)")
                let ip = try #require(pod[path: "status", "podIP"]?.stringValue, "\(name) has no Pod IP")
                #expect(ip.hasPrefix("10.244.0."), "\(name): \(ip)")
                // The page, fetched from this machine over the bridge.
                let page = try await LocalControlPlane.run("/usr/bin/curl", ["-fsS", "--max-time", "10", "http://\(ip):8080/"])
                #expect(page == "hello from git from \(name)\n")
            }
            // And through the Service's cluster IP (kube-proxy's iptables rules).
            let service = try #require(await env.get(KustomizationEnv.service, "web"))
            let clusterIP = try #require(service[path: "spec", "clusterIP"]?.stringValue)
            var page = ""
            #expect(await eventually(timeout: .seconds(30), every: .milliseconds(250)) {
                page = (try? await LocalControlPlane.run("/usr/bin/curl", ["-fsS", "--max-time", "5", "http://\(clusterIP)/"])) ?? ""
                return !page.isEmpty
            })
            #expect(page.hasPrefix("hello from git from web-"), "\(page)")
        }
    }

    @Test func aJobOnTheNodeReadsTheAPIThroughTheKubernetesServiceAsItsServiceAccount() async throws {
        let plane = try await LocalControlPlane.sharedNode()
        try await KustomizationEnv.with("node-job", plane: plane) { env in
            // In-cluster configuration as a controller in a Pod uses it: the kubernetes
            // Service's address from the environment, the service-account token, RBAC.
            let commit = try await env.push(["apps/reader.yaml": readerYAML, "apps/cm.yaml": configMapYAML("greeting", ["text": "hello from the API"])])
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps", "wait": true, "timeout": "3m"])
            // Ready only once the Job completed (kstatus: a Job is Current when it has succeeded).
            try await env.waitReady("apps", revision: commit, timeout: .seconds(240))
            let job = try #require(await env.get(GroupVersionKind(group: "batch", version: "v1", kind: "Job"), "reader"))
            #expect(job[path: "status", "succeeded"]?.intValue == 1)
            let pods = try await env.client.list(KustomizationEnv.pod, namespace: env.namespace,
                                                 options: ListOptions(labelSelector: "job-name=reader")).items
            let pod = try #require(pods.first { $0[path: "status", "phase"]?.stringValue == "Succeeded" })
            // Its log, through the API server and the kubelet (kubelet client certificate, webhook authz).
            let log = try await LocalControlPlane.run("/usr/bin/curl", [
                "-fsS", "--max-time", "10", "--cacert", plane.caCertificate,
                "--cert", plane.directory + "/pki/admin.crt", "--key", plane.directory + "/pki/admin.key",
                plane.server + "/api/v1/namespaces/\(env.namespace)/pods/\(pod.metadataName ?? "")/log",
            ])
            let read = try JSONValue(json: log)
            #expect(read[path: "data", "text"]?.stringValue == "hello from the API", "\(log)")
        }
    }

    @Test func aMissingImageFailsTheHealthCheck() async throws {
        let plane = try await LocalControlPlane.sharedNode()
        try await KustomizationEnv.with("node-broken", plane: plane) { env in
            // imagePullPolicy: Never on an image the node does not have: the kubelet never
            // starts the container, and the Deployment controller gives up after 10 s.
            let broken = nodeWorkloadYAML("broken", image: "ferry.local/missing:1", replicas: 1, progressDeadlineSeconds: 10)
            try await env.push(["apps/broken.yaml": broken])
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps", "wait": true, "timeout": "5m"])
            let message = try await env.waitNotReady("apps", reason: KustomizationReason.healthCheckFailed, timeout: .seconds(240))
            #expect(message.hasPrefix("failed early due to stalled resources: [Deployment/\(env.namespace)/broken status: 'Failed']"),
                    "\(message)")
            #expect(await env.condition("apps", "Healthy")?["status"]?.stringValue == "False")

            // The failure is the node's: the container waits on ErrImageNeverPull, and the
            // rollout's deadline passed (what kstatus calls Failed: "Progress deadline exceeded").
            let pods = try await env.client.list(KustomizationEnv.pod, namespace: env.namespace,
                                                 options: ListOptions(labelSelector: "app=broken")).items
            let waiting = pods.first?[path: "status", "containerStatuses"]?.arrayValue?.first?[path: "state", "waiting", "reason"]?.stringValue
            #expect(waiting == KubernetesReason.errImageNeverPull)
            let deployment = try #require(await env.get(KustomizationEnv.deployment, "broken"))
            let progressing = deployment[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Progressing" }
            #expect(progressing?["reason"]?.stringValue == KubernetesReason.progressDeadlineExceeded)
        }
    }
}

/// A Deployment of the node's workload image (``LocalControlPlane/workloadImage``), ready when
/// its page answers; Pods are deleted at once (terminationGracePeriodSeconds: 0).
func nodeWorkloadYAML(_ name: String, image: String = LocalControlPlane.workloadImage, replicas: Int = 1,
                  message: String = "ferry workload", progressDeadlineSeconds: Int? = nil, namespace: String = "${NS}") -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: \(name)
      namespace: \(namespace)
    spec:
      replicas: \(replicas)
    \(progressDeadlineSeconds.map { "  progressDeadlineSeconds: \($0)\n" } ?? "")  selector:
        matchLabels: {app: \(name)}
      template:
        metadata:
          labels: {app: \(name)}
        spec:
          terminationGracePeriodSeconds: 0
          containers:
          - name: web
            image: \(image)
            imagePullPolicy: Never
            env:
            - {name: MESSAGE, value: "\(message)"}
            ports:
            - containerPort: 8080
            readinessProbe:
              httpGet: {path: /, port: 8080}
              periodSeconds: 1

    """
}

/// A Job whose Pod reads the ConfigMap `greeting` of its namespace from the API server, as
/// in-cluster clients do, allowed by a Role bound to the namespace's default service account.
private let readerYAML = """
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: {name: reader, namespace: ${NS}}
    rules:
    - {apiGroups: [""], resources: [configmaps], resourceNames: [greeting], verbs: [get]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata: {name: reader, namespace: ${NS}}
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
    subjects:
    - {kind: ServiceAccount, name: default, namespace: ${NS}}
    ---
    apiVersion: batch/v1
    kind: Job
    metadata: {name: reader, namespace: ${NS}}
    spec:
      backoffLimit: 3
      template:
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 0
          containers:
          - name: reader
            image: ferry.local/workload:1
            imagePullPolicy: Never
            command:
            - /bin/sh
            - -c
            - >-
              sa=/var/run/secrets/kubernetes.io/serviceaccount;
              wget -q -O- --header "Authorization: Bearer $(cat $sa/token)"
              "https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/api/v1/namespaces/$(cat $sa/namespace)/configmaps/greeting"
              2>/tmp/err || { cat /tmp/err; exit 1; }

    """

/// A ClusterIP Service on port 80 in front of the Pods labelled app=`name`.
func nodeServiceYAML(_ name: String, namespace: String = "${NS}") -> String {
    """
    apiVersion: v1
    kind: Service
    metadata:
      name: \(name)
      namespace: \(namespace)
    spec:
      selector: {app: \(name)}
      ports:
      - {port: 80, targetPort: 8080}

    """
}
