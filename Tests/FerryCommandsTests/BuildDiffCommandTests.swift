import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry build kustomization` and `ferry diff kustomization`: a local directory built with the
/// in-cluster Kustomization's options, and compared with the cluster without writing anything.
@Suite struct BuildDiffCommandTests {
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")

    func setUp(_ name: String) async throws -> (LocalControlPlane, KubernetesClient, String, String) {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        let ns = try await plane.makeNamespace(name, client: client)
        _ = try await client.create([
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": ["name": "apps", "namespace": .string(ns)],
            "spec": ["interval": "10m", "prune": true, "path": "./apps", "targetNamespace": .string(ns), "namePrefix": "dev-",
                     "sourceRef": ["kind": "GitRepository", "name": "repo"],
                     "postBuild": ["substitute": ["color": "blue"]]],
        ])
        let dir = NSTemporaryDirectory() + "ferry-build-\(name)-" + UUID().uuidString + "/apps"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: ${color}\n".write(toFile: dir + "/settings.yaml", atomically: true, encoding: .utf8)
        return (plane, client, ns, dir)
    }

    @Test func buildPrintsWhatTheControllerWouldApply() async throws {
        let (plane, client, ns, dir) = try await setUp("build")
        defer { Task { try? await client.shutdown() } }
        let build = try await FerryCLI.run(["build", "kustomization", "apps", "--path", dir, "-n", ns, "--kubeconfig", plane.adminKubeconfig])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout == """
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: dev-settings
              namespace: \(ns)
              labels:
                kustomize.toolkit.fluxcd.io/name: apps
                kustomize.toolkit.fluxcd.io/namespace: \(ns)
            data:
              color: blue

            """)
        // The user's directory is left as it was (no generated kustomization.yaml).
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["settings.yaml"])
        let missing = try await FerryCLI.run(["build", "kustomization", "nope", "--path", dir, "-n", ns, "--kubeconfig", plane.adminKubeconfig])
        #expect(missing.status == 1)
        #expect(missing.stderr == "✗ Kustomization \(ns)/nope not found\n")
    }

    @Test func diffReportsDriftAndExitsOneOnlyWhenThereIsSome() async throws {
        let (plane, client, ns, dir) = try await setUp("diff")
        defer { Task { try? await client.shutdown() } }
        let args = ["diff", "kustomization", "apps", "--path", dir, "-n", ns, "--kubeconfig", plane.adminKubeconfig]
        let created = try await FerryCLI.run(args)
        #expect(created.status == 1)
        #expect(created.stdout == "► ConfigMap/\(ns)/dev-settings created\n")
        #expect(try await client.list(Self.configMap, namespace: ns).items.allSatisfy { $0.metadataName != "dev-settings" }, "diff writes nothing")

        // Live as the build says: no difference.
        _ = try await client.apply(["apiVersion": "v1", "kind": "ConfigMap",
                                    "metadata": ["name": "dev-settings", "namespace": .string(ns),
                                                 "labels": ["kustomize.toolkit.fluxcd.io/name": "apps", "kustomize.toolkit.fluxcd.io/namespace": .string(ns)]],
                                    "data": ["color": "blue"]], fieldManager: "kustomize-controller", force: true)
        let same = try await FerryCLI.run(args)
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout == "")

        // Edited in the cluster: drifted, with the change shown.
        _ = try await client.patch(Self.configMap, name: "dev-settings", namespace: ns, type: .merge, patch: ["data": ["color": "red"]],
                                   options: WriteOptions(fieldManager: "kubectl-edit"))
        let drifted = try await FerryCLI.run(args)
        #expect(drifted.status == 1)
        #expect(drifted.stdout.hasPrefix("► ConfigMap/\(ns)/dev-settings drifted\n--- live\n+++ merged\n"), "\(drifted.stdout)")
        #expect(drifted.stdout.contains("-  color: red\n+  color: blue\n"), "\(drifted.stdout)")

        let broken = try await FerryCLI.run(["diff", "kustomization", "apps", "--path", dir + "/missing", "-n", ns, "--kubeconfig", plane.adminKubeconfig])
        #expect(broken.status == 2)
        #expect(broken.stderr.hasPrefix("✗ --path "))
    }
}
