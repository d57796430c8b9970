import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// Options that shape what a release makes: `commonMetadata` on every object,
/// `install.createNamespace` for a target namespace that does not exist, and
/// `upgrade.cleanupOnFail` removing what a failed upgrade created.
@Suite struct HelmReleaseInstallOptionsTests {
    static let chart: [String: String] = [
        "values.yaml": "extra: false\nbroken: false\n",
        "templates/main.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-main
          labels:
            from-chart: "yes"
        data:
          ok: "yes"
        """,
        "templates/extra.yaml": """
        {{- if .Values.extra }}
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-extra
        data:
          ok: "yes"
        {{- end }}
        """,
        // A Deployment never becomes available here (the test cluster runs no Pods): an
        // upgrade that adds it is applied, then fails waiting for it.
        "templates/zz-waits.yaml": """
        {{- if .Values.broken }}
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}-never-ready
        spec:
          selector: {matchLabels: {app: never-ready}}
          template:
            metadata: {labels: {app: never-ready}}
            spec:
              containers: [{name: c, image: "example.invalid/none:1"}]
        {{- end }}
        """,
    ]

    @Test func commonMetadataAndCreateNamespace() async throws {
        try await HelmReleaseTestEnv.with("hr-meta") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            let target = env.namespace + "-target"
            try await env.apply(env.release(spec: [
                "targetNamespace": .string(target), "install": ["createNamespace": true],
                "commonMetadata": ["labels": ["team": "payments"], "annotations": ["owner": "payments@example.com"]],
            ]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            let namespace = try await env.client.get(GroupVersionKind(group: "", version: "v1", kind: "Namespace"), name: target)
            #expect(namespace.metadataName == target)
            let made = try await env.client.get(HelmReleaseTestEnv.configMap, name: "\(target)-web-main", namespace: target)
            #expect(made[path: "metadata", "labels", "team"] == "payments")
            #expect(made[path: "metadata", "labels", "from-chart"] == "yes", "the chart's own labels stay")
            #expect(made[path: "metadata", "annotations", "owner"] == "payments@example.com")
            _ = try? await env.client.delete(GroupVersionKind(group: "", version: "v1", kind: "Namespace"), name: target)
        }
    }

    @Test func withoutCreateNamespaceAMissingTargetFailsTheInstall() async throws {
        try await HelmReleaseTestEnv.with("hr-nons") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(env.release(spec: ["targetNamespace": .string(env.namespace + "-absent")]))
            let failed = await env.wait("web", "Ready", "False", reason: HelmReleaseReason.installFailed)
            let message = HelmReleaseTestEnv.condition(failed, "Ready")?["message"]?.stringValue ?? ""
            #expect(message.contains("not found"), "\(message)")
        }
    }

    @Test func cleanupOnFailRemovesWhatAFailedUpgradeCreated() async throws {
        try await HelmReleaseTestEnv.with("hr-cleanup") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            // Two releases side by side, one with cleanupOnFail, one without.
            for (name, cleanup) in [("web", true), ("kept", false)] {
                try await env.apply(env.release(name, spec: ["timeout": "10s", "upgrade": ["cleanupOnFail": .bool(cleanup)]]))
            }
            for name in ["web", "kept"] { await env.wait(name, "Ready", "True", reason: HelmReleaseReason.installSucceeded) }

            for (name, cleanup) in [("web", true), ("kept", false)] {
                try await env.apply(env.release(name, spec: ["timeout": "10s", "upgrade": ["cleanupOnFail": .bool(cleanup)],
                                                             "values": ["extra": true, "broken": true]]))
            }
            for name in ["web", "kept"] { await env.wait(name, "Ready", "False", reason: HelmReleaseReason.upgradeFailed) }
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-extra") == nil, "created by the failed upgrade, then cleaned up")
            #expect(await env.get(GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"), "web-never-ready") == nil)
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-main") != nil, "the last release's objects stay")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "kept-extra") != nil, "without cleanupOnFail the failed upgrade's objects stay")
            #expect(try await env.recordStatuses() == [1: "deployed", 2: "failed"], "the failed upgrade is recorded; v1 stays deployed")
        }
    }

    /// An object the release would create already exists without Helm's ownership marks: Ferry
    /// takes it over, as Flux does — unless `install.disableTakeOwnership`, then Helm's refusal.
    @Test func takeOwnershipUnlessDisabled() async throws {
        try await HelmReleaseTestEnv.with("hr-owner") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            for name in ["strict-main", "relaxed-main"] {
                try await env.apply(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": .string(env.namespace)],
                                     "data": ["ok": "made by hand"]])
            }
            try await env.apply(env.release("strict", spec: ["install": ["disableTakeOwnership": true]]))
            try await env.apply(env.release("relaxed"))
            let refused = await env.wait("strict", "Ready", "False", reason: HelmReleaseReason.installFailed)
            let message = HelmReleaseTestEnv.condition(refused, "Ready")?["message"]?.stringValue ?? ""
            #expect(message.contains("ConfigMap \"strict-main\" in namespace \"\(env.namespace)\" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key \"app.kubernetes.io/managed-by\": must be set to \"Helm\""), "\(message)")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "strict-main")?[path: "data", "ok"] == "made by hand", "left as it was")

            await env.wait("relaxed", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            let taken = await env.get(HelmReleaseTestEnv.configMap, "relaxed-main")
            #expect(taken?[path: "data", "ok"] == "yes")
            #expect(taken?[path: "metadata", "annotations", "meta.helm.sh/release-name"] == "relaxed")
        }
    }
}
