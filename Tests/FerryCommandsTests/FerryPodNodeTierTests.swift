import ChildProcess
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// Ferry as a Pod, on the node tier's real node (its name ends in `NodeTierTests`, so
/// `scripts/test` runs it in the node phase and skips it in the main run): the image
/// `scripts/ferry-image` builds — here around this build's own binary — loaded into the node's
/// containerd (and pushed to a registry, where skopeo reads it), `ferry install` waiting until the kubelet reports the controllers' pod ready
/// (non-root, read-only root filesystem, probes on /healthz and /readyz), and the controllers
/// in it working through in-cluster configuration as the installed ServiceAccount: they hold
/// the leader-election Lease and reconcile a Kustomization; killed, the pod is replaced and the
/// replacement takes over and converges.
///
/// GitOps from inside the pod: a Git server listening on the node's address as well as
/// loopback is cloned by the pod's source controller, and its artifact — advertised under the
/// artifact Service's name, which the node tier cannot resolve (no cluster DNS) — is read by
/// the pod's Kustomization controller from its own storage (LocalArtifacts), then applied as
/// the installed ServiceAccount; `ferry logs` reads the pod's log; a commit pushed after the
/// pod was replaced is applied too. Scaled to two replicas, deleting the leader's pod hands the
/// Lease to a live replica within seconds, and the new leader applies the next commit.
@Suite struct FerryPodNodeTierTests {
    static let lease = GroupVersionKind(group: "coordination.k8s.io", version: "v1", kind: "Lease")
    static let pod = GroupVersionKind(group: "", version: "v1", kind: "Pod")
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
    static let kustomization = GroupVersionKind(group: "kustomize.toolkit.fluxcd.io", version: "v1", kind: "Kustomization")

    static func configMapYAML(_ namespace: String, _ release: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-git\n  namespace: \(namespace)\ndata:\n  release: \(release)\n"
    }

    /// Whether the Kustomization `name` is Ready at `revision` and the ConfigMap it applies says `release`.
    static func applied(_ client: KubernetesClient, _ ns: String, _ name: String, revision: String, release: String) async -> Bool {
        let object = try? await client.get(kustomization, name: name, namespace: ns)
        let ready = object?[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "Ready" }
        guard ready?["status"] == "True", object?[path: "status", "lastAppliedRevision"]?.stringValue == revision else { return false }
        return (try? await client.get(configMap, name: "from-git", namespace: ns))?[path: "data", "release"]?.stringValue == release
    }

