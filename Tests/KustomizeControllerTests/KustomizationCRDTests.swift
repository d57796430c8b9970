import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// A CRD and its custom resources in one commit: the CRD goes first, is waited on until
/// Established, and the resources of the new kind apply in the same reconcile.
@Suite struct KustomizationCRDTests {
    @Test func aCRDAndItsResourcesInOneCommit() async throws {
        try await KustomizationEnv.with("ks-crd") { env in
            let group = "ks\(UInt32.random(in: 0...UInt32.max)).ferry.test"
            let crd = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: gadgets.\(group)
                spec:
                  group: \(group)
                  names: {kind: Gadget, plural: gadgets, singular: gadget, listKind: GadgetList}
                  scope: Namespaced
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              size: {type: integer}

                """
            let gadget = "apiVersion: \(group)/v1\nkind: Gadget\nmetadata:\n  name: g1\n  namespace: ${NS}\nspec:\n  size: 3\n"
            // File names sort the resource before its CRD: the staging must not care.
            let commit = try await env.push(["apps/a-gadget.yaml": gadget, "apps/z-crd.yaml": crd])
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps"])
            try await env.waitReady("apps", revision: commit)
            let live = try await env.client.get(GroupVersionKind(group: group, version: "v1", kind: "Gadget"), name: "g1", namespace: env.namespace)
            #expect(live[path: "spec", "size"]?.intValue == 3)
            let ids = try await env.kustomization("apps")[path: "status", "inventory", "entries"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(ids == ["_gadgets.\(group)_apiextensions.k8s.io_CustomResourceDefinition", "\(env.namespace)_g1_\(group)_Gadget"])
            // Deleting the Kustomization prunes both (the CRD last).
            _ = try await env.client.delete(KustomizationEnv.kustomization, name: "apps", namespace: env.namespace)
            #expect(await eventually(timeout: .seconds(30)) {
                await env.get(GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition"),
                              "gadgets.\(group)", namespace: "") == nil
            })
        }
    }
}
