import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// What the drift and test-action tests do to live objects behind the controller's back: edit
/// them as a person with kubectl would, play the kubelet for test Pods, read the events.
extension HelmReleaseTestEnv {
    static let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
    static let pod = GroupVersionKind(group: "", version: "v1", kind: "Pod")
    static let event = GroupVersionKind(group: "", version: "v1", kind: "Event")

    /// A merge patch of `name` in the namespace, written by field manager `kubectl-edit` (an
    /// Update, as `kubectl edit` does), not by the controller.
    func edit(_ gvk: GroupVersionKind, _ name: String, _ patch: JSONValue) async throws {
        _ = try await client.patch(gvk, name: name, namespace: namespace, type: .merge, patch: patch,
                                   options: WriteOptions(fieldManager: "kubectl-edit"))
    }

    /// Sets Pod `name`'s `status.phase` once the controller has created it (a Pod not yet
    /// finished, so a leftover from an earlier run is not mistaken for it). The test cluster
    /// has no kubelet, so no container ever runs: the test reports the outcome a kubelet would
    /// after running the test container — what the controller waits for is only the phase.
    func finishPod(_ name: String, phase: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let appeared = await eventually(timeout: .seconds(60), every: .milliseconds(200)) {
            guard let pod = await get(Self.pod, name) else { return false }
            let current = pod[path: "status", "phase"]?.stringValue
            return current != "Succeeded" && current != "Failed" && pod[path: "metadata", "deletionTimestamp"] == nil
        }
        #expect(appeared, "test Pod \(name) was never created\n\(controllers.log.suffix(2500))", sourceLocation: sourceLocation)
        guard appeared else { return }
        _ = try await client.patch(Self.pod, name: name, namespace: namespace, type: .merge,
                                   patch: ["status": ["phase": .string(phase)]], subresource: "status")
    }

    /// The events of HelmRelease `name` with `reason`, oldest first (their messages).
    func events(_ name: String = "web", reason: String) async throws -> [JSONValue] {
        let list = try await client.listAll(Self.event, namespace: namespace)
        return list.items.filter {
            $0[path: "involvedObject", "kind"]?.stringValue == "HelmRelease" && $0[path: "involvedObject", "name"]?.stringValue == name
                && $0["reason"]?.stringValue == reason
        }
    }

    /// Waits until events of `name` with `reason` exist; returns them.
    func waitEvents(_ name: String = "web", reason: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [JSONValue] {
        var found: [JSONValue] = []
        let ok = await eventually(timeout: .seconds(30), every: .milliseconds(250)) {
            found = (try? await events(name, reason: reason)) ?? []
            return !found.isEmpty
        }
        #expect(ok, "no \(reason) event for \(name)", sourceLocation: sourceLocation)
        return found
    }
}
