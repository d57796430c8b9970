import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry bootstrap git --local-controllers` on a control plane of the test's own: the manifests are committed, the
/// controllers started, and from then on the cluster follows the repository; running it again
/// changes nothing.
@Suite struct BootstrapCommandTests {
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")

    @Test func bootstrapMakesTheClusterFollowTheRepositoryAndIsIdempotent() async throws {
        let plane = try await LocalControlPlane.start(name: "bootstrap")
        let client = try plane.adminClient()
        let state = NSTemporaryDirectory() + "ferry-bootstrap-state-" + UUID().uuidString
        func stopControllers() {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: state + "/ferry")) ?? [] where file.hasSuffix(".pid") {
                if let pid = Int32((try? String(contentsOfFile: state + "/ferry/" + file, encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") { kill(pid, SIGTERM) }
            }
        }
        defer {
            stopControllers()
            Task { try? await client.shutdown(); try? await plane.stop() }
        }
        let git = try await GitServer.shared()
        let repo = try await GitRepoFixture.create("fleet", on: git)
        try await repo.commit(files: ["clusters/test/app/settings.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  color: blue\n"],
                              message: "app")
        try await repo.push()
        let args = ["bootstrap", "git", "--url", repo.url(.httpAuth), "--branch", "main", "--path", "clusters/test",
                    "--local-controllers", "--username", git.basicUser, "--kubeconfig", plane.adminKubeconfig, "--timeout", "2m"]
        let env = ["XDG_STATE_HOME": state, "FERRY_GIT_PASSWORD": git.basicPassword]

        let first = try await FerryCLI.run(args, environment: env)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(first.stdout.contains("✔ committed component manifests to \"main\""), "\(first.stdout)")
        #expect(first.stdout.contains("◎ the controllers run on this machine (--local-controllers), not in the cluster"))
        #expect(first.stdout.hasSuffix("✔ bootstrap finished\n"))
        #expect(!first.stdout.contains(git.basicPassword) && !first.stderr.contains(git.basicPassword))

        // The repository now holds Ferry's own manifests, and the cluster applied the app.
        try await repo.git(["pull", "-q", "origin", "main"])
        let files = try await repo.git(["ls-files", "clusters/test/ferry-system"])
        #expect(files.split(separator: "\n") == ["clusters/test/ferry-system/gotk-components.yaml", "clusters/test/ferry-system/gotk-sync.yaml",
                                                 "clusters/test/ferry-system/kustomization.yaml"])
        let settings = try await client.get(Self.configMap, name: "settings", namespace: "default")
        #expect(settings[path: "data", "color"]?.stringValue == "blue")
        #expect(settings[path: "metadata", "labels", "kustomize.toolkit.fluxcd.io/name"]?.stringValue == "ferry-system")
        let head = try await repo.revision()

        // Again: nothing to commit, the same controllers.
        let second = try await FerryCLI.run(args, environment: env)
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(second.stdout.contains("✔ component manifests are up to date"))
        #expect(second.stdout.contains("already running as pid"))
        try await repo.git(["pull", "-q", "origin", "main"])
        #expect(try await repo.revision() == head)

        // The cluster follows Git from now on.
        try await repo.commit(files: ["clusters/test/app/settings.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  color: green\n"],
                              message: "green")
        try await repo.push()
        let reconcile = try await FerryCLI.run(["reconcile", "source", "git", "ferry-system", "--kubeconfig", plane.adminKubeconfig, "--timeout", "60s"])
        #expect(reconcile.status == 0, "\(reconcile.stderr)")
        #expect(await eventually(timeout: .seconds(60)) {
            (try? await client.get(Self.configMap, name: "settings", namespace: "default"))?[path: "data", "color"]?.stringValue == "green"
        })
    }
}
