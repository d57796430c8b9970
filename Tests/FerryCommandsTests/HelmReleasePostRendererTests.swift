import FerryTesting
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `spec.postRenderers` through the controller: kustomize patches and image overrides change
/// what goes live and what the release record stores (the release's objects only, never the
/// hooks), a patch that cannot be applied fails the install with nothing applied, and a changed
/// post-renderer upgrades a release whose chart and values did not change. The cluster runs no
/// Pods, so the Deployment is not waited for (`disableWait`).
@Suite struct HelmReleasePostRendererTests {
    static let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")

    static let chart: [String: String] = [
        "values.yaml": "image: registry.example/team/web:1.0\n",
        "templates/deploy.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: {{ .Release.Name }}
          template:
            metadata:
              labels:
                app: {{ .Release.Name }}
            spec:
              containers:
              - name: main
                image: {{ .Values.image }}
        """,
        "templates/config.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-config
        data:
          mode: plain
        """,
        "templates/hook.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-hook
          annotations:
            helm.sh/hook: post-install,post-upgrade
        data:
          mode: plain
        """,
    ]

    static let noWait: JSONValue = ["disableWait": true]

    /// A strategic-merge patch of the Deployment: a label and `replicas`.
    static func scale(_ replicas: Int) -> JSONValue {
        ["patch": .string("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            patched-by: post-renderer
        spec:
          replicas: \(replicas)
        """)]
    }

    /// A JSON 6902 patch of every ConfigMap's `data.mode`.
    static let everyConfigMap: JSONValue = ["target": ["kind": "ConfigMap"],
                                            "patch": #"[{"op": "replace", "path": "/data/mode", "value": "patched"}]"#]

    func release(_ env: HelmReleaseTestEnv, _ renderers: JSONValue) -> JSONValue {
        env.release(spec: ["install": Self.noWait, "upgrade": Self.noWait, "postRenderers": renderers])
    }

    @Test func patchesChangeWhatGoesLiveAndWhatIsStoredButNotTheHooks() async throws {
        try await HelmReleaseTestEnv.with("hr-postrender") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(release(env, [["kustomize": ["patches": [Self.scale(3), Self.everyConfigMap]]]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            let live = try #require(await env.get(Self.deployment, "web"))
            #expect(live[path: "spec", "replicas"] == 3)
            #expect(live[path: "metadata", "labels", "patched-by"] == "post-renderer")
            #expect(live[path: "metadata", "labels", "helm.toolkit.fluxcd.io/name"] == "web", "Flux's origin labels are still set")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-config")?[path: "data", "mode"] == "patched")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-hook")?[path: "data", "mode"] == "plain",
                    "hooks are not post-rendered (Helm 3, postRenderStrategy nohooks)")
            let manifest = try await env.record(1)[path: "manifest"]?.stringValue ?? ""
            #expect(manifest.contains("replicas: 3") && manifest.contains("patched-by: post-renderer"), "the stored manifest is post-rendered: \(manifest)")
        }
    }

    @Test func imagesAreOverridden() async throws {
        try await HelmReleaseTestEnv.with("hr-postrender-img") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            let images: JSONValue = [["name": "registry.example/team/web", "newName": "mirror.example/web", "newTag": "2.0"]]
            try await env.apply(release(env, [["kustomize": ["images": images]]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            let live = try #require(await env.get(Self.deployment, "web"))
            #expect(live[path: "spec", "template", "spec", "containers"]?.arrayValue?.first?["image"] == "mirror.example/web:2.0")
        }
    }

    @Test func aPatchThatCannotApplyFailsTheInstallWithNothingApplied() async throws {
        try await HelmReleaseTestEnv.with("hr-postrender-bad") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            let bad: JSONValue = ["target": ["kind": "ConfigMap"], "patch": #"[{"op": "replace", "path": "/data/absent/deeper", "value": "x"}]"#]
            try await env.apply(release(env, [["kustomize": ["patches": [bad]]]]))
            let failed = await env.wait("web", "Released", "False", reason: HelmReleaseReason.installFailed)
            let text = HelmReleaseTestEnv.condition(failed, "Released")?["message"]?.stringValue ?? ""
            #expect(text.hasPrefix("Helm install failed for release \(env.namespace)/web.v1 with chart app@1.0.0: error while running post render on files: spec.postRenderers[0]"), "\(text)")
            #expect(HelmReleaseTestEnv.condition(failed, "Ready")?["status"] == "False")
            #expect(await env.get(Self.deployment, "web") == nil, "nothing is applied")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-config") == nil)
            #expect(try await env.recordStatuses() == [:], "nothing is recorded: the post-render failed before the release was")
        }
    }

    @Test func aChangedPostRendererUpgradesTheRelease() async throws {
        try await HelmReleaseTestEnv.with("hr-postrender-upg") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(release(env, [["kustomize": ["patches": [Self.scale(2)]]]]))
            let first = await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            let firstDigest = first?[path: "status", "observedPostRenderersDigest"]?.stringValue
            #expect(firstDigest?.hasPrefix("sha256:") == true)
            // A further reconcile of the same spec changes nothing.
            await env.waitHandled(try await env.requestReconcile())
            #expect(try await env.recordStatuses() == [1: "deployed"])

            try await env.apply(release(env, [["kustomize": ["patches": [Self.scale(4)]]]]))
            let second = await env.wait("web", "Ready", "True", reason: HelmReleaseReason.upgradeSucceeded)
            #expect(try await env.recordStatuses() == [1: "superseded", 2: "deployed"])
            #expect(await env.get(Self.deployment, "web")?[path: "spec", "replicas"] == 4)
            let secondDigest = second?[path: "status", "observedPostRenderersDigest"]?.stringValue
            #expect(secondDigest != nil && secondDigest != firstDigest)

            // Removing the post-renderers upgrades once more, back to the chart's own replicas.
            try await env.apply(env.release(spec: ["install": Self.noWait, "upgrade": Self.noWait]))
            let third = await env.wait("web", "Released", "True", reason: HelmReleaseReason.upgradeSucceeded)
            #expect(third?[path: "status", "observedPostRenderersDigest"] == nil)
            #expect(try await env.recordStatuses() == [1: "superseded", 2: "superseded", 3: "deployed"])
            #expect(await env.get(Self.deployment, "web")?[path: "spec", "replicas"] == 1)
        }
    }
}
