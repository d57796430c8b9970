import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// Health: `spec.wait` and `spec.healthChecks` with kstatus, within `spec.timeout`; the Healthy
/// condition; failing fast; a new revision cancelling a wait that cannot succeed.
@Suite struct KustomizationHealthTests {
    @Test func waitsUntilTheWorkloadIsAvailable() async throws {
        try await KustomizationEnv.with("ks-health-ok") { env in
            let commit = try await env.push(["apps/web.yaml": deploymentYAML("web"), "apps/cm.yaml": configMapYAML("cm")])
            try await env.createSource()
            // A timeout far longer than a loaded machine needs for the steps below: the test is
            // about waiting for availability, not about the timeout.
            try await env.applyKustomization("apps", ["path": "./apps", "wait": true, "timeout": "10m"])
            // Applied, but not Ready while the Deployment is unavailable.
            #expect(await eventually(timeout: .seconds(180)) {
                await env.condition("apps", "Healthy")?["reason"]?.stringValue == "Progressing"
            })
            #expect(await env.condition("apps")?["status"]?.stringValue == "Unknown")
            #expect(await env.condition("apps")?["message"]?.stringValue?.hasPrefix("Running health checks for revision main@sha1:\(commit) with a timeout of 10m") == true)
            #expect(await env.get(KustomizationEnv.deployment, "web") != nil)
            // kube-controller-manager makes the pod first; on a loaded machine that takes longer
            // than makePodsReady's own 30 s look (which then marks nothing, leaving Healthy Unknown).
            #expect(await eventually(timeout: .seconds(180)) {
                let pods = try? await env.client.list(KustomizationEnv.pod, namespace: env.namespace,
                                                      options: ListOptions(labelSelector: "app=web"))
                return pods?.items.isEmpty == false
            })
            try await env.makePodsReady(app: "web")
            try await env.waitReady("apps", revision: commit, timeout: .seconds(180))
            let healthy = try #require(await env.condition("apps", "Healthy"))
            #expect(healthy["status"]?.stringValue == "True")
            #expect(healthy["message"]?.stringValue?.hasPrefix("Health check passed in ") == true)
        }
    }

    @Test func healthChecksFailFastAndTimeOut() async throws {
        try await KustomizationEnv.with("ks-health-fail") { env in
            // progressDeadlineSeconds: the Deployment controller marks the rollout failed after 2 s.
            let stuck = deploymentYAML("stuck").replacingOccurrences(of: "  replicas: 1\n", with: "  replicas: 1\n  progressDeadlineSeconds: 2\n")
            try await env.push(["failing/stuck.yaml": stuck, "slow/slow.yaml": deploymentYAML("slow")])
            try await env.createSource()
            // Failing fast: within the wait below (generous for a loaded machine), which is
            // half the 10m timeout a check that did not fail early would run into.
            try await env.applyKustomization("failing", ["path": "./failing", "timeout": "10m",
                                                         "healthChecks": [["apiVersion": "apps/v1", "kind": "Deployment", "name": "stuck"]]])
            let failed = try await env.waitNotReady("failing", reason: KustomizationReason.healthCheckFailed, timeout: .seconds(300))
            #expect(failed.hasPrefix("failed early due to stalled resources: [Deployment/\(env.namespace)/stuck status: 'Failed']"), "\(failed)")
            #expect(await env.condition("failing", "Healthy")?["status"]?.stringValue == "False")

            try await env.applyKustomization("slow", ["path": "./slow", "wait": true, "timeout": "10s"])
            let timedOut = try await env.waitNotReady("slow", reason: KustomizationReason.healthCheckFailed, timeout: .seconds(180))
            #expect(timedOut.hasPrefix("timeout waiting for: [Deployment/\(env.namespace)/slow status: 'InProgress']"), "\(timedOut)")
            // The objects stay applied; the revision is attempted, not applied.
            let status = try await env.kustomization("slow")["status"]
            #expect(status?["lastAttemptedRevision"] != nil)
            #expect(status?["lastAppliedRevision"] == nil)
            #expect(await env.get(KustomizationEnv.deployment, "slow") != nil)
        }
    }

    @Test func aNewRevisionCancelsAHopelessWait() async throws {
        try await KustomizationEnv.with("ks-health-cancel") { env in
            try await env.push(["apps/web.yaml": deploymentYAML("web")])
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps", "wait": true, "timeout": "30m"])
            #expect(await eventually(timeout: .seconds(180)) {
                await env.condition("apps", "Healthy")?["reason"]?.stringValue == "Progressing"
            })
            // The fix replaces the workload: the 30-minute wait must not hold it up (the fix is
            // ready within the five minutes below, generous for a loaded machine).
            let fix = try await env.push(["apps/web.yaml": configMapYAML("web")], message: "fix")
            try await env.waitReady("apps", revision: fix, timeout: .seconds(300))
            #expect(await eventually(timeout: .seconds(120)) { await env.get(KustomizationEnv.deployment, "web") == nil })
        }
    }
}
