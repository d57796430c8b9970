import FerryTesting
import Foundation
import KubernetesClient
import ImageController
import Manifests
import Testing

/// The whole image automation loop on real servers: a tag pushed to the registry is scanned
/// (ImageRepository), chosen (ImagePolicy), written to Git by the ImageUpdateAutomation, fetched
/// (GitRepository) and applied (Kustomization), so the Deployment's spec carries the new image.
/// There is no node: nothing runs the image, the spec is what a rollout would start from.
@Suite struct ImageUpdateChainTests {
    static let gitRepositoryKind = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "GitRepository")
    static let automationKind = GroupVersionKind(group: "image.toolkit.fluxcd.io", version: "v1", kind: "ImageUpdateAutomation")
    static let deploymentKind = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")

    @Test func newRegistryTagEndsAsACommitAndInTheDeploymentSpec() async throws {
        let registry = try await RegistryFixture.shared()
        let server = try await GitServer.shared()
        let fixture = try await GitRepoFixture.create("iua-chain", on: server)
        let path = registry.uniquePath("acme/web")
        try await registry.pushImage(repository: path, tag: "1.0.0")
        let image = registry.host + "/" + path
        try await ImageTestEnv.with("iua-chain") { env in
            let ns = env.namespace
            let deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                        - name: web
                          image: \(image):1.0.0 # {"$imagepolicy": "\(ns):web"}

                """
            try await fixture.commit(files: ["deploy/web.yaml": deployment], message: "web at 1.0.0")
            try await fixture.push()
            let credentials = try server.fluxSecretData(.httpAuth)
            try await env.apply(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "git-creds", "namespace": .string(ns)],
                                 "stringData": .object(JSONObject(uniqueKeysWithValues: credentials.map { ($0.key, .string($0.value)) }))])
            try await env.apply(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                                 "metadata": ["name": "fleet", "namespace": .string(ns)],
                                 "spec": ["url": .string(fixture.url(.httpAuth)), "interval": "3s", "ref": ["branch": "main"],
                                          "secretRef": ["name": "git-creds"]]])
            try await env.apply(["apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                                 "metadata": ["name": "apps", "namespace": .string(ns)],
                                 "spec": ["interval": "10m", "path": "./deploy", "prune": true, "targetNamespace": .string(ns),
                                          "sourceRef": ["kind": "GitRepository", "name": "fleet"]]])
            try await env.repository("web", image: image, interval: "3s")
            try await env.policy("web", repository: "web", policy: ["semver": ["range": ">=1.0.0"]])
            try await env.apply(["apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageUpdateAutomation",
                                 "metadata": ["name": "apps", "namespace": .string(ns)],
                                 "spec": ["interval": "10m", "sourceRef": ["kind": "GitRepository", "name": "fleet"],
                                          "git": ["commit": ["author": ["name": "image-bot", "email": "bot@ferry.invalid"]],
                                                  "push": ["branch": "main"]],
                                          "update": ["path": "./deploy", "strategy": "Setters"]]])

            func deployedImage() async -> String? {
                let object = try? await env.client.get(Self.deploymentKind, name: "web", namespace: ns)
                return object?[path: "spec", "template", "spec", "containers"]?.arrayValue?.first?["image"]?.stringValue
            }
            let first = await eventually(timeout: .seconds(90), every: .milliseconds(300)) { await deployedImage() == image + ":1.0.0" }
            let firstImage = await deployedImage()
            #expect(first, "the first revision was never applied: \(String(describing: firstImage))\n\(env.controllers.log.suffix(3000))")
            // The automation ran and found nothing to change: no commit yet.
            let settled = await eventually(timeout: .seconds(60), every: .milliseconds(300)) {
                let automation = await env.get(Self.automationKind, "apps")
                return automation?.readyStatus == "True"
            }
            #expect(settled, "\(env.controllers.log.suffix(3000))")
            #expect(try await fixture.git(["log", "--format=%s", "main"], in: fixture.bareRepository)
                        .trimmingCharacters(in: .whitespacesAndNewlines) == "web at 1.0.0")

            try await registry.pushImage(repository: path, tag: "1.1.0", content: "new")
            let rolled = await eventually(timeout: .seconds(120), every: .milliseconds(300)) { await deployedImage() == image + ":1.1.0" }
            let rolledImage = await deployedImage()
            #expect(rolled, "the new tag never reached the Deployment: \(String(describing: rolledImage))\n\(env.controllers.log.suffix(3000))")
            let head = try await fixture.git(["rev-parse", "main"], in: fixture.bareRepository).trimmingCharacters(in: .whitespacesAndNewlines)
            let automation = await env.get(Self.automationKind, "apps")
            #expect(automation?[path: "status", "lastPushCommit"]?.stringValue == head)
            #expect(try await fixture.git(["log", "-1", "--format=%an|%s", "main"], in: fixture.bareRepository)
                        .trimmingCharacters(in: .whitespacesAndNewlines) == "image-bot|Update from image update automation")
            #expect(try await fixture.git(["show", "main:deploy/web.yaml"], in: fixture.bareRepository)
                        == deployment.replacingOccurrences(of: ":1.0.0 #", with: ":1.1.0 #"))

            // The CLI: `get images update` shows flux's columns, `reconcile image update` runs it now.
            let kubeconfig = try await LocalControlPlane.shared().adminKubeconfig
            let listed = try await FerryCLI.run(["get", "images", "update", "-n", ns, "--kubeconfig", kubeconfig])
            #expect(listed.status == 0, "\(listed.stderr)")
            let lines = listed.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            #expect(lines.first == ["NAME", "LAST", "RUN", "SUSPENDED", "READY", "MESSAGE"])
            #expect(lines.dropFirst().first.map { [$0[0]] + $0.suffix(4) } == ["apps", "False", "True", "repository", "up-to-date"])
            let reconciled = try await FerryCLI.run(["reconcile", "image", "update", "apps", "-n", ns, "--kubeconfig", kubeconfig])
            #expect(reconciled.status == 0, "\(reconciled.stderr)")
            #expect(reconciled.stdout.contains("ImageUpdateAutomation reconciliation completed"), "\(reconciled.stdout)")
            #expect(reconciled.stdout.contains("last push commit \(head)"), "\(reconciled.stdout)")

            // Suspended, a newer tag is chosen by the policy but never committed; resumed, it is.
            // The controllers' log counts the automation's runs: the one the suspension itself
            // causes, then the one the policy's new choice wakes — run, and committing nothing.
            func automationRuns() -> Int {
                env.controllers.log.split(separator: "\n").count { line in
                    guard let entry = try? JSONValue(jsonBytes: Array(line.utf8)) else { return false }
                    return entry["msg"] == "reconciled" && entry["kind"] == "ImageUpdateAutomation" && entry["name"] == "apps"
                        && entry["namespace"] == .string(ns)
                }
            }
            let runsBefore = automationRuns()
            let suspended = try await FerryCLI.run(["suspend", "image", "update", "apps", "-n", ns, "--kubeconfig", kubeconfig])
            #expect(suspended.status == 0, "\(suspended.stderr)")
            #expect(await env.get(Self.automationKind, "apps")?[path: "spec", "suspend"] == true)
            #expect(await eventually(timeout: .seconds(30), every: .milliseconds(100)) { automationRuns() > runsBefore },
                    "the suspension never reached the controller")
            let runsSuspended = automationRuns()
            try await registry.pushImage(repository: path, tag: "1.2.0", content: "newer")
            let chosen = await eventually(timeout: .seconds(60), every: .milliseconds(300)) {
                await env.get(ImageKinds.imagePolicy, "web")?[path: "status", "latestRef", "tag"]?.stringValue == "1.2.0"
            }
            #expect(chosen, "the policy never chose 1.2.0")
            #expect(await eventually(timeout: .seconds(30), every: .milliseconds(100)) { automationRuns() > runsSuspended },
                    "the policy's new choice never woke the suspended automation")
            #expect(try await fixture.git(["rev-parse", "main"], in: fixture.bareRepository)
                        .trimmingCharacters(in: .whitespacesAndNewlines) == head, "a suspended automation commits nothing")
            let resumed = try await FerryCLI.run(["resume", "image", "update", "apps", "-n", ns, "--kubeconfig", kubeconfig, "--timeout=1m"])
            #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
            #expect(try await fixture.git(["show", "main:deploy/web.yaml"], in: fixture.bareRepository)
                        == deployment.replacingOccurrences(of: ":1.0.0 #", with: ":1.2.0 #"))
        }
    }
}
