import Foundation
import Helm
import KubernetesClient
import Manifests
import ResourceManager

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
    /// kstatus Current (or the release's `healthCheckExprs`) — a Job until it completes, and a
    /// failed Job fails. One wait, through the applier's, for all of them.
    func waitHookDone(_ prepared: [JSONValue], timeout: Duration) async throws {
        let inventory = try Inventory(objects: prepared).objects()
        let result = await applier.waitForHealth(inventory, timeout: timeout, interval: Self.pollInterval,
                                                 custom: PodCompletion(others: health))
        switch result.outcome {
        case .healthy:
            return
        case .failed:
            // A failed Pod's own words ("pod web-smoke failed: …"), else the applier's summary.
            let failed = result.statuses.first { $0.status.status == .failed && $0.status.message.hasPrefix("pod ") }
            throw Failure(description: failed?.status.message ?? result.message)
        case .timedOut, .cancelled:
            let pod = result.statuses.first { $0.status.status == .inProgress && $0.status.message.hasPrefix("waiting for pod ") }
            throw Failure(description: pod.map { "timed out \($0.status.message)" } ?? result.message)
        }
    }
}

/// Helm's rule for a hook Pod (it must run to completion), and the release's own rules for
/// everything else.
struct PodCompletion: CustomHealthEvaluator {
    let others: (any CustomHealthEvaluator)?

    func health(of object: JSONValue) throws -> HealthStatus? {
        guard object.kind == "Pod", object.apiVersion == "v1" else { return try others?.health(of: object) }
        let name = object.metadataName ?? ""
        switch object[path: "status", "phase"]?.stringValue {
        case "Succeeded":
            return HealthStatus(.current, "pod \(name) succeeded")
        case "Failed":
            let why = object[path: "status", "message"]?.stringValue ?? object[path: "status", "reason"]?.stringValue
            return HealthStatus(.failed, "pod \(name) failed\(why.map { ": \($0)" } ?? "")")
        default:
            return HealthStatus(.inProgress, "waiting for pod \(name) to complete")
        }
    }
}
