import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `spec.serviceAccountName`: every call of the reconcile is made as that service account, so a
/// tenant gets exactly what its RBAC allows — denied first, allowed once bound.
@Suite struct KustomizationImpersonationTests {
    @Test func aTenantIsConfinedToItsRBAC() async throws {
        try await KustomizationEnv.with("ks-tenant") { env in
            let ns = env.namespace
            for object: JSONValue in [
                ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "tenant", "namespace": .string(ns)]],
                ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": ["name": "configmaps", "namespace": .string(ns)],
                 "rules": [["apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"]]]],
                ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": ["name": "tenant-configmaps", "namespace": .string(ns)],
                 "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "configmaps"],
                 "subjects": [["kind": "ServiceAccount", "name": "tenant", "namespace": .string(ns)]]],
            ] {
                _ = try await env.client.create(object)
            }
            let commit = try await env.push(["apps/cm.yaml": configMapYAML("cm"), "apps/svc.yaml": """
                apiVersion: v1
                kind: Service
                metadata:
                  name: svc
                  namespace: ${NS}
                spec:
                  ports: [{port: 80}]

                """])
            try await env.createSource()
            try await env.applyKustomization("tenant", ["path": "./apps", "serviceAccountName": "tenant", "retryInterval": "2s"])
            let denied = try await env.waitNotReady("tenant", reason: "ReconciliationFailed")
            #expect(denied.contains("system:serviceaccount:\(ns):tenant"), "\(denied)")
            #expect(denied.contains("Service/\(ns)/svc"), "\(denied)")
            #expect(await env.get(KustomizationEnv.service, "svc") == nil)

            // Allowed once an admin binds the right role.
            for object: JSONValue in [
                ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": ["name": "services", "namespace": .string(ns)],
                 "rules": [["apiGroups": [""], "resources": ["services"], "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"]]]],
                ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": ["name": "tenant-services", "namespace": .string(ns)],
                 "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "services"],
                 "subjects": [["kind": "ServiceAccount", "name": "tenant", "namespace": .string(ns)]]],
            ] {
                _ = try await env.client.create(object)
            }
            try await env.waitReady("tenant", revision: commit)
            #expect(await env.get(KustomizationEnv.service, "svc") != nil)

            // Still confined: another namespace is out of reach.
            let elsewhere = try await env.plane.makeNamespace("ks-tenant-other", client: env.client)
            try await env.push(["apps/other.yaml": configMapYAML("other", namespace: elsewhere)])
            let outside = try await env.waitNotReady("tenant", reason: "ReconciliationFailed")
            #expect(outside.contains("ConfigMap/\(elsewhere)/other"), "\(outside)")
            #expect(await env.get(KustomizationEnv.configMap, "other", namespace: elsewhere) == nil)
        }
    }
}
