import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry trace`: an object → the Kustomization that applied it → its GitRepository.
@Suite struct TraceCommandTests {
    @Test func tracesAnObjectBackToItsSource() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        defer { Task { try await client.shutdown() } }
        try await plane.installFerryCRDs(client: client)
        let ns = try await plane.makeNamespace("cli-trace", client: client)
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]

        try await FerryObjects.createGitRepository(client, "repo", ns)
        try await FerryObjects.report(client, FerryObjects.gitRepository, "repo", ns, FerryObjects.fetched())
        try await FerryObjects.createKustomization(client, "apps", ns, extra: ["targetNamespace": .string(ns)])
        try await FerryObjects.report(client, FerryObjects.kustomization, "apps", ns, FerryObjects.applied(["\(ns)_web__ConfigMap"]))
        _ = try await client.create(["apiVersion": "v1", "kind": "ConfigMap",
                                     "metadata": ["name": "web", "namespace": .string(ns),
                                                  "labels": ["kustomize.toolkit.fluxcd.io/name": "apps", "kustomize.toolkit.fluxcd.io/namespace": .string(ns)]]])
        _ = try await client.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "by-hand", "namespace": .string(ns)]])

        let expected = """

        Object:          ConfigMap/web
        Namespace:       \(ns)
        Status:          Managed by Ferry
        ---
        Kustomization:   apps
        Namespace:       \(ns)
        Target:          \(ns)
        Path:            ./deploy
        Revision:        main@sha1:0123abcd
        Status:          Last reconciled at 2026-01-01 00:00:00 +0000 UTC
        Message:         Applied revision: main@sha1:0123abcd
        ---
        GitRepository:   repo
        Namespace:       \(ns)
        URL:             https://example.com/repo.git
        Branch:          main
        Revision:        main@sha1:0123abcd
        Status:          Last reconciled at 2026-01-01 00:00:00 +0000 UTC
        Message:         stored artifact for revision 'main@sha1:0123abcd'

        """
        for args in [["configmap/web"], ["cm", "web"], ["web", "--kind", "ConfigMap", "--api-version", "v1"]] {
            let r = try await FerryCLI.run(["trace"] + args + kc)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.stdout == expected, "\(args)")
        }

        // A Kustomization not reconciled yet, from a source that failed.
        _ = try await client.create(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                                     "metadata": ["name": "broken", "namespace": .string(ns)],
                                     "spec": ["interval": "1m", "url": "https://example.com/broken.git", "ref": ["tag": "v1.0.0"]]])
        try await FerryObjects.report(client, FerryObjects.gitRepository, "broken", ns,
                                      ["conditions": [FerryObjects.ready("False", "failed to checkout and determine revision")]])
        try await FerryObjects.createKustomization(client, "pending", ns, source: "broken")
        _ = try await client.create(["apiVersion": "v1", "kind": "ConfigMap",
                                     "metadata": ["name": "later", "namespace": .string(ns),
                                                  "labels": ["kustomize.toolkit.fluxcd.io/name": "pending", "kustomize.toolkit.fluxcd.io/namespace": .string(ns)]]])
        let pending = try await FerryCLI.run(["trace", "configmap", "later"] + kc)
        #expect(pending.stdout == """

        Object:          ConfigMap/later
        Namespace:       \(ns)
        Status:          Managed by Ferry
        ---
        Kustomization:   pending
        Namespace:       \(ns)
        Path:            ./deploy
        Revision:        
        Status:          Unknown
        ---
        GitRepository:   broken
        Namespace:       \(ns)
        URL:             https://example.com/broken.git
        Tag:             v1.0.0
        Status:          Last reconciliation failed at 2026-01-01 00:00:00 +0000 UTC
        Message:         failed to checkout and determine revision

        """, "\(pending.stderr)")

        let several = try await FerryCLI.run(["trace", "configmap/web", "configmap/web"] + kc)
        #expect(several.stdout == expected + "---\n" + expected)

        let unmanaged = try await FerryCLI.run(["trace", "configmap/by-hand"] + kc)
        #expect(unmanaged.status == 1)
        #expect(unmanaged.stderr == "✗ ConfigMap/\(ns)/by-hand is not managed by Ferry: it has no kustomize.toolkit.fluxcd.io or helm.toolkit.fluxcd.io name and namespace labels\n")
        let clusterScoped = try await FerryCLI.run(["trace", "namespace/\(ns)"] + kc)
        #expect(clusterScoped.stderr == "✗ Namespace/\(ns) is not managed by Ferry: it has no kustomize.toolkit.fluxcd.io or helm.toolkit.fluxcd.io name and namespace labels\n")
        let missing = try await FerryCLI.run(["trace", "configmap/nope"] + kc)
        #expect(missing.stderr == "✗ ConfigMap \(ns)/nope not found\n")
        let unknown = try await FerryCLI.run(["trace", "frobnicator/x"] + kc)
        #expect(unknown.stderr == "✗ the server doesn't have a resource type \"frobnicator\"\n")
        let halfStatic = try await FerryCLI.run(["trace", "web", "--kind", "ConfigMap"] + kc)
        #expect(halfStatic.status != 0)
        #expect(halfStatic.stderr.contains("give both --kind and --api-version, or neither"))
    }
}
