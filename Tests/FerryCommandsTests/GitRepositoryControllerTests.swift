import ChildProcess
import Crypto
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// The GitRepository controller end to end: `ferry controllers run` as its own process, real
/// Git servers (HTTP, basic auth, HTTPS with a CA, SSH), and the CLI a user would type.
@Suite struct GitRepositoryControllerTests {
    static let gitRepository = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "GitRepository")

    struct Env {
        var plane: LocalControlPlane
        var client: KubernetesClient
        var git: GitServer
        var namespace: String
        var controllers: FerryControllers
        var kc: [String] { ["--kubeconfig", plane.adminKubeconfig, "-n", namespace] }
    }

    func setUp(_ name: String, arguments: [String] = []) async throws -> Env {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        let ns = try await plane.makeNamespace(name, client: client)
        let git = try await GitServer.shared()
        let controllers = try await FerryControllers.start(plane: plane, namespace: ns, arguments: arguments)
        return Env(plane: plane, client: client, git: git, namespace: ns, controllers: controllers)
    }

    func tearDown(_ env: Env) async {
        await env.controllers.stop()
        try? await env.client.shutdown()
    }

    func secret(_ env: Env, _ name: String, _ data: [String: String]) async throws {
        // `data`, not `stringData`: server-side apply owns no stringData keys, so a key left out of
        // a later apply would stay in the Secret (checked against kube-apiserver 1.20).
        var encoded: JSONObject = [:]
        for (k, v) in data { encoded[k] = .string(Data(v.utf8).base64EncodedString()) }
        _ = try await env.client.apply(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": .string(name), "namespace": .string(env.namespace)],
                                        "data": .object(encoded)], fieldManager: "test", force: true)
    }

    func status(_ env: Env, _ name: String) async throws -> JSONValue {
        try await env.client.get(Self.gitRepository, name: name, namespace: env.namespace)
    }

    @Test func fetchesOverHTTPMovesWithNewCommitsAndPicksSemverTags() async throws {
        let env = try await setUp("gitrepo-http")
        do {
            let repo = try await GitRepoFixture.create("app", on: env.git)
            let first = try await repo.commit(files: ["deploy/app.yaml": "kind: ConfigMap\n"], message: "first")
            try await repo.tag("v1.0.0")
            let second = try await repo.commit(files: ["deploy/app.yaml": "kind: Secret\n"], message: "second")
            try await repo.tag("v1.2.0")
            try await repo.commit(files: ["README.md": "hi\n"], message: "third")
            try await repo.tag("v2.0.0")
            try await repo.push()

            let created = try await FerryCLI.run(["create", "source", "git", "app", "--url", repo.url(.http), "--branch", "main", "--timeout", "60s"] + env.kc)
            let head = try await repo.revision()
            #expect(created.status == 0, "\(created.stderr)\n\(env.controllers.log.suffix(2000))")
            #expect(created.stdout.hasSuffix("✔ fetched revision main@sha1:\(head)\n"))

            // The artifact is served at the URL in status, and its bytes have the digest in status.
            let artifact = try #require(try await status(env, "app")[path: "status", "artifact"])
            let file = NSTemporaryDirectory() + UUID().uuidString
            let download = try await ChildProcess.run("/usr/bin/curl", ["-fsS", "-o", file, try #require(artifact["url"]?.stringValue)])
            #expect(download.status == 0)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(artifact["digest"]?.stringValue == "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
            #expect(artifact["size"]?.intValue == bytes.count)

            // A push moves the artifact once a reconcile is asked for.
            let fourth = try await repo.commit(files: ["deploy/app.yaml": "kind: Service\n"], message: "fourth")
            try await repo.push()
            let reconciled = try await FerryCLI.run(["reconcile", "source", "git", "app", "--timeout", "60s"] + env.kc)
            #expect(reconciled.stdout.hasSuffix("✔ fetched revision main@sha1:\(fourth)\n"), "\(reconciled.stdout)\(reconciled.stderr)")
            #expect(try await status(env, "app")[path: "status", "lastHandledReconcileAt"] != nil)

            // Semver: the highest tag in the range.
            let semver = try await FerryCLI.run(["create", "source", "git", "ranged", "--url", repo.url(.http), "--tag-semver", ">=1.0.0 <2.0.0", "--timeout", "60s"] + env.kc)
            #expect(semver.stdout.hasSuffix("✔ fetched revision v1.2.0@sha1:\(second)\n"), "\(semver.stdout)\(semver.stderr)")
            let tagged = try await FerryCLI.run(["create", "source", "git", "tagged", "--url", repo.url(.http), "--tag", "v1.0.0", "--timeout", "60s"] + env.kc)
            #expect(tagged.stdout.hasSuffix("✔ fetched revision v1.0.0@sha1:\(first)\n"))

            // Deleting the source removes its artifacts (the finalizer) and then the object.
            let appDir = env.controllers.storagePath + "/gitrepository/\(env.namespace)/tagged"
            #expect(FileManager.default.fileExists(atPath: appDir))
            let deleted = try await FerryCLI.run(["delete", "source", "git", "tagged", "--silent"] + env.kc)
            #expect(deleted.status == 0)
            #expect(await eventually { (try? await status(env, "tagged")) == nil })
            #expect(!FileManager.default.fileExists(atPath: appDir) || ((try? FileManager.default.contentsOfDirectory(atPath: appDir)) ?? []).isEmpty)

            // The metrics endpoint reports the reconciles.
            let metrics = try await env.controllers.metrics()
            #expect(metrics.contains("gotk_reconcile_condition{kind=\"GitRepository\",name=\"app\",namespace=\"\(env.namespace)\",type=\"Ready\",status=\"True\"} 1"))
            #expect(metrics.contains("gotk_reconcile_duration_seconds_count{kind=\"GitRepository\",name=\"app\",namespace=\"\(env.namespace)\"}"))
        } catch {
            await tearDown(env)
            throw error
        }
        await tearDown(env)
    }

    @Test func wrongCredentialsKeepTheLastArtifactAndNeverShowTheSecret() async throws {
        let env = try await setUp("gitrepo-auth")
        do {
            let repo = try await GitRepoFixture.create("private", on: env.git)
            let first = try await repo.commit(files: ["a.yaml": "a: 1\n"], message: "first")
            try await repo.push()
            try await secret(env, "creds", try env.git.fluxSecretData(.httpAuth))
            let created = try await FerryCLI.run(["create", "source", "git", "private", "--url", repo.url(.httpAuth), "--branch", "main",
                                                  "--secret-ref", "creds", "--timeout", "60s"] + env.kc)
            #expect(created.stdout.hasSuffix("✔ fetched revision main@sha1:\(first)\n"), "\(created.stdout)\(created.stderr)")

            let leaked = "Wr0ng-pa55word-\(UUID().uuidString.prefix(8))"
            try await secret(env, "creds", ["username": env.git.basicUser, "password": leaked])
            try await repo.commit(files: ["a.yaml": "a: 2\n"], message: "second")
            try await repo.push()
            let failed = try await FerryCLI.run(["reconcile", "source", "git", "private", "--timeout", "60s"] + env.kc)
            #expect(failed.status == 1)
            let live = try await status(env, "private")
            let ready = live[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "Ready" }
            #expect(ready?["status"] == "False")
            #expect(ready?["reason"] == "AuthenticationFailed", "\(String(describing: ready))")
            // The last good artifact stays published.
            #expect(live[path: "status", "artifact", "revision"]?.stringValue == "main@sha1:\(first)")
            // The secret is nowhere: not in the status, the events, the CLI output or the log.
            let events = try await env.client.listAll(GroupVersionKind(group: "", version: "v1", kind: "Event"), namespace: env.namespace)
            #expect(events.items.contains { $0["reason"] == "AuthenticationFailed" })
            for text in [live.jsonString(), events.items.map { $0.jsonString() }.joined(), failed.stdout + failed.stderr, env.controllers.log] {
                #expect(!text.contains(leaked))
            }
        } catch {
            await tearDown(env)
            throw error
        }
        await tearDown(env)
    }

    @Test func httpsWithACAAndSSHWithAKnownHost() async throws {
        let env = try await setUp("gitrepo-tls-ssh")
        do {
            let repo = try await GitRepoFixture.create("secure", on: env.git)
            let head = try await repo.commit(files: ["x.yaml": "x: 1\n"], message: "first")
            try await repo.push()
            try await secret(env, "https-ca", try env.git.fluxSecretData(.https))
            try await secret(env, "ssh-key", try env.git.fluxSecretData(.ssh))
            for (name, endpoint, secretName) in [("over-https", GitServer.Endpoint.https, "https-ca"), ("over-ssh", .ssh, "ssh-key")] {
                let r = try await FerryCLI.run(["create", "source", "git", name, "--url", repo.url(endpoint), "--branch", "main",
                                                "--secret-ref", secretName, "--timeout", "60s"] + env.kc)
                #expect(r.stdout.hasSuffix("✔ fetched revision main@sha1:\(head)\n"), "\(name): \(r.stdout)\(r.stderr)")
            }
            // Without the CA the server's certificate is not trusted: a clear failure.
            let untrusted = try await FerryCLI.run(["create", "source", "git", "no-ca", "--url", repo.url(.https), "--branch", "main", "--timeout", "30s"] + env.kc)
            #expect(untrusted.status == 1)
            #expect(untrusted.stderr.hasPrefix("✗ GitRepository \(env.namespace)/no-ca is not ready: "), "\(untrusted.stderr)")
            let ready = try await status(env, "no-ca")[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "Ready" }
            #expect(ready?["status"] == "False")
            #expect(ready?["message"]?.stringValue?.contains("certificate") == true, "\(String(describing: ready))")
        } catch {
            await tearDown(env)
            throw error
        }
        await tearDown(env)
    }

    @Test func twoControllerProcessesElectOneLeaderAndTheOtherTakesOver() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        defer { Task { try await client.shutdown() } }
        try await plane.installFerryCRDs(client: client)
        let ns = try await plane.makeNamespace("gitrepo-leader", client: client)
        let git = try await GitServer.shared()
        let repo = try await GitRepoFixture.create("ha", on: git)
        let head = try await repo.commit(files: ["a": "1"], message: "one")
        try await repo.push()

        let election = ["--leader-elect", "true", "--leader-election-lease-duration", "6s", "--leader-election-renew-deadline", "4s",
                        "--leader-election-retry-period", "1s"]
        let first = try await FerryControllers.start(plane: plane, namespace: ns, arguments: election, waitForReady: false)
        let second = try await FerryControllers.start(plane: plane, namespace: ns, arguments: election, waitForReady: false)
        let lease = GroupVersionKind(group: "coordination.k8s.io", version: "v1", kind: "Lease")
        var holder = ""
        #expect(await eventually(timeout: .seconds(60)) {
            holder = (try? await client.get(lease, name: "ferry-controllers-leader-election", namespace: ns))?[path: "spec", "holderIdentity"]?.stringValue ?? ""
            return !holder.isEmpty
        })
        let r1 = try await FerryCLI.run(["create", "source", "git", "ha", "--url", repo.url(.http), "--branch", "main", "--timeout", "60s",
                                         "-n", ns, "--kubeconfig", plane.adminKubeconfig])
        #expect(r1.stdout.hasSuffix("✔ fetched revision main@sha1:\(head)\n"), "\(r1.stdout)\(r1.stderr)")
        // Exactly one of them reconciled (its log line follows the status write by a moment).
        var reconciledBy: [FerryControllers] = []
        #expect(await eventually { reconciledBy = [first, second].filter { $0.log.contains("\"name\":\"ha\"") }; return !reconciledBy.isEmpty })
        #expect(reconciledBy.count == 1)

        // Kill the leader (no chance to release the lease): the standby takes over once the
        // lease expires.
        let leader = reconciledBy.first ?? first
        let standby = leader === first ? second : first
        #expect(await leader.stop(signal: SIGKILL) == 128 + SIGKILL)
        let next = try await repo.commit(files: ["a": "2"], message: "two")
        try await repo.push()
        let r2 = try await FerryCLI.run(["reconcile", "source", "git", "ha", "--timeout", "60s", "-n", ns, "--kubeconfig", plane.adminKubeconfig])
        #expect(r2.stdout.hasSuffix("✔ fetched revision main@sha1:\(next)\n"), "\(r2.stdout)\(r2.stderr)\n\(standby.log.suffix(1500))")
        let newHolder = try await client.get(lease, name: "ferry-controllers-leader-election", namespace: ns)[path: "spec", "holderIdentity"]?.stringValue
        #expect(newHolder != nil && newHolder != holder)
        // A graceful stop ends with status 0 and hands the lease back at once.
        #expect(await standby.stop() == 0)
        let released = try await client.get(lease, name: "ferry-controllers-leader-election", namespace: ns)[path: "spec", "holderIdentity"]?.stringValue
        #expect(released == nil || released == "")
    }
}
