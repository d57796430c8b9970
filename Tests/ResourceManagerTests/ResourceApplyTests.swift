import FerryTesting
import KubernetesClient
import Manifests
import Testing
@testable import ResourceManager

/// Staged server-side apply against the real API server: actions, stages, owner labels, the
/// ssa annotations, field-manager takeover and forced re-creation.
@Suite struct ResourceApplyTests {
    @Test func createsConfiguresAndLeavesUnchangedObjectsAlone() async throws {
        let f = try await ClusterFixture.make("apply-basic")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier()
        let objects = [f.configMap("a"), f.configMap("b"), f.configMap("c"), f.deployment("web")]

        let first = try await applier.apply(objects)
        #expect(first.entries.map(\.action) == [.created, .created, .created, .created])
        #expect(first.entries.map(\.subject) == [
            f.subject("ConfigMap", "a"), f.subject("ConfigMap", "b"), f.subject("ConfigMap", "c"), f.subject("Deployment", "web"),
        ])
        #expect(first.inventory.entries.map(\.id) == [
            "\(f.namespace)_a__ConfigMap", "\(f.namespace)_b__ConfigMap", "\(f.namespace)_c__ConfigMap",
            "\(f.namespace)_web_apps_Deployment",
        ])
        #expect(first.inventory.entries.last?.version == "v1")
        #expect(first.hasChanges)
        #expect(first.summary().split(separator: "\n").first == "ConfigMap/\(f.namespace)/a created")

        // Owner labels are stamped and the objects belong to kustomize-controller.
        let a = try #require(try await f.get("ConfigMap", "a"))
        #expect(a.labels[KustomizationOwner.nameLabel] == "apps")
        #expect(a.labels[KustomizationOwner.namespaceLabel] == "flux-system")
        #expect(a[path: "metadata", "managedFields"]?.arrayValue?
            .contains { $0["manager"] == "kustomize-controller" && $0["operation"] == "Apply" } == true)

        // The same objects again: nothing changes, no resourceVersion moves (no memory: dry-runs).
        let versions = try await rvs(f, ["a", "b", "c"])
        let second = try await applier.apply(objects)
        #expect(second.entries.map(\.action) == [.unchanged, .unchanged, .unchanged, .unchanged])
        #expect(!second.hasChanges)
        #expect(second.summary() == "")
        #expect(second.inventory == first.inventory)
        #expect(try await rvs(f, ["a", "b", "c"]) == versions)

        // One changed object: only it is configured.
        let third = try await applier.apply([f.configMap("a"), f.configMap("b", data: ["key": "new"]), f.configMap("c"), f.deployment("web")])
        #expect(third.actions[f.subject("ConfigMap", "b")] == .configured)
        #expect(third.summary() == "ConfigMap/\(f.namespace)/b configured")
        #expect(try await f.get("ConfigMap", "b")?[path: "data", "key"] == "new")
        #expect(try await rvs(f, ["a", "c"]) == [versions[0], versions[2]])
    }

    @Test func aSecretWrittenWithStringDataSettles() async throws {
        let f = try await ClusterFixture.make("apply-secret")
        defer { Task { try await f.client.shutdown() } }
        // The server folds stringData into data: the dry-run result and the live object must
        // still compare equal, or every reconcile would rewrite every Secret.
        let secret: JSONValue = [
            "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "creds", "namespace": .string(f.namespace)],
            "stringData": ["user": "admin"], "data": ["token": "c2VjcmV0"],
        ]
        let applier = f.applier()
        #expect(try await applier.apply([secret]).entries.map(\.action) == [.created])
        let rv = try await f.get("Secret", "creds")?.resourceVersion
        #expect(try await applier.apply([secret]).entries.map(\.action) == [.unchanged])
        #expect(try await f.get("Secret", "creds")?.resourceVersion == rv)
        var changed = secret
        changed[path: "stringData", "user"] = "root"
        #expect(try await applier.apply([changed]).entries.map(\.action) == [.configured])
        #expect(try await f.get("Secret", "creds")?[path: "data", "user"] == "cm9vdA==")
    }

    @Test func appliesACustomResourceDefinitionAndItsCustomResourceInOneCall() async throws {
        let f = try await ClusterFixture.make("apply-crd")
        defer { Task { try await f.client.shutdown() } }
        let group = "\(f.namespace).ferry.test"
        let crd = TestCRD.widget(group: group)
        let widget: JSONValue = [
            "apiVersion": .string("\(group)/v1"), "kind": "Widget",
            "metadata": ["name": "w1", "namespace": .string(f.namespace)], "spec": ["size": 3],
        ]
        defer { Task { try? await f.client.delete(GroupVersionKind(apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition"), name: "widgets.\(group)") } }
        // The custom resource comes first in the input: staging, not input order, decides.
        let changes = try await f.applier().apply([widget, crd])
        #expect(changes.entries.map(\.subject) == ["CustomResourceDefinition/widgets.\(group)", "Widget/\(f.namespace)/w1"])
        #expect(changes.entries.map(\.action) == [.created, .created])
        #expect(changes.inventory.entries.first?.id == "_widgets.\(group)_apiextensions.k8s.io_CustomResourceDefinition")
        let live = try #require(try await f.get("Widget", "w1", apiVersion: "\(group)/v1"))
        #expect(live[path: "spec", "size"] == 3)
    }

    @Test func appliesANamespaceBeforeTheObjectsInIt() async throws {
        let f = try await ClusterFixture.make("apply-ns")
        defer { Task { try await f.client.shutdown() } }
        let ns = "\(f.namespace)-new"
        defer { Task { try? await f.client.delete(GroupVersionKind(apiVersion: "v1", kind: "Namespace"), name: ns) } }
        var cm = f.configMap("inside")
        cm[path: "metadata", "namespace"] = .string(ns)
        let changes = try await f.applier().apply([cm, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns)]]])
        #expect(changes.entries.map(\.line) == ["Namespace/\(ns) created", "ConfigMap/\(ns)/inside created"])
        #expect(try await f.get("ConfigMap", "inside", namespace: ns) != nil)
    }

    @Test func honoursTheSSAAnnotations() async throws {
        let f = try await ClusterFixture.make("apply-ssa")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier()
        let ssa = FluxAnnotation.ssa

        // Ignore: never created, reported skipped, not in the inventory.
        let ignored = try await applier.apply([f.configMap("ignored", annotations: [ssa: "Ignore"])])
        #expect(ignored.entries.map(\.action) == [.skipped])
        #expect(ignored.inventory.entries.isEmpty)
        #expect(try await f.get("ConfigMap", "ignored") == nil)

        // IfNotPresent: created once, then left alone even when Git changes; still inventoried.
        let created = try await applier.apply([f.configMap("once", data: ["v": "1"], annotations: [ssa: "IfNotPresent"])])
        #expect(created.entries.map(\.action) == [.created])
        let again = try await applier.apply([f.configMap("once", data: ["v": "2"], annotations: [ssa: "IfNotPresent"])])
        #expect(again.entries.map(\.action) == [.skipped])
        #expect(again.inventory.entries.map(\.id) == ["\(f.namespace)_once__ConfigMap"])
        #expect(try await f.get("ConfigMap", "once")?[path: "data", "v"] == "1")

        // Merge: a field another manager added with kubectl stays.
        _ = try await applier.apply([f.configMap("merged", data: ["ours": "1"], annotations: [ssa: "Merge"])])
        _ = try await f.client.patch(GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"), name: "merged", namespace: f.namespace,
                                     type: .merge, patch: ["data": ["theirs": "2"]], options: WriteOptions(fieldManager: "kubectl-edit"))
        let merged = try await applier.apply([f.configMap("merged", data: ["ours": "1"], annotations: [ssa: "Merge"])])
        #expect(merged.entries.map(\.action) == [.unchanged])
        #expect(try await f.get("ConfigMap", "merged")?[path: "data", "theirs"] == "2")

        // A live object marked Ignore is left alone even though Git has it.
        _ = try await f.client.patch(GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"), name: "merged", namespace: f.namespace,
                                     type: .merge, patch: ["metadata": ["annotations": [.init(stringLiteral: ssa): "Ignore"]]])
        let skipped = try await applier.apply([f.configMap("merged", data: ["ours": "changed"])])
        #expect(skipped.entries.map(\.action) == [.skipped])
        #expect(skipped.inventory.entries.count == 1)
        #expect(try await f.get("ConfigMap", "merged")?[path: "data", "ours"] == "1")
    }

    @Test func takesOverFieldsSetWithKubectlAndRevertsThem() async throws {
        let f = try await ClusterFixture.make("apply-takeover")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier(memory: AppliedStateMemory())
        let desired = f.configMap("cfg", data: ["a": "1"])
        _ = try await applier.apply([desired])
        // `kubectl apply --server-side` adds a key (owned by the kubectl manager), and
        // `kubectl edit` changes ours: server-side apply alone would keep the added key.
        _ = try await f.client.apply(f.configMap("cfg", data: ["a": "1", "b": "2"]), fieldManager: "kubectl", force: true)
        _ = try await f.client.patch(GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"), name: "cfg", namespace: f.namespace,
                                     type: .merge, patch: ["metadata": ["annotations": ["kubectl.kubernetes.io/last-applied-configuration": "{}"]]],
                                     options: WriteOptions(fieldManager: "kubectl-client-side-apply"))
        let changes = try await applier.apply([desired])
        #expect(changes.entries.map(\.action) == [.configured])
        let live = try #require(try await f.get("ConfigMap", "cfg"))
        #expect(live["data"] == ["a": "1"])
        #expect(live.annotations["kubectl.kubernetes.io/last-applied-configuration"] == nil)
        let managers = live[path: "metadata", "managedFields"]?.arrayValue?.compactMap { $0["manager"]?.stringValue } ?? []
        #expect(!managers.contains { $0.hasPrefix("kubectl") })
        #expect(managers.contains("kustomize-controller"))
    }

    @Test func recreatesOnImmutableChangeOnlyWhenForced() async throws {
        let f = try await ClusterFixture.make("apply-force")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier()
        _ = try await applier.apply([f.deployment("web", app: "one")])
        let before = try #require(try await f.get("Deployment", "web", apiVersion: "apps/v1"))

        // A new selector is immutable: without force the error says so and how to force it.
        let error = try await #require(throws: ApplyError.self) {
            try await applier.apply([f.deployment("web", app: "two")])
        }
        #expect(error.message.contains("Deployment/\(f.namespace)/web dry-run failed (Invalid)"))
        #expect(error.message.contains("field is immutable"))
        #expect(error.message.contains("spec.force"))
        #expect(error.message.contains("kustomize.toolkit.fluxcd.io/force: enabled"))
        #expect(error.changeSet.entries.isEmpty)

        // spec.force: deleted and created again, with the new selector.
        let forced = try await applier.apply([f.deployment("web", app: "two")], options: ApplyOptions(force: true))
        #expect(forced.entries.map(\.action) == [.created])
        let after = try #require(try await f.get("Deployment", "web", apiVersion: "apps/v1"))
        #expect(after.uid != before.uid)
        #expect(after[path: "spec", "selector", "matchLabels", "app"] == "two")

        // The per-object annotation works the same way.
        var annotated = f.deployment("web", app: "three")
        annotated[path: "metadata", "annotations", FluxAnnotation.force] = "Enabled"
        let byAnnotation = try await applier.apply([annotated])
        #expect(byAnnotation.entries.map(\.action) == [.created])
        #expect(try await f.get("Deployment", "web", apiVersion: "apps/v1")?[path: "spec", "selector", "matchLabels", "app"] == "three")
    }

    @Test func readsLiveObjectsOneByOneWhenListingIsForbidden() async throws {
        let f = try await ClusterFixture.make("apply-tenant")
        defer { Task { try await f.client.shutdown() } }
        let user = "tenant-\(f.namespace)"
        _ = try await f.client.create(["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                                       "metadata": ["name": "get-and-apply", "namespace": .string(f.namespace)],
                                       "rules": [["apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "create", "patch"]]]])
        _ = try await f.client.create(["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                                       "metadata": ["name": "tenant", "namespace": .string(f.namespace)],
                                       "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "get-and-apply"],
                                       "subjects": [["apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": .string(user)]]])
        let tenant = ResourceApplier(client: f.client.impersonating(Impersonation(user: user)), owner: f.owner)
        let objects = (0..<4).map { f.configMap("cm-\($0)") }
        #expect(await eventually { (try? await tenant.client.canI(verb: "patch", resource: "configmaps", namespace: f.namespace)) == true })
        #expect(try await !tenant.client.canI(verb: "list", resource: "configmaps", namespace: f.namespace))
        let first = try await tenant.apply(objects)
        #expect(Set(first.entries.map(\.action)) == [.created])
        let second = try await tenant.apply(objects)
        #expect(Set(second.entries.map(\.action)) == [.unchanged])
    }

    func rvs(_ f: ClusterFixture, _ names: [String]) async throws -> [String] {
        var out: [String] = []
        for name in names { out.append(try await f.get("ConfigMap", name)?.resourceVersion ?? "") }
        return out
    }
}
