import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// A namespaced object without a namespace, in a Kustomization without `targetNamespace`, is
/// Flux's "namespace not specified" error — never the controller's own default namespace —
/// and the whole set is refused: nothing is applied, nothing pruned.
@Suite struct KustomizationNamespaceNotSpecifiedTests {
    @Test func aNamespacedObjectWithoutNamespaceRefusesTheSet() async throws {
        try await KustomizationEnv.with("ks-nons") { env in
            let first = try await env.push(["apps/a.yaml": configMapYAML("placed")])
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps", "retryInterval": "2s"])
            try await env.waitReady("apps", revision: first)

            // A new revision adds an object with no namespace (and drops the placed one).
            let bare = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bare\ndata:\n  k: v\n"
            try await env.push(["apps/b.yaml": bare, "apps/c.yaml": configMapYAML("sibling")], delete: ["apps/a.yaml"])
            let message = try await env.waitNotReady("apps", reason: ConditionReason.reconciliationFailed, containing: "namespace not specified")
            #expect(message.contains("ConfigMap/bare namespace not specified"), "\(message)")
            #expect(await env.get(KustomizationEnv.configMap, "sibling") == nil, "nothing of the set was applied")
            #expect(await env.get(KustomizationEnv.configMap, "placed") != nil, "nothing was pruned")
            #expect(await env.get(KustomizationEnv.configMap, "bare", namespace: "default") == nil, "the controller's namespace was not used")

            // targetNamespace places it.
            try await env.applyKustomization("apps", ["path": "./apps", "retryInterval": "2s", "targetNamespace": .string(env.namespace)])
            try await env.waitReady("apps")
            #expect(await env.get(KustomizationEnv.configMap, "bare") != nil)
            #expect(await env.get(KustomizationEnv.configMap, "placed") == nil, "pruned once the set applied")
        }
    }
}
