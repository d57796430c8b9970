import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing
@testable import SourceController

/// Secrets and GitRepositories read from a real API server; a reconciled status written back
/// through the status subresource and read again.
@Suite struct KubernetesSourcesTests {
    @Test func decodesSecretData() throws {
        let secret: JSONValue = ["data": ["password": "aHVudGVyMg=="], "stringData": ["username": "bob"]]
        let data = try KubernetesSecretReader.decode(secret)
        #expect(data["password"] == Array("hunter2".utf8))
        #expect(data["username"] == Array("bob".utf8))
        #expect(throws: (any Error).self) { try KubernetesSecretReader.decode(["data": ["x": "not base64!"]]) }
    }

    @Test func readsFromTheAPIServerAndWritesStatusBack() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        do {
            try await exercise(plane: plane, client: client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    func exercise(plane: LocalControlPlane, client: KubernetesClient) async throws {
        let ns = try await plane.makeNamespace("source-k8s", client: client)
        // The project's own CRD (other tests share this API server and rely on its schema).
        try await plane.installFerryCRDs(client: client)
        let reader = KubernetesGitRepositoryReader(client: client)
        #expect(await eventually { (try? await client.list(KubernetesGitRepositoryReader.gitRepositoryKind, namespace: ns)) != nil })

        _ = try await client.create(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "creds", "namespace": .string(ns)],
                                     "stringData": ["username": "bob", "password": "pw"]])
        let secrets = KubernetesSecretReader(client: client)
        #expect(try await secrets.secretData(namespace: ns, name: "creds")["password"] == Array("pw".utf8))
        await #expect(throws: (any Error).self) { try await secrets.secretData(namespace: ns, name: "missing") }

        let fx = try GitFixture()
        let repo = try await fx.makeRepository("app")
        try await fx.write(repo.work + "/app.yaml", "a\n")
        try await fx.commit(repo.work, "first")
        try await fx.push(repo.work)
        var object = try await client.create([
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
            "metadata": ["name": "app", "namespace": .string(ns)],
            "spec": ["url": "https://example.com/app.git", "interval": "1m"],
        ])
        // The CRD admits only http(s)/ssh URLs; the reconciler here reads a local repository.
        object[path: "spec", "url"] = .string(repo.url)
        #expect(try await reader.artifact(ofGitRepository: "app", namespace: ns) == nil)

        let reconciler = GitRepositoryReconciler(
            storage: ArtifactStorage(root: fx.root + "/storage", advertisedAddress: "localhost"),
            driver: GitDriver(allowFileProtocol: true, temporaryDirectory: fx.root), verifier: SignatureVerifier(temporaryDirectory: fx.root),
            secrets: secrets, includes: reader, workDirectory: fx.root)
        let result = await reconciler.reconcile(object: object)
        object["status"] = result.status.json
        _ = try await client.updateStatus(object)
        let artifact = try #require(try await reader.artifact(ofGitRepository: "app", namespace: ns))
        #expect(artifact == result.status.artifact)
        let stored = try await client.get(KubernetesGitRepositoryReader.gitRepositoryKind, name: "app", namespace: ns)
        #expect(try GitRepositoryStatus(json: stored["status"]!) == result.status)

        // Nothing changed: the next reconcile computes exactly the stored status, so a status patch is empty.
        var storedLocal = stored
        storedLocal[path: "spec", "url"] = .string(repo.url)
        let idle = await reconciler.reconcile(object: storedLocal)
        guard case .upToDate = idle.outcome else { Issue.record("\(idle.outcome)"); return }
        #expect(idle.status.json == stored["status"])
    }
}