    @Test func installedControllersRunAsAPodAndReconcileThroughInClusterConfig() async throws {
        let plane = try await LocalControlPlane.sharedNode()
        let client = try plane.adminClient()
        let tag = "node-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let ns = "ferry-pod-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let script = LocalControlPlane.packageRoot + "/scripts/ferry-image"
        let cache = NSTemporaryDirectory() + "ferry-image-" + tag
        defer { try? FileManager.default.removeItem(atPath: cache) }
        var git: GitServer?
        do {
            let deps = try await ChildProcess.run(script, ["install"])
            try #require(deps.status == 0, "\(deps.stderrText)")
            let built = try await ChildProcess.run(script, ["build", "--skip-build", "--tag", tag],
                                                   environment: ProcessInfo.processInfo.environment.merging(
                                                       ["FERRY_BINARY": FerryCLI.executable, "FERRY_CACHE_DIR": cache]) { $1 })
            try #require(built.status == 0, "\(built.stdoutText)\(built.stderrText)")
            let archive = try #require(built.stdoutText.split(separator: "\n").first { $0.hasPrefix("archive: ") }?.dropFirst("archive: ".count))
            #expect(built.stdoutText.contains("image: ferry.local/ferry:\(tag)\n"))
            try await plane.loadImage(archive: String(archive))

            // The same image pushed to a registry (Debian's docker-registry) and read back by skopeo.
            let registry = try await RegistryFixture.shared()
            let repository = registry.host + "/" + registry.uniquePath("ferry-image")
            let pushed = try await ChildProcess.run(script, ["push", repository, "--tag", tag, "--tls-verify=false"],
                                                    environment: ProcessInfo.processInfo.environment.merging(["FERRY_CACHE_DIR": cache]) { $1 })
            #expect(pushed.status == 0, "\(pushed.stderrText)")
            #expect(pushed.stdoutText == "\(repository)/ferry:\(tag)\n")
            let inspected = try await ChildProcess.run("/usr/bin/skopeo", ["inspect", "--tls-verify=false", "docker://\(repository)/ferry:\(tag)"])
            #expect(inspected.status == 0, "\(inspected.stderrText)")
            let image = try JSONValue(jsonBytes: Array(inspected.stdoutText.utf8))
            #expect(image["Os"]?.stringValue == "linux" && image["Architecture"]?.stringValue == "amd64", "\(inspected.stdoutText)")
            #expect(image["Layers"]?.arrayValue?.count == 1, "\(inspected.stdoutText)")

            // Only its own namespace: the node cluster's other tests run controllers of their own.
            let install = try await FerryCLI.run(["install", "--kubeconfig", plane.adminKubeconfig, "-n", ns, "--image", "ferry.local/ferry:\(tag)",
                                                  "--watch-all-namespaces=false", "--timeout", "3m"])
            #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
            #expect(install.stdout.hasSuffix("✔ ferry-controllers: deployment ready\n✔ install finished\n"), "\(install.stdout)")

            let pods = try await client.list(Self.pod, namespace: ns, options: ListOptions(labelSelector: "app=ferry-controllers")).items
            let pod = try #require(pods.first)
            let podName = pod.metadataName ?? ""
            #expect(pod[path: "spec", "nodeName"]?.stringValue == plane.nodeName)
            #expect(pod[path: "status", "containerStatuses"]?[0]?["ready"]?.boolValue == true)
            #expect(pod[path: "status", "containerStatuses"]?[0]?["restartCount"]?.intValue == 0)

            // The pod's controllers hold the Lease (in-cluster config, the ServiceAccount's rights).
            let holder = await eventually(timeout: .seconds(60)) {
                (try? await client.get(Self.lease, name: "ferry-controllers-leader-election", namespace: ns))?[path: "spec", "holderIdentity"]?
                    .stringValue?.hasPrefix(podName) == true
            }
            #expect(holder, "the Lease is not held by \(podName)")

            // And they reconcile: a Kustomization whose source does not exist gets their verdict.
            _ = try await client.create(["apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                                         "metadata": ["name": "orphan", "namespace": .string(ns)],
                                         "spec": ["interval": "1m", "path": "./", "prune": false,
                                                  "sourceRef": ["kind": "GitRepository", "name": "missing"]]])
            let kustomization = Self.kustomization
            let judged = await eventually(timeout: .seconds(60)) {
                let ready = (try? await client.get(kustomization, name: "orphan", namespace: ns))?[path: "status", "conditions"]?
                    .arrayValue?.first { $0["type"] == "Ready" }
                return ready?["status"] == "False" && ready?["message"]?.stringValue?.contains("missing") == true
            }
            let logs = try? await ChildProcess.run("/usr/bin/curl", [
                "-sS", "--cacert", plane.caCertificate, "--cert", plane.directory + "/pki/admin.crt", "--key", plane.directory + "/pki/admin.key",
                plane.server + "/api/v1/namespaces/\(ns)/pods/\(podName)/log"])
            #expect(judged, "\(logs?.stdoutText.suffix(3000) ?? "")")

            // GitOps from the pod: clone over the node's address, read the artifact from its own
            // storage (its URL names the Service, which nothing here resolves), apply.
            let nodeIP = try #require(plane.nodeIP)
            git = try await GitServer.start(name: "pod", address: nodeIP)
            let repo = try await GitRepoFixture.create("pod-app", on: try #require(git))
            let first = try await repo.commit(files: ["app/cm.yaml": Self.configMapYAML(ns, "one")], message: "one")
            try await repo.push()
            let url = try #require(git?.addressHTTPURL) + "/\(repo.name).git"
            _ = try await client.create(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                                         "metadata": ["name": "app", "namespace": .string(ns)],
                                         "spec": ["interval": "5s", "url": .string(url), "ref": ["branch": "main"]]])
            _ = try await client.create(["apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                                         "metadata": ["name": "app", "namespace": .string(ns)],
                                         "spec": ["interval": "1m", "path": "./app", "prune": true,
                                                  "sourceRef": ["kind": "GitRepository", "name": "app"]]])
            let cloned = await eventually(timeout: .seconds(90)) {
                await Self.applied(client, ns, "app", revision: "main@sha1:\(first)", release: "one")
            }
            let source = try? await client.get(GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "GitRepository"),
                                               name: "app", namespace: ns)
            #expect(cloned, "\(source?[path: "status"].map { "\($0)" } ?? "")")
            #expect(source?[path: "status", "artifact", "url"]?.stringValue?.hasPrefix("http://source-controller.\(ns).svc.") == true,
                    "the artifact is advertised under the Service's name")

