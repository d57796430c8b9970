import ChildProcess
import FerryTesting
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import Testing

/// The HelmRelease controller end to end: `ferry controllers run` as its own process, a chart
/// repository on the shared nginx, the real API server — install, upgrade on new values and on a
/// new chart version, Helm's release storage read back by an independent decoder, uninstall.
@Suite struct HelmReleaseControllerTests {
    static let helmRelease = GroupVersionKind(group: "helm.toolkit.fluxcd.io", version: "v2", kind: "HelmRelease")
    static let helmChart = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "HelmChart")
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
    static let secret = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    struct Env {
        var plane: LocalControlPlane
        var client: KubernetesClient
        var namespace: String
        var controllers: FerryControllers
    }

    func withEnv(_ name: String, _ body: (Env) async throws -> Void) async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        let ns = try await plane.makeNamespace(name, client: client)
        let env = Env(plane: plane, client: client, namespace: ns, controllers: try await FerryControllers.start(plane: plane, namespace: ns))
        do { try await body(env) } catch {
            await env.controllers.stop()
            try? await client.shutdown()
            throw error
        }
        await env.controllers.stop()
        try? await client.shutdown()
    }

    func apply(_ env: Env, _ object: JSONValue) async throws {
        _ = try await env.client.apply(object, fieldManager: "test", force: true)
    }

    func helmRelease(_ env: Env, values: JSONValue) -> JSONValue {
        [
            "apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": ["name": "web", "namespace": .string(env.namespace)],
            "spec": [
                "interval": "5m", "timeout": "1m",
                "chart": ["spec": ["chart": "app", "version": "1.x", "sourceRef": ["kind": "HelmRepository", "name": "charts"]]],
                "values": values,
            ],
        ]
    }

    /// Waits until the HelmRelease is Ready=True at its generation with the Released reason given.
    func waitReleased(_ env: Env, reason: String, file: StaticString = #filePath, line: Int = #line) async throws -> JSONValue {
        var last = JSONValue.null
        let ok = await eventually(timeout: .seconds(90)) {
            guard let object = try? await env.client.get(Self.helmRelease, name: "web", namespace: env.namespace) else { return false }
            last = object
            let conditions = object[path: "status", "conditions"]?.arrayValue ?? []
            let ready = conditions.first { $0["type"] == "Ready" }
            return ready?["status"] == "True" && ready?["reason"]?.stringValue == reason
                && object[path: "status", "observedGeneration"] == object[path: "metadata", "generation"]
        }
        #expect(ok, "HelmRelease not released (\(reason)): \(last[path: "status"]?.jsonString() ?? "")\n\(env.controllers.log.suffix(3000))")
        return last
    }

    /// `data.release` of a release Secret decoded as the helm CLI does, by Python's standard
    /// library (base64 twice — the API's and Helm's — then gzip, then JSON).
    func decodeRelease(_ secret: JSONValue) async throws -> JSONValue {
        let encoded = try #require(secret[path: "data", "release"]?.stringValue)
        let script = "import base64,gzip,json,sys;d=base64.b64decode(base64.b64decode(sys.stdin.read()));print(json.dumps(json.loads(gzip.decompress(d) if d[:2]==b'\\x1f\\x8b' else d)))"
        let out = try await ChildProcess.run("/usr/bin/python3", ["-c", script], input: Array(encoded.utf8))
        #expect(out.status == 0, "\(out.stderrText)")
        return try JSONValue(json: out.stdoutText)
    }

    @Test func installsUpgradesStoresAsHelmAndUninstalls() async throws {
        try await withEnv("helmrelease-life") { env in
            var repo = try await ChartRepoFixture(prefix: "release")
            try repo.publish(chart: "app", version: "1.0.0")
            try await apply(env, ["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
                                  "metadata": ["name": "charts", "namespace": .string(env.namespace)],
                                  "spec": ["interval": "1m", "url": .string(repo.url())]])
            try await apply(env, helmRelease(env, values: ["message": "first"]))
            let installed = try await waitReleased(env, reason: HelmReleaseReason.installSucceeded)
            let ready = installed[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "Ready" }
            #expect(ready?["message"]?.stringValue == "Helm install succeeded for release \(env.namespace)/web.v1 with chart app@1.0.0")
            #expect(installed[path: "status", "helmChart"]?.stringValue == "\(env.namespace)/\(env.namespace)-web")
            #expect(installed[path: "status", "history"]?.arrayValue?.first?["status"] == "deployed")

            // The CLI: get, reconcile, export.
            let kc = ["--kubeconfig", env.plane.adminKubeconfig, "-n", env.namespace]
            let table = try await FerryCLI.run(["get", "helmreleases"] + kc)
            #expect(table.status == 0, "\(table.stderr)")
            let row = table.stdout.split(separator: "\n").first { $0.hasPrefix("web ") }.map(String.init) ?? ""
            #expect(row.contains("1.0.0") && row.contains("True") && row.contains("Helm install succeeded"), "\(table.stdout)")
            let reconciled = try await FerryCLI.run(["reconcile", "helmrelease", "web", "--timeout", "60s"] + kc)
            #expect(reconciled.status == 0, "\(reconciled.stderr)")
            #expect(reconciled.stdout.contains("revision 1.0.0"), "\(reconciled.stdout)")
            let exported = try await FerryCLI.run(["export", "helmrelease", "web"] + kc)
            #expect(exported.stdout.contains("kind: HelmRelease") && exported.stdout.contains("chart: app"), "\(exported.stdout)")

            // The chart's object, with Helm's ownership marks and the values.
            let config = try await env.client.get(Self.configMap, name: "web-app", namespace: env.namespace)
            #expect(config[path: "data", "message"] == "first")
            #expect(config[path: "metadata", "annotations", "meta.helm.sh/release-name"] == "web")
            #expect(config[path: "metadata", "labels", "app.kubernetes.io/managed-by"] == "Helm")
            #expect(config[path: "metadata", "labels", "helm.toolkit.fluxcd.io/name"] == "web")

            // Helm's storage: what `helm list` reads.
            let v1 = try await env.client.get(Self.secret, name: "sh.helm.release.v1.web.v1", namespace: env.namespace)
            #expect(v1["type"] == "helm.sh/release.v1")
            #expect(v1[path: "metadata", "labels", "owner"] == "helm")
            #expect(v1[path: "metadata", "labels", "status"] == "deployed")
            let record = try await decodeRelease(v1)
            #expect(record["name"] == "web")
            #expect(record["version"] == 1)
            #expect(record[path: "info", "status"] == "deployed")
            #expect(record[path: "chart", "metadata", "version"] == "1.0.0")
            #expect(record[path: "config", "message"] == "first")
            #expect(record["manifest"]?.stringValue?.contains("kind: ConfigMap") == true)

            // New values: an upgrade; v1 superseded.
            try await apply(env, helmRelease(env, values: ["message": "second"]))
            let upgraded = try await waitReleased(env, reason: HelmReleaseReason.upgradeSucceeded)
            #expect(upgraded[path: "status", "lastReleaseRevision"] == 2)
            #expect(try await env.client.get(Self.configMap, name: "web-app", namespace: env.namespace)[path: "data", "message"] == "second")
            let superseded = try await env.client.get(Self.secret, name: "sh.helm.release.v1.web.v1", namespace: env.namespace)
            #expect(superseded[path: "metadata", "labels", "status"] == "superseded")

            // A new chart version in the repository: the HelmChart follows, the release upgrades.
            try repo.publish(chart: "app", version: "1.1.0")
            _ = try await env.client.patch(GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "HelmRepository"),
                                           name: "charts", namespace: env.namespace, type: .merge,
                                           patch: ["metadata": ["annotations": ["reconcile.fluxcd.io/requestedAt": "now"]]])
            let moved = await eventually(timeout: .seconds(90)) {
                let object = try? await env.client.get(Self.helmRelease, name: "web", namespace: env.namespace)
                return object?[path: "status", "lastReleaseRevision"] == 3
            }
            #expect(moved, "\(env.controllers.log.suffix(3000))")
            let v3 = try await decodeRelease(try await env.client.get(Self.secret, name: "sh.helm.release.v1.web.v3", namespace: env.namespace))
            #expect(v3[path: "chart", "metadata", "version"] == "1.1.0")

            // Deleting the HelmRelease uninstalls: objects, records and the HelmChart go.
            _ = try await env.client.delete(Self.helmRelease, name: "web", namespace: env.namespace)
            let gone = await eventually(timeout: .seconds(60)) {
                let config = try? await env.client.get(Self.configMap, name: "web-app", namespace: env.namespace)
                let records = try? await env.client.list(Self.secret, namespace: env.namespace, options: ListOptions(labelSelector: "owner=helm"))
                let chart = try? await env.client.get(Self.helmChart, name: "\(env.namespace)-web", namespace: env.namespace)
                return config == nil && records?.items.isEmpty == true && chart == nil
            }
            #expect(gone, "\(env.controllers.log.suffix(3000))")
        }
    }

    @Test func aChartThatFailsToRenderChangesNothingLive() async throws {
        try await withEnv("helmrelease-fail") { env in
            var repo = try await ChartRepoFixture(prefix: "failing")
            try repo.publish(chart: "app", version: "1.0.0")
            try await apply(env, ["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
                                  "metadata": ["name": "charts", "namespace": .string(env.namespace)],
                                  "spec": ["interval": "1m", "url": .string(repo.url())]])
            try await apply(env, helmRelease(env, values: ["message": "good"]))
            _ = try await waitReleased(env, reason: HelmReleaseReason.installSucceeded)
            // `message: null` deletes the chart's default, and the template's `required` fails
            // the render with Helm's error: nothing is applied, v1 stays deployed.
            try await apply(env, helmRelease(env, values: ["message": .null]))
            var last = JSONValue.null
            let failed = await eventually(timeout: .seconds(60)) {
                guard let object = try? await env.client.get(Self.helmRelease, name: "web", namespace: env.namespace) else { return false }
                last = object
                let released = object[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "Released" }
                return released?["status"] == "False"
            }
            #expect(failed, "\(last[path: "status"]?.jsonString() ?? "")")
            let released = last[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "Released" }
            #expect(released?["reason"] == "UpgradeFailed")
            #expect(released?["message"]?.stringValue?.contains("message is required") == true)
            let config = try await env.client.get(Self.configMap, name: "web-app", namespace: env.namespace)
            #expect(config[path: "data", "message"] == "good")
            let v1 = try await env.client.get(Self.secret, name: "sh.helm.release.v1.web.v1", namespace: env.namespace)
            #expect(v1[path: "metadata", "labels", "status"] == "deployed")
        }
    }
}
