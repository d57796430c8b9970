import FerryTesting
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import Testing

/// Chart hooks through the controller, with ConfigMap hooks (the test cluster runs no Pods):
/// each event's hooks in `helm.sh/hook-weight` order around the release's own objects,
/// `hook-succeeded` hooks deleted after, `before-hook-creation` hooks replaced.
@Suite struct HelmReleaseHooksTests {
    static func hook(_ name: String, _ events: String, weight: Int, policy: String? = nil) -> String {
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: \(name)
          annotations:
            helm.sh/hook: \(events)
            helm.sh/hook-weight: "\(weight)"
        \(policy.map { "    helm.sh/hook-delete-policy: \($0)\n" } ?? "")data:
          revision: "{{ .Release.Revision }}"
        """
    }

    static let chart: [String: String] = [
        "values.yaml": "message: hello\n",
        "templates/main.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-main
        data:
          message: {{ .Values.message | quote }}
        """,
        "templates/hooks.yaml": [
            hook("hook-a-heavy", "pre-install,pre-upgrade", weight: 5),
            hook("hook-z-light", "pre-install", weight: -1),
            hook("hook-temp", "pre-install", weight: 0, policy: "hook-succeeded"),
            hook("hook-post", "post-install", weight: 0),
            hook("hook-preup", "pre-upgrade", weight: 0),
        ].joined(separator: "\n---\n"),
    ]

    /// The API server's resourceVersion at the object's last write. Opaque by contract, but the
    /// test cluster's etcd numbers every write in order, which is what shows the hook order.
    func written(_ env: HelmReleaseTestEnv, _ name: String) async throws -> (version: Int, uid: String, revision: String) {
        let object = try #require(await env.get(HelmReleaseTestEnv.configMap, name), "ConfigMap \(name) missing")
        return (Int(object[path: "metadata", "resourceVersion"]?.stringValue ?? "") ?? -1,
                object[path: "metadata", "uid"]?.stringValue ?? "", object[path: "data", "revision"]?.stringValue ?? "")
    }

    @Test func hooksRunByWeightAroundTheReleaseAndFollowTheirDeletePolicies() async throws {
        try await HelmReleaseTestEnv.with("hr-hooks") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(env.release(spec: ["values": ["message": "first"]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)

            let early = try await written(env, "hook-z-light"), late = try await written(env, "hook-a-heavy")
            let main = try await written(env, "web-main"), post = try await written(env, "hook-post")
            #expect(early.version < late.version, "weight -1 before weight 5, though its name sorts after")
            #expect(late.version < main.version, "pre-install hooks before the release's objects")
            #expect(main.version < post.version, "post-install hooks after them")
            #expect(early.revision == "1")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "hook-temp") == nil, "hook-succeeded: deleted after it ran")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "hook-preup") == nil, "a pre-upgrade hook does not run on install")

            // The record lists the hooks with their events; the manifest holds none of them.
            let record = try await env.record(1)
            let hooks = record["hooks"]?.arrayValue ?? []
            #expect(Set(hooks.compactMap { $0["name"]?.stringValue }) == ["hook-a-heavy", "hook-z-light", "hook-temp", "hook-post", "hook-preup"])
            let heavyHook = hooks.first { $0["name"] == "hook-a-heavy" }
            #expect(heavyHook?["events"] == ["pre-install", "pre-upgrade"])
            #expect(heavyHook?["weight"] == 5)
            #expect(hooks.first { $0["name"] == "hook-temp" }?["delete_policies"] == ["hook-succeeded"])
            #expect(record["manifest"]?.stringValue?.contains("hook-") == false)

            // Upgrade: pre-upgrade hooks by weight, `hook-a-heavy` deleted and made anew.
            try await env.apply(env.release(spec: ["values": ["message": "second"]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.upgradeSucceeded)
            let preup = try await written(env, "hook-preup"), late2 = try await written(env, "hook-a-heavy")
            let main2 = try await written(env, "web-main")
            #expect(late2.uid != late.uid, "before-hook-creation: the old hook object was deleted, a new one created")
            #expect(late2.revision == "2")
            #expect(preup.version < late2.version && late2.version < main2.version)
            let early2 = try await written(env, "hook-z-light")
            #expect(early2.uid == early.uid && early2.revision == "1", "a pre-install hook is left alone by an upgrade")
        }
    }
}
