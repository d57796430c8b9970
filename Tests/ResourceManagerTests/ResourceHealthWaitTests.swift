import FerryTesting
import KubernetesClient
import Manifests
import Testing
@testable import ResourceManager

/// kstatus health waits against the real API server. There is no kubelet, so Pods never run:
/// a test makes a Deployment healthy by writing its Pods' status through the status
/// subresource, and the real ReplicaSet and Deployment controllers do the rest.
@Suite struct ResourceHealthWaitTests {
    static let pod = GroupVersionKind(apiVersion: "v1", kind: "Pod")

    func inventory(_ changes: ChangeSet) throws -> [InventoryObject] { try changes.inventory.objects() }

    @Test func waitsUntilADeploymentIsCurrent() async throws {
        let f = try await ClusterFixture.make("health-ok")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier()
        let objects = try inventory(try await applier.apply([f.configMap("cfg"), f.deployment("web", replicas: 2)]))

        // Pods are not ready yet: a short wait times out with Flux's message.
        let early = await applier.waitForHealth(objects, timeout: .milliseconds(600), interval: .milliseconds(200))
        #expect(early.outcome == .timedOut)
        #expect(early.message.hasPrefix("timeout waiting for: [Deployment/\(f.namespace)/web status: 'InProgress'"))
        #expect(!early.message.contains("ConfigMap"))
        #expect(early.statuses.map(\.subject) == ["ConfigMap/\(f.namespace)/cfg", "Deployment/\(f.namespace)/web"])
        #expect(early.statuses.first?.status.status == .current)

        // Mark the Pods Ready, as a kubelet would.
        let pods = try await readyPods(f, selector: "app=web", count: 2)
        #expect(pods == 2)
        let done = await applier.waitForHealth(objects, timeout: .seconds(60), interval: .milliseconds(200))
        #expect(done.outcome == .healthy)
        #expect(done.message == "")
        #expect(done.statuses.last?.status == HealthStatus(.current, "Deployment is available. Replicas: 2"))
    }

    @Test func failsFastOnAStalledDeployment() async throws {
        let f = try await ClusterFixture.make("health-failed")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier()
        let objects = try inventory(try await applier.apply([f.deployment("stuck", progressDeadline: 1), f.configMap("fine")]))
        // The Deployment controller marks Progressing=False/ProgressDeadlineExceeded after 1 s.
        let result = await applier.waitForHealth(objects, timeout: .seconds(120), interval: .milliseconds(250))
        #expect(result.outcome == .failed)
        #expect(result.message == "failed early due to stalled resources: [Deployment/\(f.namespace)/stuck status: 'Failed']")
        #expect(result.statuses.last?.status == HealthStatus(.failed, "Progress deadline exceeded"))
    }

    @Test func reportsMissingObjectsAsNotFoundOnTimeout() async throws {
        let f = try await ClusterFixture.make("health-missing")
        defer { Task { try await f.client.shutdown() } }
        let ghost = InventoryObject(id: ObjectID(group: "", kind: "ConfigMap", namespace: f.namespace, name: "ghost"), version: "v1")
        let result = await f.applier().waitForHealth([ghost], timeout: .milliseconds(300), interval: .milliseconds(100))
        #expect(result.outcome == .timedOut)
        #expect(result.message == "timeout waiting for: [ConfigMap/\(f.namespace)/ghost status: 'NotFound']")
    }

    @Test func stopsWhenCancelled() async throws {
        let f = try await ClusterFixture.make("health-cancel")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier()
        let objects = try inventory(try await applier.apply([f.deployment("web")]))

        // By the caller's callback (a new revision arrived)…
        let polls = LockedBox(0)
        let byCallback = await applier.waitForHealth(objects, timeout: .seconds(300), interval: .milliseconds(50)) {
            polls.update { $0 += 1; return $0 } >= 3
        }
        #expect(byCallback.outcome == .cancelled)
        #expect(byCallback.message == "health check canceled: [Deployment/\(f.namespace)/web status: 'InProgress']")

        // …and by cancelling the task, once the wait is under way: the callback is asked before
        // and after each round, so a second call is the signal that one round was polled.
        let asked = LockedBox(0)
        let task = Task {
            await applier.waitForHealth(objects, timeout: .seconds(300), interval: .milliseconds(50)) {
                asked.update { $0 += 1 }
                return false
            }
        }
        #expect(await eventually { asked.update { $0 } >= 2 })
        task.cancel()
        let byTask = await task.value
        #expect(byTask.outcome == .cancelled)
        #expect(byTask.message == "health check canceled: [Deployment/\(f.namespace)/web status: 'InProgress']")
    }

    /// Sets `Ready=True` on the Pods matching `selector` once `count` exist; returns how many.
    func readyPods(_ f: ClusterFixture, selector: String, count: Int) async throws -> Int {
        var pods: [JSONValue] = []
        _ = try await eventually {
            pods = try await f.client.listAll(Self.pod, namespace: f.namespace, options: ListOptions(labelSelector: selector)).items
            return pods.count == count
        }
        for pod in pods {
            let status: JSONValue = ["status": [
                "phase": "Running",
                "conditions": [
                    ["type": "Ready", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z"],
                    ["type": "ContainersReady", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z"],
                ],
            ]]
            _ = try await f.client.patch(Self.pod, name: pod.metadataName ?? "", namespace: f.namespace, type: .merge,
                                         patch: status, subresource: "status")
        }
        return pods.count
    }
}