            // `ferry logs` reads the controllers' Pod through the API server, as `flux logs` does.
            let podLogs = try await FerryCLI.run(["logs", "--kubeconfig", plane.adminKubeconfig, "--ferry-namespace", ns, "-n", ns,
                                                  "--kind", "Kustomization", "--name", "app"])
            #expect(podLogs.status == 0, "\(podLogs.stderr)")
            let logLines = podLogs.stdout.split(separator: "\n")
            #expect(logLines.contains { $0.contains(" info Kustomization/app.\(ns) - reconciled ") && $0.contains("result=succeeded") },
                    "\(podLogs.stdout)")
            #expect(logLines.allSatisfy { $0.contains(" Kustomization/app.\(ns) - ") }, "\(podLogs.stdout)")

            // The controllers' pod killed right after a new Kustomization is created (its
            // reconcile in flight or queued): the Deployment replaces the pod, the new one takes
            // the Lease once the dead holder's lapses, and the Kustomization still gets its verdict.
            _ = try await client.create(["apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                                         "metadata": ["name": "after-kill", "namespace": .string(ns)],
                                         "spec": ["interval": "1m", "path": "./", "prune": false,
                                                  "sourceRef": ["kind": "GitRepository", "name": "gone"]]])
            _ = try await client.delete(Self.pod, name: podName, namespace: ns, options: DeleteOptions(gracePeriodSeconds: 0))
            var replacement = ""
            let replaced = await eventually(timeout: .seconds(120), every: .milliseconds(500)) {
                let pods = (try? await client.list(Self.pod, namespace: ns, options: ListOptions(labelSelector: "app=ferry-controllers")).items) ?? []
                guard let next = pods.first(where: { $0.metadataName != podName && $0[path: "metadata", "deletionTimestamp"] == nil }),
                      next[path: "status", "containerStatuses"]?[0]?["ready"]?.boolValue == true else { return false }
                replacement = next.metadataName ?? ""
                return true
            }
            #expect(replaced, "no ready replacement for \(podName)")
            let takenOver = await eventually(timeout: .seconds(120), every: .milliseconds(500)) {
                (try? await client.get(Self.lease, name: "ferry-controllers-leader-election", namespace: ns))?[path: "spec", "holderIdentity"]?
                    .stringValue?.hasPrefix(replacement) == true
            }
            #expect(takenOver, "the Lease did not pass to \(replacement)")
            let converged = await eventually(timeout: .seconds(90)) {
                let ready = (try? await client.get(kustomization, name: "after-kill", namespace: ns))?[path: "status", "conditions"]?
                    .arrayValue?.first { $0["type"] == "Ready" }
                return ready?["status"] == "False" && ready?["message"]?.stringValue?.contains("gone") == true
            }
            #expect(converged, "the Kustomization created before the kill was never reconciled by \(replacement)")

            // The replacement clones afresh (its storage is new) and applies the next commit.
            let second = try await repo.commit(files: ["app/cm.yaml": Self.configMapYAML(ns, "two")], message: "two")
            try await repo.push()
            let followed = await eventually(timeout: .seconds(90)) {
                await Self.applied(client, ns, "app", revision: "main@sha1:\(second)", release: "two")
            }
            #expect(followed, "the commit pushed after the kill was not applied by \(replacement)")

            // Leader election between two replicas: deleting the leader's pod (SIGTERM: the leader
            // gives the Lease up as it stops) hands the Lease within seconds — not after the 35 s
            // lease lapses — to a live replica: the standby, or the Deployment's replacement when
            // it asks first (the standby's Lease watch wakes it at the release). It carries on.
            let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
            _ = try await client.patch(deployment, name: "ferry-controllers", namespace: ns, type: .merge, patch: ["spec": ["replicas": 2]])
            var running: [String] = []
            let twoReady = await eventually(timeout: .seconds(120), every: .milliseconds(500)) {
                let pods = (try? await client.list(Self.pod, namespace: ns, options: ListOptions(labelSelector: "app=ferry-controllers")).items) ?? []
                running = pods.filter { $0[path: "metadata", "deletionTimestamp"] == nil
                    && $0[path: "status", "containerStatuses"]?[0]?["ready"]?.boolValue == true }.compactMap(\.metadataName)
                return running.count == 2
            }
            #expect(twoReady, "two replicas never both ready: \(running)")
            let leaseHolder = (try? await client.get(Self.lease, name: "ferry-controllers-leader-election", namespace: ns))?[path: "spec", "holderIdentity"]?
                .stringValue ?? ""
            let leader = try #require(running.first { leaseHolder.hasPrefix($0) }, "the Lease (\(leaseHolder)) is held by neither of \(running)")
            let released = ContinuousClock.now
            _ = try await client.delete(Self.pod, name: leader, namespace: ns)
            var successor = ""
            let handedOver = await eventually(timeout: .seconds(90), every: .milliseconds(200)) {
                successor = (try? await client.get(Self.lease, name: "ferry-controllers-leader-election", namespace: ns))?[path: "spec", "holderIdentity"]?
                    .stringValue ?? ""
                return !successor.isEmpty && !successor.hasPrefix(leader)
            }
            let handover = ContinuousClock.now - released
            #expect(handedOver, "the Lease did not pass from \(leader)")
            #expect(handover < .seconds(15), "the handover took \(handover): the leader did not give the Lease up")
            let live = (try? await client.list(Self.pod, namespace: ns, options: ListOptions(labelSelector: "app=ferry-controllers")).items) ?? []
            #expect(live.contains { successor.hasPrefix($0.metadataName ?? "-") && $0[path: "metadata", "deletionTimestamp"] == nil },
                    "the Lease went to \(successor), not a live replica")
            let third = try await repo.commit(files: ["app/cm.yaml": Self.configMapYAML(ns, "three")], message: "three")
            try await repo.push()
            let carriedOn = await eventually(timeout: .seconds(90)) {
                await Self.applied(client, ns, "app", revision: "main@sha1:\(third)", release: "three")
            }
            #expect(carriedOn, "the new leader \(successor) did not apply the next commit")
        } catch {
            Issue.record(error)
        }
        try? await git?.stop()
        for name in ["crd-controller-\(ns)", "cluster-reconciler-\(ns)"] {
            _ = try? await client.delete(GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding"), name: name)
            _ = try? await client.delete(GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole"), name: name)
        }
        _ = try? await client.delete(GroupVersionKind(group: "", version: "v1", kind: "Namespace"), name: ns)
        try? await client.shutdown()
    }
}
