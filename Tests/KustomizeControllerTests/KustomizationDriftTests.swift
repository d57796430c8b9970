import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// Drift correction: whatever is changed behind Ferry's back — an edit, a delete, a removed
/// label — is put back at the next interval, and only that object is written.
@Suite struct KustomizationDriftTests {
    @Test func editsDeletesAndRelabelsAreRepairedEachInterval() async throws {
        try await KustomizationEnv.with("ks-drift") { env in
            let commit = try await env.push([
                "apps/edited.yaml": configMapYAML("edited", ["color": "blue"]),
                "apps/deleted.yaml": configMapYAML("deleted"),
                "apps/relabelled.yaml": configMapYAML("relabelled"),
                "apps/untouched.yaml": configMapYAML("untouched"),
                "apps/web.yaml": deploymentYAML("web"),
            ])
            try await env.createSource()
            // A short interval: drift is found without anyone asking.
            try await env.applyKustomization("apps", ["path": "./apps", "interval": "3s"])
            try await env.waitReady("apps", revision: commit, timeout: .seconds(180))
            let untouched = await env.get(KustomizationEnv.configMap, "untouched")?[path: "metadata", "resourceVersion"]

            // Behind Ferry's back: a kubectl-style edit, a delete, a label removed, a Deployment scaled.
            _ = try await env.client.patch(KustomizationEnv.configMap, name: "edited", namespace: env.namespace, type: .merge,
                                           patch: ["data": ["color": "red", "extra": "x"]], options: WriteOptions(fieldManager: "kubectl-edit"))
            _ = try await env.client.delete(KustomizationEnv.configMap, name: "deleted", namespace: env.namespace)
            _ = try await env.client.patch(KustomizationEnv.configMap, name: "relabelled", namespace: env.namespace, type: .json,
                                           patch: [["op": "remove", "path": "/metadata/labels/kustomize.toolkit.fluxcd.io~1name"]])
            _ = try await env.client.patch(KustomizationEnv.deployment, name: "web", namespace: env.namespace, type: .merge,
                                           patch: ["spec": ["replicas": 3]], options: WriteOptions(fieldManager: "kubectl-scale"))

            #expect(await eventually(timeout: .seconds(120)) {
                let edited = await env.get(KustomizationEnv.configMap, "edited")
                let relabelled = await env.get(KustomizationEnv.configMap, "relabelled")
                let web = await env.get(KustomizationEnv.deployment, "web")
                let deleted = await env.get(KustomizationEnv.configMap, "deleted")
                return edited?[path: "data", "color"]?.stringValue == "blue"
                    && deleted != nil
                    && relabelled?[path: "metadata", "labels", "kustomize.toolkit.fluxcd.io/name"]?.stringValue == "apps"
                    && web?[path: "spec", "replicas"]?.intValue == 1
            })
            // The untouched object was never written.
            #expect(await env.get(KustomizationEnv.configMap, "untouched")?[path: "metadata", "resourceVersion"] == untouched)
            let events = try await env.events(for: "apps").joined(separator: "\n")
            #expect(events.contains("ConfigMap/\(env.namespace)/edited configured"), "\(events)")
            #expect(events.contains("ConfigMap/\(env.namespace)/deleted created"), "\(events)")
            #expect(events.contains("ConfigMap/\(env.namespace)/relabelled configured"), "\(events)")
            #expect(events.contains("Deployment/\(env.namespace)/web configured"), "\(events)")
            #expect(!events.contains("untouched configured"))
        }
    }

    @Test func aSuspendedKustomizationLeavesDriftAlone() async throws {
        try await KustomizationEnv.with("ks-suspend") { env in
            let commit = try await env.push(["apps/a.yaml": configMapYAML("a", ["color": "blue"])])
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps", "interval": "2s"])
            try await env.waitReady("apps", revision: commit, timeout: .seconds(180))
            try await env.applyKustomization("apps", ["path": "./apps", "interval": "2s", "suspend": true])
            // The controller has taken the suspension in: a turn that did nothing and scheduled
            // nothing. Any turn before it (one at a time per object) has ended.
            #expect(await eventually(timeout: .seconds(120)) { suspendedTurns(env, "apps") >= 1 })
            _ = try await env.client.patch(KustomizationEnv.configMap, name: "a", namespace: env.namespace, type: .merge,
                                           patch: ["data": ["color": "red"]])
            // A spec change (still suspended) makes the controller look again after the edit:
            // once it has, the edit is still there.
            let seen = suspendedTurns(env, "apps")
            try await env.applyKustomization("apps", ["path": "./apps", "interval": "3s", "suspend": true])
            #expect(await eventually(timeout: .seconds(120)) { suspendedTurns(env, "apps") > seen })
            #expect(await env.get(KustomizationEnv.configMap, "a")?[path: "data", "color"]?.stringValue == "red")
            // Resumed: repaired.
            try await env.applyKustomization("apps", ["path": "./apps", "interval": "2s", "suspend": false])
            #expect(await eventually(timeout: .seconds(120)) {
                await env.get(KustomizationEnv.configMap, "a")?[path: "data", "color"]?.stringValue == "blue"
            })
        }
    }
}

/// Turns of the Kustomization `name` that did nothing and scheduled nothing — what a suspended
/// object gets — counted from the controllers' one log line per reconcile: `reconciled`,
/// result `succeeded`, and no `next` (every turn that applies schedules the next interval).
private func suspendedTurns(_ env: KustomizationEnv, _ name: String) -> Int {
    var turns = 0
    for text in env.controllers.log.split(separator: "\n") {
        guard let line = try? JSONValue(json: String(text)) else { continue }
        let fields = ["msg", "kind", "name", "namespace", "result"].map { line[$0]?.stringValue }
        if fields == ["reconciled", "Kustomization", name, env.namespace, "succeeded"], line["next"] == nil { turns += 1 }
    }
    return turns
}
