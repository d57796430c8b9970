import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// Apply, update and prune through the whole pipeline: Git push → GitRepository artifact →
/// Kustomization build → server-side apply → prune of what left Git.
@Suite struct KustomizationApplyPruneTests {
    @Test func appliesUpdatesAndPrunesWhatLeftGit() async throws {
        try await KustomizationEnv.with("ks-apply") { env in
            let first = try await env.push([
                "apps/a.yaml": configMapYAML("a", ["color": "blue"]),
                "apps/b.yaml": configMapYAML("b"),
                "apps/kept.yaml": configMapYAML("kept").replacingOccurrences(
                    of: "metadata:\n", with: "metadata:\n  annotations:\n    kustomize.toolkit.fluxcd.io/prune: disabled\n"),
                "apps/web.yaml": deploymentYAML("web"),
                "apps/stable.yaml": configMapYAML("stable"),
                "README.md": "not a manifest\n",
            ])
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps"])
            try await env.waitReady("apps", revision: first)

            // Applied with Flux's owner labels and field manager; inventory in Flux's id format.
            let a = try #require(await env.get(KustomizationEnv.configMap, "a"))
            #expect(a[path: "data", "color"]?.stringValue == "blue")
            #expect(a[path: "metadata", "labels", "kustomize.toolkit.fluxcd.io/name"]?.stringValue == "apps")
            #expect(a[path: "metadata", "labels", "kustomize.toolkit.fluxcd.io/namespace"]?.stringValue == env.namespace)
            #expect(a[path: "metadata", "managedFields"]?.arrayValue?.contains { $0["manager"]?.stringValue == "kustomize-controller" } == true)
            let status = try await env.kustomization("apps")["status"]
            let ids = Set(status?["inventory"]?["entries"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
            #expect(ids == ["\(env.namespace)_a__ConfigMap", "\(env.namespace)_b__ConfigMap", "\(env.namespace)_kept__ConfigMap",
                            "\(env.namespace)_stable__ConfigMap", "\(env.namespace)_web_apps_Deployment"])
            #expect(status?["lastAppliedRevision"]?.stringValue == "main@sha1:\(first)")
            #expect(status?["lastAttemptedRevision"]?.stringValue == "main@sha1:\(first)")
            // (Eventually: a redundant reconcile queued while the source had no artifact yet may be
            // showing its progress for a moment.)
            #expect(await eventually {
                let ready = await env.condition("apps")
                return ready?["message"]?.stringValue == "Applied revision: main@sha1:\(first)"
                    && ready?["reason"]?.stringValue == "ReconciliationSucceeded"
            })
            #expect(status?["history"]?.arrayValue?.first?["metadata"]?["revision"]?.stringValue == "main@sha1:\(first)")
            let events = try await env.events(for: "apps")
            #expect(events.contains { $0.hasPrefix("Normal Progressing:") && $0.contains("ConfigMap/\(env.namespace)/a created")
                && $0.contains("Deployment/\(env.namespace)/web created") }, "\(events)")

            // A new commit changes one object and removes two; the one marked prune: disabled stays.
            // (A Deployment's resourceVersion moves with its status: a ConfigMap shows untouched objects stay untouched.)
            let stableVersion = await env.get(KustomizationEnv.configMap, "stable")?[path: "metadata", "resourceVersion"]
            let second = try await env.push(["apps/a.yaml": configMapYAML("a", ["color": "green"])], message: "recolour")
            _ = second
            let third = try await env.push([:], delete: ["apps/b.yaml", "apps/kept.yaml"], message: "remove b")
            try await env.waitReady("apps", revision: third)
            #expect(await env.get(KustomizationEnv.configMap, "a")?[path: "data", "color"]?.stringValue == "green")
            #expect(await eventually { await env.get(KustomizationEnv.configMap, "b") == nil })
            #expect(await env.get(KustomizationEnv.configMap, "kept") != nil)
            #expect(await env.get(KustomizationEnv.configMap, "stable")?[path: "metadata", "resourceVersion"] == stableVersion)
            let after = try await env.kustomization("apps")[path: "status", "inventory", "entries"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(Set(after ?? []) == ["\(env.namespace)_a__ConfigMap", "\(env.namespace)_stable__ConfigMap", "\(env.namespace)_web_apps_Deployment"])
            let later = try await env.events(for: "apps")
            #expect(later.contains { $0.contains("ConfigMap/\(env.namespace)/b deleted") }, "\(later)")

            // An unchanged re-reconcile writes nothing: every resourceVersion stays.
            let before = await versions(env, ["a", "stable"])
            try await env.requestReconcile(KustomizationEnv.kustomization, "apps")
            #expect(await eventually {
                let k = try? await env.kustomization("apps")
                return k?[path: "status", "lastHandledReconcileAt"] == k?[path: "metadata", "annotations", "reconcile.fluxcd.io/requestedAt"]
            })
            #expect(await versions(env, ["a", "stable"]) == before)
        }
    }

    @Test func withoutPruneRemovedObjectsStay() async throws {
        try await KustomizationEnv.with("ks-noprune") { env in
            let first = try await env.push(["apps/a.yaml": configMapYAML("a"), "apps/b.yaml": configMapYAML("b")])
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps", "prune": false])
            try await env.waitReady("apps", revision: first)
            let second = try await env.push([:], delete: ["apps/b.yaml"])
            try await env.waitReady("apps", revision: second)
            #expect(await env.get(KustomizationEnv.configMap, "b") != nil)
            let ids = try await env.kustomization("apps")[path: "status", "inventory", "entries"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(ids == ["\(env.namespace)_a__ConfigMap"])
        }
    }

    func versions(_ env: KustomizationEnv, _ names: [String]) async -> [String] {
        var result: [String] = []
        for name in names { result.append(await env.get(KustomizationEnv.configMap, name)?[path: "metadata", "resourceVersion"]?.stringValue ?? "") }
        return result
    }
}
