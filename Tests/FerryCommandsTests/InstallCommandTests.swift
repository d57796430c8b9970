import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry install` / `ferry uninstall` on a control plane of the test's own (uninstall removes
/// the CRDs, which the shared cluster's other tests rely on).
@Suite struct InstallCommandTests {
    @Test func exportMatchesTheCRDsInTheRepository() async throws {
        let export = try await FerryCLI.run(["install", "--export"])
        #expect(export.status == 0)
        let docs = try YAML.documents(export.stdout)
        let dir = LocalControlPlane.packageRoot + "/config/crd"
        var expected: [JSONValue] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where file.hasSuffix(".yaml") {
            expected += try YAML.documents(String(contentsOfFile: dir + "/" + file, encoding: .utf8))
        }
        // The binary embeds config/crd (scripts/gen-embedded-manifests): they must not drift apart.
        #expect(Array(docs.prefix(expected.count)) == expected)
        #expect(docs.dropFirst(expected.count).map { "\($0.kind ?? "")/\($0.metadataName ?? "")" } == [
            "Namespace/ferry-system", "ServiceAccount/ferry-controllers", "ClusterRole/crd-controller-ferry-system",
            "ClusterRoleBinding/crd-controller-ferry-system", "ClusterRoleBinding/cluster-reconciler-ferry-system",
            "Deployment/ferry-controllers", "Service/source-controller", "NetworkPolicy/allow-egress", "NetworkPolicy/allow-scraping",
        ])
    }

    @Test func installThenUninstallLeavesNothingBehind() async throws {
        let plane = try await LocalControlPlane.start(name: "install")
        let client = try plane.adminClient()
        defer { Task { try await client.shutdown(); try await plane.stop() } }
        // No node runs the controllers' pod here: do not wait for it.
        let install = try await FerryCLI.run(["install", "--kubeconfig", plane.adminKubeconfig, "--wait=false"])
        #expect(install.status == 0, "\(install.stderr)")
        // Every CRD of config/crd is reported applied, in the files' order, before anything else.
        let dir = LocalControlPlane.packageRoot + "/config/crd"
        var crdLines: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where file.hasSuffix(".yaml") {
            for doc in try YAML.documents(String(contentsOfFile: dir + "/" + file, encoding: .utf8)) {
                crdLines.append("✔ CustomResourceDefinition/\(doc.metadataName ?? "") applied")
            }
        }
        #expect(crdLines.count == 11)
        let header = (["► installing components in ferry-system namespace"] + crdLines).joined(separator: "\n") + "\n"
        #expect(install.stdout.hasPrefix(header), "\(install.stdout)")
        #expect(install.stdout.hasSuffix("✔ install finished\n"))
        // Idempotent: a second run is an upgrade in place.
        #expect(try await FerryCLI.run(["install", "--kubeconfig", plane.adminKubeconfig, "--wait=false"]).status == 0)
        // Waiting for a pod no node runs fails within --timeout, naming the Deployment.
        let waited = try await FerryCLI.run(["install", "--kubeconfig", plane.adminKubeconfig, "--timeout", "2s"])
        #expect(waited.status != 0)
        #expect(waited.stderr.contains("Deployment ferry-system/ferry-controllers was not ready within 2s"), "\(waited.stderr)")
        // An install of an older Ferry (one all-verbs ClusterRole) is replaced on upgrade, and
        // --components without the appliers drops their cluster-admin binding.
        for kind in ["ClusterRole", "ClusterRoleBinding"] {
            var legacy: JSONValue = ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": .string(kind),
                                     "metadata": ["name": "ferry-controllers", "labels": ["app.kubernetes.io/part-of": "ferry", "app.kubernetes.io/managed-by": "ferry"]]]
            if kind == "ClusterRole" { legacy["rules"] = [["apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]]] } else {
                legacy["roleRef"] = ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "ferry-controllers"]
                legacy["subjects"] = [["kind": "ServiceAccount", "name": "ferry-controllers", "namespace": "ferry-system"]]
            }
            _ = try await client.apply(legacy, fieldManager: "ferry", force: true)
        }
        let upgrade = try await FerryCLI.run(["install", "--kubeconfig", plane.adminKubeconfig, "--wait=false", "--components", "source-controller"])
        #expect(upgrade.status == 0, "\(upgrade.stderr)")
        for line in ["ClusterRoleBinding/cluster-reconciler-ferry-system deleted", "ClusterRoleBinding/ferry-controllers deleted",
                     "ClusterRole/ferry-controllers deleted"] {
            #expect(upgrade.stdout.contains("✔ \(line)\n"), "\(upgrade.stdout)")
        }
        let binding = GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding")
        #expect((try? await client.get(binding, name: "cluster-reconciler-ferry-system")) == nil)
        #expect((try? await client.get(binding, name: "crd-controller-ferry-system")) != nil)
        let check = try await FerryCLI.run(["check", "--kubeconfig", plane.adminKubeconfig])
        #expect(check.status == 0)

        // An object with a finalizer and no controller running: uninstall must not hang on it.
        let gvk = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "GitRepository")
        #expect(await eventually { (try? await client.refreshDiscovery().mapping(for: gvk)) != nil })
        _ = try await client.create(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                                     "metadata": ["name": "app", "namespace": "ferry-system", "finalizers": ["finalizers.fluxcd.io"]],
                                     "spec": ["interval": "1m", "url": "https://example.com/app.git"]])
        let refused = try await FerryCLI.run(["uninstall", "--kubeconfig", plane.adminKubeconfig])
        #expect(refused.stderr == "✗ refusing to uninstall without confirmation; pass --silent\n")
        let uninstall = try await FerryCLI.run(["uninstall", "--silent", "--kubeconfig", plane.adminKubeconfig])
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(uninstall.stdout.contains("✔ GitRepository/ferry-system/app finalizers removed\n"))
        let crd = GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition")
        #expect(await eventually { (try? await client.get(crd, name: "gitrepositories.source.toolkit.fluxcd.io")) == nil })
        #expect(await eventually(timeout: .seconds(60)) {
            (try? await client.get(GroupVersionKind(group: "", version: "v1", kind: "Namespace"), name: "ferry-system")) == nil
        })
        let roles = try await client.listAll(GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole"),
                                             options: ListOptions(labelSelector: "app.kubernetes.io/part-of=ferry"))
        #expect(roles.items.isEmpty)
    }
}
