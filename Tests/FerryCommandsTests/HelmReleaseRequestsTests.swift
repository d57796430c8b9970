import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry reconcile helmrelease --force` and `--reset` (flux's `reconcile.fluxcd.io/forceAt`
/// and `resetAt`): a forced reconcile makes a new release of an up-to-date HelmRelease; a reset
/// tries again a release whose retries were spent, once what broke it is fixed outside Git.
@Suite struct HelmReleaseRequestsTests {
    static let chart: [String: String] = [
        "values.yaml": "namespace: \"\"\n",
        "templates/main.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-main
          {{- with .Values.namespace }}
          namespace: {{ . }}
          {{- end }}
        data:
          revision: "{{ .Release.Revision }}"
        """,
    ]

    func ferry(_ env: HelmReleaseTestEnv, _ args: [String]) async throws -> FerryCLI.Result {
        try await FerryCLI.run(args + ["--kubeconfig", env.plane.adminKubeconfig, "-n", env.namespace])
    }

    @Test func forceReleasesAgainWithTheSameChartAndValues() async throws {
        try await HelmReleaseTestEnv.with("hr-force") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(env.release(spec: ["interval": "1h"]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)

            // A plain reconcile of an up-to-date release changes nothing.
            let plain = try await ferry(env, ["reconcile", "hr", "web", "--timeout", "60s"])
            #expect(plain.status == 0, "\(plain.stderr)")
            #expect(try await env.recordStatuses() == [1: "deployed"])

            let forced = try await ferry(env, ["reconcile", "hr", "web", "--force", "--timeout", "60s"])
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(try await env.recordStatuses() == [1: "superseded", 2: "deployed"])
            let object = await env.get(HelmReleaseTestEnv.helmRelease, "web")
            let requested = object?[path: "metadata", "annotations", "reconcile.fluxcd.io/requestedAt"]?.stringValue
            #expect(requested != nil && object?[path: "status", "lastHandledForceAt"]?.stringValue == requested)
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-main")?[path: "data", "revision"] == "2")

            // The handled request is not acted on again by the next plain reconcile.
            let again = try await ferry(env, ["reconcile", "hr", "web", "--timeout", "60s"])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try await env.recordStatuses() == [1: "superseded", 2: "deployed"])
        }
    }

    @Test func resetRetriesAReleaseWhoseRetriesWereSpent() async throws {
        try await HelmReleaseTestEnv.with("hr-reset") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            // The chart puts its ConfigMap in a namespace that does not exist yet: the install
            // fails, and with no retries the release stalls.
            let elsewhere = env.namespace + "-extra"
            try await env.apply(env.release(spec: ["interval": "1h", "values": ["namespace": .string(elsewhere)]]))
            let stalled = await env.wait("web", "Stalled", "True", reason: HelmReleaseReason.installFailed)
            #expect(HelmReleaseTestEnv.condition(stalled, "Stalled")?["message"]?.stringValue?.hasPrefix("Failed: retries exhausted: ") == true)
            #expect(try await env.recordStatuses() == [1: "failed"])

            // Fixed outside Git; a plain reconcile still does not try again: retries are spent.
            _ = try await env.client.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(elsewhere)]])
            let plain = try await ferry(env, ["reconcile", "hr", "web", "--timeout", "20s"])
            #expect(plain.status != 0)
            #expect(try await env.recordStatuses() == [1: "failed"])

            let reset = try await ferry(env, ["reconcile", "hr", "web", "--reset", "--timeout", "60s"])
            #expect(reset.status == 0, "\(reset.stderr)\n\(env.controllers.log.suffix(2000))")
            #expect(try await env.recordStatuses() == [1: "failed", 2: "deployed"])
            let object = await env.get(HelmReleaseTestEnv.helmRelease, "web")
            #expect(object?[path: "status", "lastHandledResetAt"]?.stringValue
                    == object?[path: "metadata", "annotations", "reconcile.fluxcd.io/requestedAt"]?.stringValue)
            #expect(object?[path: "status", "installFailures"] == nil)
            _ = try? await env.client.delete(GroupVersionKind(group: "", version: "v1", kind: "Namespace"), name: elsewhere)
        }
    }
}
