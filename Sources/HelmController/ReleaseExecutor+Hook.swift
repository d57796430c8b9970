import Foundation
import Helm
import KubernetesClient
import Manifests

extension ReleaseExecutor {
    /// Runs one hook as Helm's `execHook` does: the hook's existing object is deleted first
    /// when its policy says `before-hook-creation` (Helm's default when it names none), the hook
    /// is applied and awaited (``waitHookDone(_:timeout:)``), and deleted after when its policy
    /// says `hook-succeeded` — or, when it failed, `hook-failed`. Throws naming the event and the
    /// hook's template when it fails.
    func runHook(_ hook: ReleaseHook, event: String, timeout: Duration) async throws {
        let prepared = try await prepare(hook.manifest)
        let policies = hook.deletePolicies.isEmpty ? ["before-hook-creation"] : hook.deletePolicies.map(\.rawValue)
        if policies.contains("before-hook-creation") { await delete(prepared) }
        do {
            _ = try await apply(prepared, timeout: timeout)
            try await waitHookDone(prepared, timeout: timeout)
        } catch {
            if policies.contains("hook-failed") { await delete(prepared) }
            throw Failure(description: "\(event) hook \(hook.path) failed: \(error)")
        }
        if policies.contains("hook-succeeded") { await delete(prepared) }
    }

    /// Waits until a hook's objects are done. A Pod must complete: phase `Succeeded` passes and
    /// `Failed` fails the hook (Helm's `waitForPodSuccess`; kstatus would call a failed Pod
    /// Current, which is right for a workload and wrong for a test). Everything else waits for
    /// kstatus Current — a Job until it completes, and a failed Job fails.
    func waitHookDone(_ prepared: [JSONValue], timeout: Duration) async throws {
        let isPod = { (object: JSONValue) in object.kind == "Pod" && object.apiVersion == "v1" }
        let others = prepared.filter { !isPod($0) }
        if !others.isEmpty { try await waitReady(others, timeout: timeout) }
        let deadline = ContinuousClock.now + timeout
        for pod in prepared.filter(isPod) {
            try await waitPodCompleted(pod, until: deadline)
        }
    }

    private func waitPodCompleted(_ pod: JSONValue, until deadline: ContinuousClock.Instant) async throws {
        guard let id = pod.objectID, let gvk = pod.groupVersionKind else { return }
        let namespace = id.namespace.isEmpty ? nil : id.namespace
        while true {
            let live = try? await client.get(gvk, name: id.name, namespace: namespace)
            switch live?[path: "status", "phase"]?.stringValue {
            case "Succeeded": return
            case "Failed":
                let why = live?[path: "status", "message"]?.stringValue ?? live?[path: "status", "reason"]?.stringValue
                throw Failure(description: "pod \(id.name) failed\(why.map { ": \($0)" } ?? "")")
            default: break
            }
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "timed out waiting for pod \(id.name) to complete")
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}
