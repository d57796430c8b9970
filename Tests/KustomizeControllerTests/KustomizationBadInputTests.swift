import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// Bad input never costs what is live: each failure says what and where, nothing is pruned or
/// overwritten, the controller keeps serving other Kustomizations, and the fix is picked up.
@Suite struct KustomizationBadInputTests {
    @Test func brokenRevisionsKeepTheLiveStateAndNameTheCulprit() async throws {
        try await KustomizationEnv.with("ks-bad") { env in
            let good = try await env.push(["apps/a.yaml": configMapYAML("a", ["v": "1"]), "apps/b.yaml": configMapYAML("b"),
                                           "other/o.yaml": configMapYAML("o")])
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps", "retryInterval": "2s"])
            try await env.applyKustomization("other", ["path": "./other"])
            try await env.waitReady("apps", revision: good)
            try await env.waitReady("other", revision: good)
            let liveA = await env.get(KustomizationEnv.configMap, "a")?[path: "metadata", "resourceVersion"]

            // Each bad revision removes b and changes a — neither may happen.
            func expectUntouched() async {
                #expect(await env.get(KustomizationEnv.configMap, "b") != nil, "b must not be pruned")
                #expect(await env.get(KustomizationEnv.configMap, "a")?[path: "metadata", "resourceVersion"] == liveA)
                let ids = try? await env.kustomization("apps")[path: "status", "inventory", "entries"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
                #expect(ids?.contains("\(env.namespace)_b__ConfigMap") == true)
                #expect(try! await env.kustomization("apps")[path: "status", "lastAppliedRevision"]?.stringValue == "main@sha1:\(good)")
            }
            let changeA = configMapYAML("a", ["v": "2"])

            // 1. Malformed YAML: BuildFailed naming the file and line.
            try await env.push(["apps/a.yaml": changeA, "apps/broken.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [unclosed\n"],
                               delete: ["apps/b.yaml"])
            let malformed = try await env.waitNotReady("apps", reason: "BuildFailed", containing: "broken.yaml")
            #expect(malformed.contains("broken.yaml"), "\(malformed)")
            #expect(!malformed.contains(NSTemporaryDirectory()), "no controller paths in messages: \(malformed)")
            await expectUntouched()

            // 2. An invalid object: the apply fails naming it, nothing of its stage is written.
            try await env.push(["apps/broken.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_Valid\n  namespace: ${NS}\n"])
            let invalid = try await env.waitNotReady("apps", reason: "ReconciliationFailed", containing: "Not_Valid")
            #expect(invalid.contains("ConfigMap/\(env.namespace)/Not_Valid"), "\(invalid)")
            await expectUntouched()

            // 3. An unknown kind.
            try await env.push(["apps/broken.yaml": "apiVersion: example.com/v1\nkind: Nope\nmetadata:\n  name: x\n  namespace: \(env.namespace)\n"])
            let unknown = try await env.waitNotReady("apps", reason: "ReconciliationFailed", containing: "Nope")
            #expect(unknown.contains("Nope"), "\(unknown)")
            #expect(unknown.contains("no matches for kind"), "\(unknown)")
            await expectUntouched()

            // 4. A broken kustomization.yaml.
            try await env.push(["apps/broken.yaml": configMapYAML("fine"),
                                "apps/kustomization.yaml": "resources:\n- a.yaml\n- missing.yaml\n"])
            let kustomization = try await env.waitNotReady("apps", reason: "BuildFailed", containing: "missing.yaml")
            #expect(kustomization.contains("missing.yaml"), "\(kustomization)")
            await expectUntouched()

            // Meanwhile the controller kept serving others.
            try await env.requestReconcile(KustomizationEnv.kustomization, "other")
            #expect(await eventually {
                let k = try? await env.kustomization("other")
                return k?[path: "status", "lastHandledReconcileAt"] == k?[path: "metadata", "annotations", "reconcile.fluxcd.io/requestedAt"]
                    && readyCondition(k ?? .null)?["status"]?.stringValue == "True"
            })

            // The fix goes through: a changes, b and the rest are pruned.
            let fixed = try await env.push([:], delete: ["apps/kustomization.yaml", "apps/broken.yaml"])
            try await env.waitReady("apps", revision: fixed)
            #expect(await env.get(KustomizationEnv.configMap, "a")?[path: "data", "v"]?.stringValue == "2")
            #expect(await eventually { await env.get(KustomizationEnv.configMap, "b") == nil })
        }
    }

    @Test func aMissingSourceAndAPathThatIsNotThere() async throws {
        try await KustomizationEnv.with("ks-bad-source") { env in
            try await env.push(["apps/a.yaml": configMapYAML("a")])
            try await env.applyKustomization("nosource", ["path": "./apps", "sourceRef": ["kind": "GitRepository", "name": "nope"]])
            let missing = try await env.waitNotReady("nosource", reason: "ArtifactFailed")
            #expect(missing == "Source 'GitRepository/\(env.namespace)/nope' not found")
            try await env.createSource()
            try await env.applyKustomization("nopath", ["path": "./does-not-exist"])
            let path = try await env.waitNotReady("nopath", reason: "ArtifactFailed", containing: "does-not-exist")
            #expect(path.contains("does-not-exist"), "\(path)")
            #expect(!path.contains(NSTemporaryDirectory()), "\(path)")
        }
    }

    @Test func anUnreachableClusterIsReportedAndRetried() async throws {
        try await KustomizationEnv.with("ks-bad-remote") { env in
            let commit = try await env.push(["apps/a.yaml": configMapYAML("a")])
            try await env.createSource()
            let kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters: [{name: gone, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {token: not-a-real-token}}]
                contexts: [{name: c, context: {cluster: gone, user: u}}]
                current-context: c
                """
            _ = try await env.client.create(["apiVersion": "v1", "kind": "Secret",
                                             "metadata": ["name": "remote", "namespace": .string(env.namespace)],
                                             "data": ["value": .string(Data(kubeconfig.utf8).base64EncodedString())]])
            try await env.applyKustomization("remote", ["path": "./apps", "kubeConfig": ["secretRef": ["name": "remote"]], "retryInterval": "2s"])
            let message = try await env.waitNotReady("remote", reason: "ReconciliationFailed")
            #expect(message.contains("127.0.0.1:1"), "\(message)")
            #expect(!message.contains("not-a-real-token"))
            _ = commit
        }
    }
}
