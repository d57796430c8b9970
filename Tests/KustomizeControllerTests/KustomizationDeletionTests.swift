import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// Deleting a Kustomization: with `prune: true` its objects go with it (the finalizer), without
/// it they stay; `deletionPolicy` overrides either way.
@Suite struct KustomizationDeletionTests {
    @Test func deletionFollowsPruneAndDeletionPolicy() async throws {
        try await KustomizationEnv.with("ks-delete") { env in
            let commit = try await env.push([
                "pruned/a.yaml": configMapYAML("pruned-a"),
                "kept/a.yaml": configMapYAML("kept-a"),
                "orphan/a.yaml": configMapYAML("orphan-a"),
                "forced/a.yaml": configMapYAML("forced-a"),
            ])
            try await env.createSource()
            try await env.applyKustomization("pruned", ["path": "./pruned", "prune": true])
            try await env.applyKustomization("kept", ["path": "./kept", "prune": false])
            try await env.applyKustomization("orphan", ["path": "./orphan", "prune": true, "deletionPolicy": "Orphan"])
            try await env.applyKustomization("forced", ["path": "./forced", "prune": false, "deletionPolicy": "Delete"])
            for name in ["pruned", "kept", "orphan", "forced"] { try await env.waitReady(name, revision: commit) }
            #expect(try await env.kustomization("pruned")[path: "metadata", "finalizers"]?.arrayValue == ["finalizers.fluxcd.io"])

            for name in ["pruned", "kept", "orphan", "forced"] {
                _ = try await env.client.delete(KustomizationEnv.kustomization, name: name, namespace: env.namespace)
            }
            for name in ["pruned", "kept", "orphan", "forced"] {
                #expect(await eventually { (try? await env.kustomization(name)) == nil }, "\(name) is gone")
            }
            #expect(await env.get(KustomizationEnv.configMap, "pruned-a") == nil)
            #expect(await env.get(KustomizationEnv.configMap, "forced-a") == nil)
            #expect(await env.get(KustomizationEnv.configMap, "kept-a") != nil)
            #expect(await env.get(KustomizationEnv.configMap, "orphan-a") != nil)
        }
    }
}
