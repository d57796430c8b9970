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
            try await env.applyKustomization("apps", ["path": "./apps", "wait": true, "timeout": "2m"])
            // Applied, but not Ready while the Deployment is unavailable.
            #expect(await eventually(timeout: .seconds(30)) {
                await env.condition("apps", "Healthy")?["reason"]?.stringValue == "Progressing"
            })
            #expect(await env.condition("apps")?["status"]?.stringValue == "Unknown")
            #expect(await env.condition("apps")?["message"]?.stringValue?.hasPrefix("Running health checks for revision main@sha1:\(commit) with a timeout of 2m") == true)
            #expect(await env.get(KustomizationEnv.deployment, "web") != nil)
            try await env.makePodsReady(app: "web")
            try await env.waitReady("apps", revision: commit)
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
            try await env.applyKustomization("failing", ["path": "./failing", "timeout": "3m",
                                                         "healthChecks": [["apiVersion": "apps/v1", "kind": "Deployment", "name": "stuck"]]])
            let started = ContinuousClock.now
            let failed = try await env.waitNotReady("failing", reason: "HealthCheckFailed", timeout: .seconds(90))
            #expect(failed.hasPrefix("failed early due to stalled resources: [Deployment/\(env.namespace)/stuck status: 'Failed']"), "\(failed)")
            #expect(ContinuousClock.now - started < .seconds(60), "failing fast, not after the 3m timeout")
            #expect(await env.condition("failing", "Healthy")?["status"]?.stringValue == "False")

            try await env.applyKustomization("slow", ["path": "./slow", "wait": true, "timeout": "4s"])
            let timedOut = try await env.waitNotReady("slow", reason: "HealthCheckFailed")
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
            try await env.applyKustomization("apps", ["path": "./apps", "wait": true, "timeout": "5m"])
            #expect(await eventually(timeout: .seconds(30)) {
                await env.condition("apps", "Healthy")?["reason"]?.stringValue == "Progressing"
            })
            // The fix replaces the workload: the five-minute wait must not hold it up.
            let started = ContinuousClock.now
            let fix = try await env.push(["apps/web.yaml": configMapYAML("web")], message: "fix")
            try await env.waitReady("apps", revision: fix, timeout: .seconds(60))
            #expect(ContinuousClock.now - started < .seconds(60))
            #expect(await eventually { await env.get(KustomizationEnv.deployment, "web") == nil })
        }
    }
}
