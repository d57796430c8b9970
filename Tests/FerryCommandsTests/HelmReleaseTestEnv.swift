import ChildProcess
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// What the HelmRelease feature tests share: `ferry controllers run` in its own process, a
/// namespace, a chart repository on the shared nginx with a HelmRepository `charts` pointing at
/// it, and ways to write a HelmRelease and wait for its conditions.
struct HelmReleaseTestEnv {
    static let helmRelease = GroupVersionKind(group: "helm.toolkit.fluxcd.io", version: "v2", kind: "HelmRelease")
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
    static let secret = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    var plane: LocalControlPlane
    var client: KubernetesClient
    var namespace: String
    var controllers: FerryControllers
    var repo: ChartRepoFixture

    /// `controllerArguments` go to `ferry controllers run` (`--default-service-account`, …).
    static func with(_ name: String, controllerArguments: [String] = [], _ body: (inout HelmReleaseTestEnv) async throws -> Void) async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        let ns = try await plane.makeNamespace(name, client: client)
        var env = HelmReleaseTestEnv(plane: plane, client: client, namespace: ns,
                                     controllers: try await FerryControllers.start(plane: plane, namespace: ns, arguments: controllerArguments),
                                     repo: try await ChartRepoFixture(prefix: name))
        do {
            try await env.apply(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
                                 "metadata": ["name": "charts", "namespace": .string(ns)],
                                 "spec": ["interval": "1m", "url": .string(env.repo.url())]])
            try await body(&env)
        } catch {
            await env.controllers.stop()
            try? await client.shutdown()
            throw error
        }
        await env.controllers.stop()
        try? await client.shutdown()
    }

    func apply(_ object: JSONValue) async throws {
        _ = try await client.apply(object, fieldManager: "test", force: true)
    }

    /// HelmRelease `name` of chart `chart` (any version) from `charts`, with `spec` merged over
    /// the interval, timeout and chart.
    func release(_ name: String = "web", chart: String = "app", spec: JSONObject = [:]) -> JSONValue {
        var full: JSONObject = [
            "interval": "5m", "timeout": "30s",
            "chart": ["spec": ["chart": .string(chart), "version": "*", "sourceRef": ["kind": "HelmRepository", "name": "charts"]]],
        ]
        for (k, v) in spec { full[k] = v }
        return ["apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
                "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": .object(full)]
    }

    func get(_ gvk: GroupVersionKind, _ name: String) async -> JSONValue? {
        try? await client.get(gvk, name: name, namespace: namespace)
    }

    static func condition(_ object: JSONValue?, _ type: String) -> JSONValue? {
        object?[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    /// Waits until HelmRelease `name`'s condition `type` has `status` and `reason` (at the
    /// current generation); returns the object, recording an issue otherwise.
    @discardableResult
    func wait(_ name: String = "web", _ type: String = "Ready", _ status: String, reason: String? = nil,
              timeout: Duration = .seconds(90), sourceLocation: SourceLocation = #_sourceLocation) async -> JSONValue? {
        var last: JSONValue?
        let ok = await eventually(timeout: timeout, every: .milliseconds(250)) {
            last = await get(Self.helmRelease, name)
            let c = Self.condition(last, type)
            return c?["status"]?.stringValue == status && (reason == nil || c?["reason"]?.stringValue == reason)
                && c?["observedGeneration"] == last?[path: "metadata", "generation"]
        }
        #expect(ok, "\(name) never \(type)=\(status)/\(reason ?? "*"): \(last?[path: "status"]?.jsonString() ?? "")\n\(controllers.log.suffix(2500))",
                sourceLocation: sourceLocation)
        return last
    }

    /// Asks for a reconcile now, as `flux reconcile` does; returns the request's token.
    @discardableResult
    func requestReconcile(_ name: String = "web") async throws -> String {
        let token = UUID().uuidString
        _ = try await client.patch(Self.helmRelease, name: name, namespace: namespace, type: .merge,
                                   patch: ["metadata": ["annotations": ["reconcile.fluxcd.io/requestedAt": .string(token)]]])
        return token
    }

    /// Waits until the controller has finished the reconcile asked for with `token`
    /// (`status.lastHandledReconcileAt`): after it, whatever that reconcile did is visible.
    func waitHandled(_ token: String, _ name: String = "web", sourceLocation: SourceLocation = #_sourceLocation) async {
        let ok = await eventually(timeout: .seconds(60), every: .milliseconds(250)) {
            await get(Self.helmRelease, name)?[path: "status", "lastHandledReconcileAt"]?.stringValue == token
        }
        #expect(ok, "reconcile request \(token) was never handled\n\(controllers.log.suffix(2500))", sourceLocation: sourceLocation)
    }

    /// The release Secrets' `status` labels by version (`helm history` in short).
    func recordStatuses(_ release: String = "web") async throws -> [Int: String] {
        let list = try await client.list(Self.secret, namespace: namespace, options: ListOptions(labelSelector: "owner=helm,name=\(release)"))
        var out: [Int: String] = [:]
        for item in list.items {
            if let v = item[path: "metadata", "labels", "version"]?.stringValue.flatMap(Int.init) {
                out[v] = item[path: "metadata", "labels", "status"]?.stringValue
            }
        }
        return out
    }

    /// Release record `version` decoded as the helm CLI reads it, by Python's standard library
    /// (base64 twice — the API's and Helm's — then gzip, then JSON).
    func record(_ version: Int, release: String = "web") async throws -> JSONValue {
        let secret = try await client.get(Self.secret, name: "sh.helm.release.v1.\(release).v\(version)", namespace: namespace)
        let encoded = try #require(secret[path: "data", "release"]?.stringValue)
        let script = "import base64,gzip,json,sys;d=base64.b64decode(base64.b64decode(sys.stdin.read()));print(json.dumps(json.loads(gzip.decompress(d) if d[:2]==b'\\x1f\\x8b' else d)))"
        let out = try await ChildProcess.run("/usr/bin/python3", ["-c", script], input: Array(encoded.utf8))
        #expect(out.status == 0, "\(out.stderrText)")
        return try JSONValue(json: out.stdoutText)
    }
}
