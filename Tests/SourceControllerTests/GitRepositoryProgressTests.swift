import ControllerRuntime
import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import SourceController
import Testing

/// Progress is the runtime's to write: while a slow fetch runs, the object on the API server
/// says Reconciling=True/Progressing and Ready=Unknown; when it ends, Ready=True and the
/// Reconciling condition is gone. The Git server here is slow on purpose: a git wrapper holds
/// every fetch until the test opens a gate.
@Suite struct GitRepositoryProgressTests {
    @Test func aSlowFetchShowsProgressOnTheServerUntilItEnds() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        defer { Task { try? await client.shutdown() } }
        let ns = try await plane.makeNamespace("source-progress", client: client)
        try await plane.installFerryCRDs(client: client)

        let fx = try GitFixture()
        let repo = try await fx.makeRepository("slow")
        try await fx.write(repo.work + "/app.yaml", "a: 1\n")
        try await fx.commit(repo.work, "first")
        try await fx.push(repo.work)
        let gate = fx.root + "/gate-open"
        let wrapper = fx.root + "/slow-git"
        // ls-remote answers at once; fetch and clone wait (up to 10 minutes) for the gate.
        try await fx.write(wrapper, """
            #!/bin/sh
            for a in "$@"; do
              case "$a" in
                fetch|clone) i=0; while [ ! -e '\(gate)' ] && [ $i -lt 6000 ]; do sleep 0.1; i=$((i+1)); done; break;;
                -*|/*|file:*) ;;
                *) break;;
              esac
            done
            exec git "$@"

            """, executable: true)

        var object = try await client.create([
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
            "metadata": ["name": "slow", "namespace": .string(ns)],
            "spec": ["url": "https://example.com/slow.git", "interval": "10m"],
        ])
        // The CRD admits only http(s)/ssh URLs; the reconciler reads a local repository. The
        // finalizer goes on first, so the runtime works on this copy instead of re-reading it.
        object = try await client.addFinalizer(Finalizers.flux, to: object)
        object[path: "spec", "url"] = .string(repo.url)
        let reconciler = GitRepositoryReconciler(
            storage: ArtifactStorage(root: fx.root + "/storage", advertisedAddress: "localhost"),
            driver: GitDriver(git: wrapper, allowFileProtocol: true, temporaryDirectory: fx.root),
            verifier: SignatureVerifier(temporaryDirectory: fx.root),
            secrets: KubernetesSecretReader(client: client), includes: KubernetesGitRepositoryReader(client: client),
            workDirectory: fx.root)
        let runtime = reconciler.runtime(client: client, events: nil)
        let kind = GitRepositoryReconciler.kind
        let turn = Task { try await runtime.reconcile(object) }

        func conditions() async -> Conditions {
            Conditions(of: (try? await client.get(kind, name: "slow", namespace: ns)) ?? [:])
        }
        let busy = await eventually(timeout: .seconds(300)) {
            let c = await conditions()
            return c[ConditionType.reconciling]?.reason == ConditionReason.progressing && c[ConditionType.ready]?.status == "Unknown"
        }
        #expect(busy, "no progress written while the fetch was held")
        let shown = await conditions()
        #expect(shown[ConditionType.reconciling]?.message.hasPrefix("building artifact: new upstream revision 'master@sha1:") == true)
        #expect(shown[ConditionType.stalled] == nil)
        let stored = try await client.get(kind, name: "slow", namespace: ns)
        #expect(Finalizers.has(Finalizers.flux, in: stored))

        #expect(FileManager.default.createFile(atPath: gate, contents: Data()))
        let result = try await turn.value
        #expect(result.requeueAfter == .seconds(600))
        let done = await conditions()
        #expect(done[ConditionType.ready]?.status == "True")
        #expect(done[ConditionType.reconciling] == nil)
        let final = try await client.get(kind, name: "slow", namespace: ns)
        #expect(final[path: "status", "artifact", "revision"]?.stringValue?.hasPrefix("master@sha1:") == true)
    }
}
