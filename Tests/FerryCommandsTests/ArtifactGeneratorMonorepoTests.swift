import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// ArtifactGenerator end to end, as Flux's monorepo example uses it: one Git monorepo cut into
/// one ExternalArtifact per app, each applied by its own Kustomization. A commit that changes
/// app A gives only A's artifact a new revision (its content digest): A's Kustomization applies
/// it, B's ExternalArtifact is not written and B's Kustomization is not reconciled at all.
@Suite struct ArtifactGeneratorMonorepoTests {
    static let generator = GroupVersionKind(group: "source.extensions.fluxcd.io", version: "v1beta1", kind: "ArtifactGenerator")
    static let externalArtifact = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "ExternalArtifact")
    static let kustomization = GroupVersionKind(group: "kustomize.toolkit.fluxcd.io", version: "v1", kind: "Kustomization")
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")

    static func configMap(_ name: String, _ value: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\ndata:\n  value: \"\(value)\"\n"
    }

    static func generatorObject(namespace: String, apps: [String]) -> JSONValue {
        let artifacts: [JSONValue] = apps.map { app in
            ["name": .string("app-\(app)"), "originRevision": "@repo",
             "copy": [["from": .string("@repo/apps/\(app)/**"), "to": "@artifact/", "exclude": ["*.md"]]]]
        }
        return ["apiVersion": "source.extensions.fluxcd.io/v1beta1", "kind": "ArtifactGenerator",
                "metadata": ["name": "monorepo", "namespace": .string(namespace)],
                "spec": ["sources": [["alias": "repo", "kind": "GitRepository", "name": "monorepo"]], "artifacts": .array(artifacts)]]
    }

    static func kustomizationObject(_ app: String, namespace: String) -> JSONValue {
        ["apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
         "metadata": ["name": .string(app), "namespace": .string(namespace)],
         "spec": ["interval": "1h", "path": "./", "prune": true, "targetNamespace": .string(namespace),
                  "sourceRef": ["kind": "ExternalArtifact", "name": .string("app-\(app)")]]]
    }

    /// `gotk_reconcile_duration_seconds_count` of Kustomization `name`: how often it was reconciled.
    static func reconciles(_ metrics: String, name: String, namespace: String) -> Int? {
        let prefix = "gotk_reconcile_duration_seconds_count{kind=\"Kustomization\",name=\"\(name)\",namespace=\"\(namespace)\"} "
        return metrics.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Int($0.dropFirst(prefix.count)) }
    }

    @Test func aCommitToOneAppReconcilesOnlyThatApp() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        let ns = try await plane.makeNamespace("ag-monorepo", client: client)
        let git = try await GitServer.shared()
        let controllers = try await FerryControllers.start(plane: plane, namespace: ns)
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]
        func get(_ kind: GroupVersionKind, _ name: String) async -> JSONValue? { try? await client.get(kind, name: name, namespace: ns) }
        func applied(_ app: String) async -> String? {
            guard let artifact = await get(Self.externalArtifact, "app-\(app)"),
                  let revision = artifact[path: "status", "artifact", "revision"]?.stringValue,
                  let k = await get(Self.kustomization, app), k[path: "status", "lastAppliedRevision"]?.stringValue == revision else { return nil }
            return revision
        }
        do {
            let repo = try await GitRepoFixture.create("monorepo", on: git)
            let first = try await repo.commit(files: ["apps/a/configmap.yaml": Self.configMap("app-a", "1"), "apps/a/README.md": "# a\n",
                                          "apps/b/configmap.yaml": Self.configMap("app-b", "1"), "README.md": "# monorepo\n"],
                                  message: "two apps")
            try await repo.push()
            let created = try await FerryCLI.run(["create", "source", "git", "monorepo", "--url", repo.url(.http), "--branch", "main",
                                                  "--interval", "1h", "--timeout", "60s"] + kc)
            #expect(created.status == 0, "\(created.stderr)")
            _ = try await client.apply(Self.generatorObject(namespace: ns, apps: ["a", "b"]), fieldManager: "test", force: true)
            for app in ["a", "b"] { _ = try await client.apply(Self.kustomizationObject(app, namespace: ns), fieldManager: "test", force: true) }

            // Both apps applied from their own artifacts, whose revisions are their content digests.
            let converged = await eventually(timeout: .seconds(90)) {
                guard await applied("a") != nil else { return false }
                return await applied("b") != nil
            }
            #expect(converged, "\(controllers.log.suffix(4000))")
            let firstA = try #require(await applied("a")), firstB = try #require(await applied("b"))
            #expect(firstA.hasPrefix("latest@sha256:") && firstB.hasPrefix("latest@sha256:") && firstA != firstB)
            #expect(await get(Self.configMap, "app-a")?[path: "data", "value"]?.stringValue == "1")
            #expect(await get(Self.configMap, "app-b")?[path: "data", "value"]?.stringValue == "1")
            let generatorStatus = try #require(await get(Self.generator, "monorepo")?["status"])
            #expect(generatorStatus["inventory"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["app-a", "app-b"])
            let ready = generatorStatus["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
            #expect(ready?["status"]?.stringValue == "True" && ready?["reason"]?.stringValue == "Succeeded")

            // The CLI lists them as flux 2.7 does.
            let listed = try await FerryCLI.run(["get", "sources", "external"] + kc)
            #expect(listed.stdout.contains("app-a") && listed.stdout.contains(firstB) && listed.stdout.contains("Artifact is ready"),
                    "\(listed.stdout)\(listed.stderr)")
            let generators = try await FerryCLI.run(["get", "artifact", "generator"] + kc)
            #expect(generators.stdout.contains("monorepo") && generators.stdout.contains("generated 2 artifacts"),
                    "\(generators.stdout)\(generators.stderr)")

            let artifactB = try #require(await get(Self.externalArtifact, "app-b"))
            #expect(artifactB[path: "spec", "sourceRef", "kind"]?.stringValue == "ArtifactGenerator")
            #expect(artifactB[path: "metadata", "labels", "source.extensions.fluxcd.io/generator"]?.stringValue == "monorepo")
            let statusB = try #require(await get(Self.kustomization, "b")?["status"])
            let reconcilesB = Self.reconciles(try await controllers.metrics(), name: "b", namespace: ns)
            #expect(reconcilesB != nil)

            // A commit that only changes app A.
            let second = try await repo.commit(files: ["apps/a/configmap.yaml": Self.configMap("app-a", "2")], message: "change a")
            try await repo.push()
            let reconciled = try await FerryCLI.run(["reconcile", "source", "git", "monorepo", "--timeout", "60s"] + kc)
            #expect(reconciled.status == 0, "\(reconciled.stderr)")
            let moved = await eventually(timeout: .seconds(90)) {
                guard let revision = await applied("a"), revision != firstA else { return false }
                return await get(Self.configMap, "app-a")?[path: "data", "value"]?.stringValue == "2"
            }
            #expect(moved, "\(controllers.log.suffix(4000))")
            #expect(await get(Self.kustomization, "a")?[path: "status", "lastAppliedOriginRevision"]?.stringValue == "main@sha1:\(second)")
            // B keeps the origin revision of the commit that last changed its content.
            #expect(await get(Self.kustomization, "b")?[path: "status", "lastAppliedOriginRevision"]?.stringValue == "main@sha1:\(first)")

            // B: the same ExternalArtifact object (never written), the same Kustomization status,
            // and no reconcile of its Kustomization since.
            let laterB = try #require(await get(Self.externalArtifact, "app-b"))
            #expect(laterB[path: "metadata", "resourceVersion"] == artifactB[path: "metadata", "resourceVersion"])
            #expect(laterB[path: "status", "artifact", "revision"]?.stringValue == firstB)
            #expect(await get(Self.kustomization, "b")?["status"] == statusB)
            #expect(Self.reconciles(try await controllers.metrics(), name: "b", namespace: ns) == reconcilesB)

            // An artifact the generator no longer lists is deleted with its stored files.
            try await client.delete(Self.kustomization, name: "b", namespace: ns)
            _ = try await client.apply(Self.generatorObject(namespace: ns, apps: ["a"]), fieldManager: "test", force: true)
            #expect(await eventually(timeout: .seconds(60)) { await get(Self.externalArtifact, "app-b") == nil })
            let storedB = controllers.storagePath + "/externalartifact/\(ns)/app-b"
            #expect(!FileManager.default.fileExists(atPath: storedB))
            #expect(await get(Self.externalArtifact, "app-a") != nil)
        } catch {
            Issue.record("\(error)\n\(controllers.log.suffix(4000))")
        }
        await controllers.stop()
        try? await client.shutdown()
    }
    /// `revision: "@alias"`: the artifact carries the source's revision (the Git commit) instead of
    /// its content digest, so every commit gives it a new revision, changed content or not.
    @Test func revisionFromASourceAliasFollowsTheCommit() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        let ns = try await plane.makeNamespace("ag-revision", client: client)
        let git = try await GitServer.shared()
        let controllers = try await FerryControllers.start(plane: plane, namespace: ns)
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]
        func revision() async -> String? {
            let artifact = try? await client.get(Self.externalArtifact, name: "app-a", namespace: ns)
            return artifact?[path: "status", "artifact", "revision"]?.stringValue
        }
        do {
            let repo = try await GitRepoFixture.create("ag-revision", on: git)
            let first = try await repo.commit(files: ["apps/a/configmap.yaml": Self.configMap("app-a", "1")], message: "a")
            try await repo.push()
            let created = try await FerryCLI.run(["create", "source", "git", "monorepo", "--url", repo.url(.http), "--branch", "main",
                                                  "--interval", "1h", "--timeout", "60s"] + kc)
            #expect(created.status == 0, "\(created.stderr)")
            var generator = Self.generatorObject(namespace: ns, apps: ["a"])
            generator[path: "spec", "artifacts"] = [["name": "app-a", "revision": "@repo",
                                                      "copy": [["from": "@repo/apps/a/**", "to": "@artifact/"]]]]
            _ = try await client.apply(generator, fieldManager: "test", force: true)
            let firstSeen = await eventually(timeout: .seconds(60)) { await revision() == "main@sha1:\(first)" }
            #expect(firstSeen, "\(controllers.log.suffix(3000))")

            // A commit outside the app: same content, yet the revision follows the source.
            let second = try await repo.commit(files: ["README.md": "# elsewhere\n"], message: "docs")
            try await repo.push()
            _ = try await FerryCLI.run(["reconcile", "source", "git", "monorepo", "--timeout", "60s"] + kc)
            let secondSeen = await eventually(timeout: .seconds(60)) { await revision() == "main@sha1:\(second)" }
            let last = await revision()
            #expect(secondSeen, "\(String(describing: last))\n\(controllers.log.suffix(3000))")
        } catch {
            Issue.record("\(error)\n\(controllers.log.suffix(4000))")
        }
        await controllers.stop()
        try? await client.shutdown()
    }
}
