import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry bootstrap git` installing Ferry in the cluster (the default): the controllers'
/// Deployment is committed with the sync manifests and applied; once controllers run (here on the
/// machine, standing in for the pod a node-less cluster can never start) the sync Kustomization
/// applies Ferry's own components from Git, so a new image committed to the repository — by a
/// second bootstrap or by hand — reaches the live Deployment; an unchanged bootstrap commits nothing.
@Suite struct BootstrapInClusterTests {
    static let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
    static let clusterRole = GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole")
    static let crd = GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition")
    static let kustomization = GroupVersionKind(group: "kustomize.toolkit.fluxcd.io", version: "v1", kind: "Kustomization")
    static let components = "clusters/test/ferry-system/gotk-components.yaml"

    static func image(_ deployment: JSONValue?) -> String? {
        deployment?[path: "spec", "template", "spec", "containers"]?[0]?["image"]?.stringValue
    }

    @Test func bootstrapCommitsTheControllersAndTheClusterUpgradesThemFromGit() async throws {
        let plane = try await LocalControlPlane.start(name: "bootstrap-in-cluster")
        let client = try plane.adminClient()
        defer { Task { try? await client.shutdown(); try? await plane.stop() } }
        let git = try await GitServer.shared()
        let repo = try await GitRepoFixture.create("fleet-in-cluster", on: git)
        try await repo.commit(files: ["README.md": "fleet\n"], message: "init")
        try await repo.push()
        let env = ["FERRY_GIT_PASSWORD": git.basicPassword, "XDG_STATE_HOME": NSTemporaryDirectory() + "ferry-bootstrap-state-" + UUID().uuidString]
        func bootstrap(image: String, wait: Bool = false) async throws -> FerryCLI.Result {
            try await FerryCLI.run(["bootstrap", "git", "--url", repo.url(.httpAuth), "--branch", "main", "--path", "clusters/test",
                                    "--username", git.basicUser, "--kubeconfig", plane.adminKubeconfig, "--image", image,
                                    "--wait=\(wait)", "--timeout", "2m"], environment: env)
        }

        // Waiting for a Deployment on a node-less cluster could only time out: refused before any commit.
        let initial = try await repo.revision()
        let waiting = try await bootstrap(image: "registry.example/ferry:v1", wait: true)
        #expect(waiting.status != 0)
        #expect(waiting.stderr.contains("the cluster has no node, so Deployment ferry-system/ferry-controllers can never run"), "\(waiting.stderr)")
        #expect(waiting.stderr.contains("use --wait=false"))
        try await repo.git(["pull", "-q", "origin", "main"])
        #expect(try await repo.revision() == initial)

        // First bootstrap: the Deployment is committed next to the sync manifests, and applied.
        let first = try await bootstrap(image: "registry.example/ferry:v1")
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(first.stdout.contains("✔ committed component manifests to \"main\""), "\(first.stdout)")
        #expect(first.stdout.contains("◎ not waiting (--wait=false): the cluster reconciles the repository once Deployment ferry-system/ferry-controllers runs"))
        #expect(first.stdout.hasSuffix("✔ bootstrap finished\n"))
        #expect(!first.stdout.contains("controllers run on this machine"))
        try await repo.git(["pull", "-q", "origin", "main"])
        let files = try await repo.git(["ls-files", "clusters/test/ferry-system"])
        #expect(files.split(separator: "\n") == ["clusters/test/ferry-system/gotk-components.yaml", "clusters/test/ferry-system/gotk-sync.yaml",
                                                 "clusters/test/ferry-system/kustomization.yaml"])
        let committed = try YAML.documents(try String(contentsOfFile: repo.workTree + "/" + Self.components, encoding: .utf8))
        let committedDeployment = committed.first { $0.kind == "Deployment" && $0.metadataName == "ferry-controllers" }
        #expect(Self.image(committedDeployment) == "registry.example/ferry:v1")
        let exported = try await FerryCLI.run(["install", "--export", "--image", "registry.example/ferry:v1"])
        #expect(try YAML.documents(exported.stdout) == committed, "gotk-components.yaml is what ferry install --export prints")
        #expect(Self.image(try await client.get(Self.deployment, name: "ferry-controllers", namespace: "ferry-system")) == "registry.example/ferry:v1")
        #expect(try await client.get(Self.clusterRole, name: "crd-controller-ferry-system").metadataName != nil)
        #expect(try await client.get(Self.crd, name: "kustomizations.kustomize.toolkit.fluxcd.io").metadataName != nil)

        // Controllers on the machine stand in for the pod: the sync Kustomization takes over Ferry's components.
        // (Stopped at the end; on an early failure ExitCleanup ends the process.)
        let controllers = try await FerryControllers.start(plane: plane, namespace: "ferry-system")
        #expect(await eventually(timeout: .seconds(90)) {
            let live = try? await client.get(Self.deployment, name: "ferry-controllers", namespace: "ferry-system")
            return live?[path: "metadata", "labels", "kustomize.toolkit.fluxcd.io/name"]?.stringValue == "ferry-system"
        }, "\(controllers.log.suffix(3000))")

        // An upgrade by bootstrap: a new image is a commit, and the cluster follows.
        let head = try await repo.revision()
        let second = try await bootstrap(image: "registry.example/ferry:v2")
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(second.stdout.contains("✔ committed component manifests to \"main\""), "\(second.stdout)")
        try await repo.git(["pull", "-q", "origin", "main"])
        #expect(try await repo.revision() != head)
        #expect(try String(contentsOfFile: repo.workTree + "/" + Self.components, encoding: .utf8).contains("image: registry.example/ferry:v2"))

        // An upgrade by hand through Git: only the Kustomization can carry it to the cluster.
        let text = try String(contentsOfFile: repo.workTree + "/" + Self.components, encoding: .utf8)
        try await repo.commit(files: [Self.components: text.replacingOccurrences(of: "registry.example/ferry:v2", with: "registry.example/ferry:v3")],
                              message: "ferry v3")
        try await repo.push()
        let reconcile = try await FerryCLI.run(["reconcile", "source", "git", "ferry-system", "--kubeconfig", plane.adminKubeconfig, "--timeout", "60s"])
        #expect(reconcile.status == 0, "\(reconcile.stderr)")
        #expect(await eventually(timeout: .seconds(90)) {
            Self.image(try? await client.get(Self.deployment, name: "ferry-controllers", namespace: "ferry-system")) == "registry.example/ferry:v3"
        }, "\(controllers.log.suffix(3000))")

        // The same bootstrap as what Git holds: nothing to commit.
        let upToDate = try await repo.revision()
        let third = try await bootstrap(image: "registry.example/ferry:v3")
        #expect(third.status == 0, "\(third.stdout)\n\(third.stderr)")
        #expect(third.stdout.contains("✔ component manifests are up to date"), "\(third.stdout)")
        try await repo.git(["pull", "-q", "origin", "main"])
        #expect(try await repo.revision() == upToDate)
        let sync = try await client.get(Self.kustomization, name: "ferry-system", namespace: "ferry-system")
        let ready = sync[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "Ready" }
        #expect(ready?["status"]?.stringValue == "True", "\(ready?["message"]?.stringValue ?? "")")
        await controllers.stop()
    }
}
