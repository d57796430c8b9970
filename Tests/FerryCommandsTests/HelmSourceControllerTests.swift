import ChildProcess
import Crypto
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// The HelmRepository and HelmChart controllers end to end: `ferry controllers run` as its own
/// process, chart repositories on the shared nginx, Git repositories on the shared Git server,
/// and the commands a user would type.
@Suite struct HelmSourceControllerTests {
    static let helmRepository = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "HelmRepository")
    static let helmChart = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "HelmChart")

    struct Env {
        var plane: LocalControlPlane
        var client: KubernetesClient
        var namespace: String
        var controllers: FerryControllers
        var kc: [String] { ["--kubeconfig", plane.adminKubeconfig, "-n", namespace] }
    }

    func setUp(_ name: String) async throws -> Env {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        let ns = try await plane.makeNamespace(name, client: client)
        let controllers = try await FerryControllers.start(plane: plane, namespace: ns)
        return Env(plane: plane, client: client, namespace: ns, controllers: controllers)
    }

    func tearDown(_ env: Env) async {
        await env.controllers.stop()
        try? await env.client.shutdown()
    }

    /// Runs `body`, tearing the environment down whatever happens.
    func withEnv(_ name: String, _ body: (Env) async throws -> Void) async throws {
        let env = try await setUp(name)
        do { try await body(env) } catch {
            await tearDown(env)
            throw error
        }
        await tearDown(env)
    }

    func object(_ env: Env, _ gvk: GroupVersionKind, _ name: String) async throws -> JSONValue {
        try await env.client.get(gvk, name: name, namespace: env.namespace)
    }

    func ready(_ object: JSONValue) -> JSONValue? {
        object[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "Ready" }
    }

    /// The artifact as a client fetches it: from `status.artifact.url`, checked against its digest.
    func download(_ artifact: JSONValue) async throws -> (file: String, bytes: Data) {
        let file = NSTemporaryDirectory() + "helmchart-" + UUID().uuidString + ".tgz"
        let fetched = try await ChildProcess.run("/usr/bin/curl", ["-fsS", "-o", file, try #require(artifact["url"]?.stringValue)])
        #expect(fetched.status == 0, "\(fetched.stderrText)")
        return (file, try Data(contentsOf: URL(fileURLWithPath: file)))
    }

    static func sha256(_ data: Data) -> String {
        "sha256:" + SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    @Test func aChartFromAHelmRepositoryFollowsTheIndexThroughTheWatch() async throws {
        try await withEnv("helm-e2e") { env in
            var repo = try await ChartRepoFixture(prefix: "e2e")
            try repo.publish(chart: "app", version: "1.0.0")
            try repo.publish(chart: "app", version: "2.0.0")
            let helm = try await FerryCLI.run(["create", "source", "helm", "charts", "--url", repo.url(), "--timeout", "60s"] + env.kc)
            #expect(helm.status == 0, "\(helm.stderr)\n\(env.controllers.log.suffix(2000))")
            #expect(helm.stdout.contains("✔ HelmRepository reconciliation completed\n✔ fetched revision sha256:"), "\(helm.stdout)")

            // A long interval: only the watch on the HelmRepository can move the chart later.
            let chart = try await FerryCLI.run(["create", "source", "chart", "app", "--source", "HelmRepository/charts", "--chart", "app",
                                                "--chart-version", "1.x", "--interval", "10m", "--timeout", "60s"] + env.kc)
            #expect(chart.status == 0, "\(chart.stderr)\n\(env.controllers.log.suffix(2000))")
            #expect(chart.stdout.hasSuffix("✔ HelmChart reconciliation completed\n✔ fetched revision 1.0.0\n"), "\(chart.stdout)")
            let live = try await object(env, Self.helmChart, "app")
            #expect(ready(live)?["message"] == "pulled 'app' chart with version '1.0.0'")
            let artifact = try #require(live[path: "status", "artifact"])
            let (file, bytes) = try await download(artifact)
            #expect(artifact["digest"]?.stringValue == Self.sha256(bytes))
            // Pulled as the repository serves it.
            let served = try #require(repo.published.first { $0.version == "1.0.0" })
            #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: repo.directory + "/" + served.file))))
            let listed = try await ChildProcess.run("/usr/bin/tar", ["-tzf", file])
            #expect(listed.status == 0)
            #expect(listed.stdoutText.split(separator: "\n").contains("app/Chart.yaml"), "\(listed.stdoutText)")

            // A new version in range: the repository is reconciled, the chart is not — it follows.
            try repo.publish(chart: "app", version: "1.1.0")
            let reconciled = try await FerryCLI.run(["reconcile", "source", "helm", "charts", "--timeout", "60s"] + env.kc)
            #expect(reconciled.status == 0, "\(reconciled.stderr)")
            var revision: String?
            #expect(await eventually(timeout: .seconds(45)) {
                revision = (try? await object(env, Self.helmChart, "app"))?[path: "status", "artifact", "revision"]?.stringValue
                return revision == "1.1.0"
            }, "chart at \(String(describing: revision))\n\(env.controllers.log.suffix(2000))")
            let moved = try await object(env, Self.helmChart, "app")
            #expect(moved[path: "metadata", "annotations", "reconcile.fluxcd.io/requestedAt"] == nil)
            #expect(ready(moved)?["message"] == "pulled 'app' chart with version '1.1.0'")
            #expect(moved[path: "status", "observedSourceArtifactRevision"] ==
                    (try await object(env, Self.helmRepository, "charts"))[path: "status", "artifact", "revision"])
        }
    }

    @Test func aChartFromGitIsPackagedWithTheCommitAndMovesWithNewCommits() async throws {
        try await withEnv("helm-git") { env in
            let git = try await GitServer.shared()
            let repo = try await GitRepoFixture.create("charts", on: git)
            let scratch = NSTemporaryDirectory() + "helm-git-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            try ChartRepoFixture.writeChart(at: scratch, name: "web", version: "0.4.0", message: "first")
            var files: [String: String] = [:]
            for name in ["Chart.yaml", "values.yaml", "templates/configmap.yaml"] {
                files["deploy/web/" + name] = try String(contentsOfFile: scratch + "/" + name, encoding: .utf8)
            }
            let first = try await repo.commit(files: files, message: "chart")
            try await repo.push()
            let source = try await FerryCLI.run(["create", "source", "git", "charts", "--url", repo.url(.http), "--branch", "main",
                                                 "--interval", "10m", "--timeout", "60s"] + env.kc)
            #expect(source.status == 0, "\(source.stderr)")

            let chart = try await FerryCLI.run(["create", "source", "chart", "web", "--source", "GitRepository/charts", "--chart", "./deploy/web",
                                                "--reconcile-strategy", "Revision", "--interval", "10m", "--timeout", "60s"] + env.kc)
            let expected = "0.4.0+" + first.prefix(12)
            #expect(chart.stdout.hasSuffix("✔ fetched revision \(expected)\n"), "\(chart.stdout)\(chart.stderr)\n\(env.controllers.log.suffix(2000))")
            let live = try await object(env, Self.helmChart, "web")
            #expect(ready(live)?["reason"] == "ChartPackageSucceeded")
            #expect(ready(live)?["message"]?.stringValue == "packaged 'web' chart with version '\(expected)'")
            let (file, bytes) = try await download(try #require(live[path: "status", "artifact"]))
            #expect(live[path: "status", "artifact", "digest"]?.stringValue == Self.sha256(bytes))
            let listed = try await ChildProcess.run("/usr/bin/tar", ["-xzOf", file, "web/Chart.yaml"])
            #expect(listed.stdoutText.contains("version: \(expected)"), "\(listed.stdoutText)")

            // A commit that leaves the chart's own version alone is still a new chart version.
            let second = try await repo.commit(files: ["deploy/web/values.yaml": "message: second\nreplicas: 2\n"], message: "values")
            try await repo.push()
            let fetched = try await FerryCLI.run(["reconcile", "source", "git", "charts", "--timeout", "60s"] + env.kc)
            #expect(fetched.stdout.hasSuffix("✔ fetched revision main@sha1:\(second)\n"), "\(fetched.stdout)\(fetched.stderr)")
            let next = "0.4.0+" + second.prefix(12)
            var revision: String?
            #expect(await eventually(timeout: .seconds(45)) {
                revision = (try? await object(env, Self.helmChart, "web"))?[path: "status", "artifact", "revision"]?.stringValue
                return revision == next
            }, "chart at \(String(describing: revision)), want \(next)\n\(env.controllers.log.suffix(2000))")
            let moved = try await object(env, Self.helmChart, "web")
            #expect(moved[path: "status", "observedSourceArtifactRevision"]?.stringValue == "main@sha1:\(second)")
        }
    }

    @Test func aGitChartsMissingDependencyComesFromAPrivateRepositoryWithItsHelmRepositorysSecret() async throws {
        try await withEnv("helm-deps") { env in
            var charts = try await ChartRepoFixture(prefix: "deps-e2e")
            try charts.publish(chart: "common", version: "1.3.0", message: "private-common")
            let url = charts.url("CHARTS_AUTH_URL")
            let secret: JSONObject = ["username": .string(Data(charts.server.basicUser.utf8).base64EncodedString()),
                                      "password": .string(Data(charts.server.basicPassword.utf8).base64EncodedString())]
            _ = try await env.client.apply(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "creds", "namespace": .string(env.namespace)],
                                            "data": .object(secret)], fieldManager: "test", force: true)
            let helm = try await FerryCLI.run(["create", "source", "helm", "private", "--url", url, "--secret-ref", "creds", "--timeout", "60s"] + env.kc)
            #expect(helm.status == 0, "\(helm.stderr)")

            let scratch = NSTemporaryDirectory() + "helm-deps-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            try ChartRepoFixture.writeChart(at: scratch, name: "web", version: "0.2.0")
            var files: [String: String] = [:]
            for name in ["values.yaml", "templates/configmap.yaml"] {
                files["web/" + name] = try String(contentsOfFile: scratch + "/" + name, encoding: .utf8)
            }
            files["web/Chart.yaml"] = "apiVersion: v2\nname: web\nversion: 0.2.0\ndependencies:\n- name: common\n  version: ~1.3\n  repository: \(url)\n"
            let repo = try await GitRepoFixture.create("deps", on: try await GitServer.shared())
            try await repo.commit(files: files, message: "chart")
            try await repo.push()
            let source = try await FerryCLI.run(["create", "source", "git", "deps", "--url", repo.url(.http), "--branch", "main", "--timeout", "60s"] + env.kc)
            #expect(source.status == 0, "\(source.stderr)")
            let chart = try await FerryCLI.run(["create", "source", "chart", "web", "--source", "GitRepository/deps", "--chart", "web",
                                                "--timeout", "60s"] + env.kc)
            #expect(chart.stdout.hasSuffix("✔ fetched revision 0.2.0\n"), "\(chart.stdout)\(chart.stderr)\n\(env.controllers.log.suffix(2000))")
            let (file, _) = try await download(try #require(try await object(env, Self.helmChart, "web")[path: "status", "artifact"]))
            let values = try await ChildProcess.run("/usr/bin/tar", ["-xzOf", file, "web/charts/common/values.yaml"])
            #expect(values.stdoutText == "message: private-common\nreplicas: 1\n", "\(values.stderrText)")
        }
    }

    @Test func brokenRepositoriesFailAloneAndTheControllersKeepServing() async throws {
        try await withEnv("helm-hostile") { env in
            var garbage = try await ChartRepoFixture(prefix: "garbage")
            try garbage.publish(chart: "app", version: "1.0.0")
            try garbage.overwriteIndex("\u{1}\u{2}PK not: [an index\n\u{7f}")
            let broken = try await FerryCLI.run(["create", "source", "helm", "garbage", "--url", garbage.url(), "--timeout", "30s"] + env.kc)
            #expect(broken.status == 1)
            #expect(broken.stderr.hasPrefix("✗ HelmRepository \(env.namespace)/garbage is not ready: "), "\(broken.stderr)")
            let garbageReady = ready(try await object(env, Self.helmRepository, "garbage"))
            #expect(garbageReady?["status"] == "False")
            #expect(garbageReady?["reason"] == "IndexationFailed")
            #expect(garbageReady?["message"]?.stringValue?.hasPrefix("failed to load Helm repository from index YAML: ") == true,
                    "\(String(describing: garbageReady))")

            // Nothing listens on port 9 of loopback.
            let unreachable = try await FerryCLI.run(["create", "source", "helm", "unreachable", "--url", "http://127.0.0.1:9/charts",
                                                      "--fetch-timeout", "5s", "--timeout", "30s"] + env.kc)
            #expect(unreachable.status == 1)
            let unreachableReady = ready(try await object(env, Self.helmRepository, "unreachable"))
            #expect(unreachableReady?["status"] == "False")
            #expect(unreachableReady?["message"]?.stringValue?.hasPrefix(
                "failed to fetch Helm repository index: failed to fetch http://127.0.0.1:9/charts/index.yaml : ") == true,
                    "\(String(describing: unreachableReady))")

            // The process still runs, and a good repository next to the broken ones is served.
            #expect(try await env.controllers.get(port: env.controllers.healthPort, path: "/healthz").status == 0)
            var good = try await ChartRepoFixture(prefix: "good")
            try good.publish(chart: "app", version: "3.2.1")
            let fine = try await FerryCLI.run(["create", "source", "helm", "good", "--url", good.url(), "--timeout", "60s"] + env.kc)
            #expect(fine.status == 0, "\(fine.stderr)\n\(env.controllers.log.suffix(2000))")
            #expect(ready(try await object(env, Self.helmRepository, "good"))?["status"] == "True")

            // A chart archive that is not one: the chart fails, saying what it fetched.
            try Data("definitely not gzip".utf8).write(to: URL(fileURLWithPath: good.directory + "/app-3.2.1.tgz"))
            let pulled = try await FerryCLI.run(["create", "source", "chart", "app", "--source", "HelmRepository/good", "--chart", "app",
                                                 "--timeout", "30s"] + env.kc)
            #expect(pulled.status == 1)
            let chartReady = ready(try await object(env, Self.helmChart, "app"))
            #expect(chartReady?["status"] == "False")
            #expect(chartReady?["reason"] == "ChartPullFailed")
            #expect(chartReady?["message"]?.stringValue?.hasPrefix(
                "chart pull error: failed to load downloaded chart from '\(good.url())/app-3.2.1.tgz': ") == true,
                    "\(String(describing: chartReady))")
            #expect(try await env.controllers.get(port: env.controllers.healthPort, path: "/healthz").status == 0)
        }
    }
}
