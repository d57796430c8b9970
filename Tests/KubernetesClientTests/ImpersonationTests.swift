import FerryTesting
import Manifests
import Testing
@testable import KubernetesClient

/// The clients come from `LocalControlPlane` with a generous per-request deadline: a loaded
/// API server must answer Forbidden late rather than have the client report a timeout.
@Suite struct ImpersonationTests {
    @Test func unprivilegedUserIsForbiddenUntilARoleBindingAllows() async throws {
        let plane = try await LocalControlPlane.shared()
        let admin = try plane.adminClient()
        defer { Task { try await admin.shutdown() } }
        let ns = try await plane.makeNamespace("imp", client: admin)
        let cmKind = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
        let asTenant = admin.impersonating(Impersonation(user: "tenant-\(ns)"))

        let denied = try await #require(throws: APIError.self) { try await asTenant.list(cmKind, namespace: ns) }
        #expect(denied.isForbidden)
        #expect(denied.message.contains("User \"tenant-\(ns)\" cannot list resource \"configmaps\""))

        _ = try await admin.create(["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                                    "metadata": ["name": "tenant-view", "namespace": .string(ns)],
                                    "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"],
                                    "subjects": [["apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": .string("tenant-\(ns)")]]])
        #expect(await eventually(timeout: .seconds(120)) { (try? await asTenant.list(cmKind, namespace: ns)) != nil })
        // view does not include writing, nor other namespaces.
        let write = try await #require(throws: APIError.self) {
            try await asTenant.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "x", "namespace": .string(ns)]])
        }
        #expect(write.isForbidden)
        #expect(try await admin.canI(verb: "list", resource: "configmaps", namespace: ns))
        #expect(try await !asTenant.canI(verb: "list", resource: "configmaps", namespace: "default"))
    }

    @Test func serviceAccountImpersonationUsesTheServiceAccountsGroups() async throws {
        let plane = try await LocalControlPlane.shared()
        let admin = try plane.adminClient()
        defer { Task { try await admin.shutdown() } }
        let ns = try await plane.makeNamespace("impsa", client: admin)
        let sa = admin.impersonating(.serviceAccount(namespace: ns, name: "deployer"))
        #expect(try await !sa.canI(verb: "create", resource: "configmaps", namespace: ns))
        // Bind edit to every service account of the namespace (a group subject).
        _ = try await admin.create(["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                                    "metadata": ["name": "sas-edit", "namespace": .string(ns)],
                                    "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"],
                                    "subjects": [["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": .string("system:serviceaccounts:\(ns)")]]])
        #expect(await eventually(timeout: .seconds(120)) { (try? await sa.canI(verb: "create", resource: "configmaps", namespace: ns)) == true })
        let created = try await sa.apply(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "by-sa", "namespace": .string(ns)],
                                          "data": ["owner": "tenant"]],
                                         fieldManager: "kustomize-controller")
        let managers = created[path: "metadata", "managedFields"]?.arrayValue?.compactMap { $0["manager"]?.stringValue }
        #expect(managers == ["kustomize-controller"])
        // The unprivileged user cannot impersonate anyone.
        let user = try plane.userClient().impersonating(.serviceAccount(namespace: ns, name: "deployer"))
        defer { Task { try await user.shutdown() } }
        let error = try await #require(throws: APIError.self) { try await user.list(GroupVersionKind(group: "", version: "v1", kind: "ConfigMap"), namespace: ns) }
        #expect(error.isForbidden)
        #expect(error.message.contains("cannot impersonate"))
    }
}
