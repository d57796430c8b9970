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
            try await env.waitReady("apps", revision: commit)
            let untouched = await env.get(KustomizationEnv.configMap, "untouched")?[path: "metadata", "resourceVersion"]

            // Behind Ferry's back: a kubectl-style edit, a delete, a label removed, a Deployment scaled.
            _ = try await env.client.patch(KustomizationEnv.configMap, name: "edited", namespace: env.namespace, type: .merge,
                                           patch: ["data": ["color": "red", "extra": "x"]], options: WriteOptions(fieldManager: "kubectl-edit"))
            _ = try await env.client.delete(KustomizationEnv.configMap, name: "deleted", namespace: env.namespace)
            _ = try await env.client.patch(KustomizationEnv.configMap, name: "relabelled", namespace: env.namespace, type: .json,
                                           patch: [["op": "remove", "path": "/metadata/labels/kustomize.toolkit.fluxcd.io~1name"]])
            _ = try await env.client.patch(KustomizationEnv.deployment, name: "web", namespace: env.namespace, type: .merge,
                                           patch: ["spec": ["replicas": 3]], options: WriteOptions(fieldManager: "kubectl-scale"))

            #expect(await eventually(timeout: .seconds(30)) {
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
            try await env.waitReady("apps", revision: commit)
            try await env.applyKustomization("apps", ["path": "./apps", "interval": "2s", "suspend": true])
            try await Task.sleep(for: .seconds(1))
            _ = try await env.client.patch(KustomizationEnv.configMap, name: "a", namespace: env.namespace, type: .merge,
                                           patch: ["data": ["color": "red"]])
            try await Task.sleep(for: .seconds(6))
            #expect(await env.get(KustomizationEnv.configMap, "a")?[path: "data", "color"]?.stringValue == "red")
            // Resumed: repaired.
            try await env.applyKustomization("apps", ["path": "./apps", "interval": "2s", "suspend": false])
            #expect(await eventually(timeout: .seconds(30)) {
                await env.get(KustomizationEnv.configMap, "a")?[path: "data", "color"]?.stringValue == "blue"
            })
        }
    }
}
