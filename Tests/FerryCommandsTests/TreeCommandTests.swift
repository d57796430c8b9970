import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry tree kustomization`: the inventory as flux prints it, nested Kustomizations expanded.
@Suite struct TreeCommandTests {
    @Test func printsTheInventoryAsATree() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        defer { Task { try await client.shutdown() } }
        try await plane.installFerryCRDs(client: client)
        let ns = try await plane.makeNamespace("cli-tree", client: client)
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]

        try await FerryObjects.createKustomization(client, "root", ns)
        try await FerryObjects.createKustomization(client, "apps", ns)
        try await FerryObjects.createKustomization(client, "infra", ns)
        try await FerryObjects.report(client, FerryObjects.kustomization, "root", ns, FerryObjects.applied([
            "\(ns)_apps_kustomize.toolkit.fluxcd.io_Kustomization", "\(ns)_repo_source.toolkit.fluxcd.io_GitRepository",
            "\(ns)_root_kustomize.toolkit.fluxcd.io_Kustomization", "_team-a__Namespace", "\(ns)_infra_kustomize.toolkit.fluxcd.io_Kustomization",
        ]))
        // A cycle back to root is printed as a leaf, not followed.
        try await FerryObjects.report(client, FerryObjects.kustomization, "infra", ns, FerryObjects.applied([
            "_infra__Namespace", "\(ns)_root_kustomize.toolkit.fluxcd.io_Kustomization",
        ]))
        try await FerryObjects.report(client, FerryObjects.kustomization, "apps", ns, FerryObjects.applied([
            "team-a_web_apps_Deployment", "team-a_web__Service", "_ferry__admin_rbac.authorization.k8s.io_ClusterRole",
        ]))

        let tree = try await FerryCLI.run(["tree", "kustomization", "root"] + kc)
        #expect(tree.status == 0, "\(tree.stderr)")
        #expect(tree.stdout == """
        Kustomization/\(ns)/root
        ├── Kustomization/\(ns)/apps
        │   ├── Deployment/team-a/web
        │   ├── Service/team-a/web
        │   └── ClusterRole/ferry:admin
        ├── GitRepository/\(ns)/repo
        ├── Namespace/team-a
        └── Kustomization/\(ns)/infra
            ├── Namespace/infra
            └── Kustomization/\(ns)/root


        """)

        let compact = try await FerryCLI.run(["tree", "ks", "root", "--compact", "-o", "yaml"] + kc)
        #expect(compact.stdout == """
        resource:
          GroupKind:
            Group: kustomize.toolkit.fluxcd.io
            Kind: Kustomization
          Name: root
          Namespace: \(ns)
        resources:
        - resource:
            GroupKind:
              Group: kustomize.toolkit.fluxcd.io
              Kind: Kustomization
            Name: apps
            Namespace: \(ns)
        - resource:
            GroupKind:
              Group: source.toolkit.fluxcd.io
              Kind: GitRepository
            Name: repo
            Namespace: \(ns)
        - resource:
            GroupKind:
              Group: kustomize.toolkit.fluxcd.io
              Kind: Kustomization
            Name: infra
            Namespace: \(ns)
          resources:
          - resource:
              GroupKind:
                Group: kustomize.toolkit.fluxcd.io
                Kind: Kustomization
              Name: root
              Namespace: \(ns)


        """)

        let json = try await FerryCLI.run(["tree", "kustomization", "apps", "-o", "json"] + kc)
        let parsed = try JSONValue(json: json.stdout)
        #expect(parsed[path: "resource", "Name"] == "apps")
        #expect(parsed["resources"]?.arrayValue?.map { $0[path: "resource", "Name"] } == ["web", "web", "ferry:admin"])
        #expect(parsed["resources"]?[2]?[path: "resource", "Namespace"] == "")

        try await FerryObjects.report(client, FerryObjects.kustomization, "root", ns,
                                      FerryObjects.applied(["\(ns)_gone_kustomize.toolkit.fluxcd.io_Kustomization"]))
        let broken = try await FerryCLI.run(["tree", "kustomization", "root"] + kc)
        #expect(broken.status == 1)
        #expect(broken.stderr == "✗ Kustomization \(ns)/gone not found\n")
        let missing = try await FerryCLI.run(["tree", "kustomization", "nope"] + kc)
        #expect(missing.stderr == "✗ Kustomization \(ns)/nope not found\n")
    }
}
