import ChildProcess
import Crypto
import FerryAPI
import FerryTesting
import Foundation
import Helm
import KubernetesClient
import Manifests
import Testing

/// Helm charts from OCI registries end to end: a real registry (`scripts/registry-server`,
/// docker-registry 2.8) holding charts pushed with Helm's media types, `ferry controllers run`
/// against the local control plane, HelmRepositories of `type: oci` and HelmCharts on them.
@Suite struct HelmChartOCITests {
    static let helmRepository = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "HelmRepository")
    static let helmChart = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "HelmChart")
    static let secret = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    struct Env {
        var client: KubernetesClient
        var namespace: String
        var controllers: FerryControllers

        func apply(_ object: JSONValue) async throws {
            _ = try await client.apply(object, fieldManager: "test", force: true)
        }

        func get(_ gvk: GroupVersionKind, _ name: String) async -> JSONValue? {
            try? await client.get(gvk, name: name, namespace: namespace)
        }

        func ready(_ object: JSONValue?) -> JSONValue? {
            object?[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "Ready" }
        }

        /// An OCI HelmRepository `name` at `url`, plain HTTP (the test registries have no TLS).
        func ociRepository(_ name: String, url: String, secretRef: String? = nil) async throws {
            var spec: JSONObject = ["type": "oci", "url": .string(url), "insecure": true, "interval": "10m", "timeout": "10s"]
            if let secretRef { spec["secretRef"] = ["name": .string(secretRef)] }
            try await apply(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
                             "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": .object(spec)])
        }

        /// HelmChart `name` of `chart` at `version` from HelmRepository `repository`; a long interval,
        /// so only a reconcile request moves it.
        func chart(_ name: String, chart: String, version: String, repository: String) async throws {
            try await apply(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmChart",
                             "metadata": ["name": .string(name), "namespace": .string(namespace)],
                             "spec": ["chart": .string(chart), "version": .string(version), "interval": "10m",
                                      "sourceRef": ["kind": "HelmRepository", "name": .string(repository)]]])
        }

        /// Waits until `name`'s Ready condition satisfies `check` at the current generation.
        @discardableResult
        func wait(_ gvk: GroupVersionKind, _ name: String, timeout: Duration = .seconds(60), what: String,
                  sourceLocation: SourceLocation = #_sourceLocation, _ check: (JSONValue) -> Bool) async -> JSONValue? {
            var last: JSONValue?
            let ok = await eventually(timeout: timeout, every: .milliseconds(200)) {
                last = await get(gvk, name)
                guard let ready = ready(last), ready["observedGeneration"] == last?[path: "metadata", "generation"] else { return false }
                return check(ready)
            }
            #expect(ok, "\(name) never \(what): \(last?[path: "status"]?.jsonString() ?? "")\n\(controllers.log.suffix(2500))",
                    sourceLocation: sourceLocation)
            return last
        }

        /// Asks for a HelmChart reconcile now (`reconcile.fluxcd.io/requestedAt`) and waits until it was handled.
        func reconcileChart(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let token = UUID().uuidString
            _ = try await client.patch(HelmChartOCITests.helmChart, name: name, namespace: namespace, type: .merge,
                                       patch: ["metadata": ["annotations": ["reconcile.fluxcd.io/requestedAt": .string(token)]]])
            let ok = await eventually(timeout: .seconds(60), every: .milliseconds(200)) {
                await get(HelmChartOCITests.helmChart, name)?[path: "status", "lastHandledReconcileAt"]?.stringValue == token
            }
            #expect(ok, "reconcile request for \(name) never handled\n\(controllers.log.suffix(2500))", sourceLocation: sourceLocation)
        }
    }

    func withEnv(_ name: String, _ body: (Env) async throws -> Void) async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        let ns = try await plane.makeNamespace(name, client: client)
        let env = Env(client: client, namespace: ns, controllers: try await FerryControllers.start(plane: plane, namespace: ns))
        do { try await body(env) } catch {
            await env.controllers.stop()
            try? await client.shutdown()
            throw error
        }
        await env.controllers.stop()
        try? await client.shutdown()
    }

    /// The artifact as a consumer fetches it, from `status.artifact.url`.
    static func download(_ artifact: JSONValue?) async throws -> [UInt8] {
        let url = try #require(artifact?["url"]?.stringValue)
        let file = NSTemporaryDirectory() + "oci-chart-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: file) }
        let fetched = try await ChildProcess.run("/usr/bin/curl", ["-fsS", "-o", file, url])
        #expect(fetched.status == 0, "\(fetched.stderrText)")
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
    }

    @Test func anOCIRepositoryIsReadyAndItsChartFollowsTheRegistrysTags() async throws {
        let registry = try await RegistryFixture.shared()
        let path = registry.uniquePath("follow")
        for version in ["1.0.0", "2.0.0", "1.2.0-rc.1"] { try await registry.pushChart(path: path, chart: "app", version: version) }
        let served = try await registry.pushChart(path: path, chart: "app", version: "1.1.0")
        try await withEnv("oci-follow") { env in
            try await env.ociRepository("registry", url: "oci://\(registry.host)/\(path)")
            // Flux's static OCI repository: Ready, no artifact, nothing fetched.
            let repository = await env.wait(Self.helmRepository, "registry", what: "Ready") { $0["status"] == "True" }
            #expect(env.ready(repository)?["reason"] == "Succeeded")
            #expect(env.ready(repository)?["message"] == "Helm repository is ready")
            #expect(repository?[path: "status", "artifact"] == nil)

            // The highest version in range (the prerelease and 2.0.0 are out of it), stored as pushed.
            try await env.chart("app", chart: "app", version: "1.x", repository: "registry")
            let chart = await env.wait(Self.helmChart, "app", what: "pulled 1.1.0") { $0["status"] == "True" }
            #expect(env.ready(chart)?["reason"]?.stringValue == HelmSourceReason.chartPullSucceeded)
            #expect(env.ready(chart)?["message"] == "pulled 'app' chart with version '1.1.0'")
            let artifact = chart?[path: "status", "artifact"]
            #expect(artifact?["revision"] == "1.1.0")
            #expect(artifact?["digest"]?.stringValue == served.chartDigest)
            #expect(try await Self.download(artifact) == served.archive)

            // Nothing new in the registry: the reconcile stores nothing new.
            let updated = artifact?["lastUpdateTime"]
            try await env.reconcileChart("app")
            #expect(await env.get(Self.helmChart, "app")?[path: "status", "artifact", "lastUpdateTime"] == updated)

            // A new version pushed is picked up on the next reconcile.
            let newer = try await registry.pushChart(path: path, chart: "app", version: "1.3.0", message: "newer")
            try await env.reconcileChart("app")
            let moved = await env.wait(Self.helmChart, "app", what: "pulled 1.3.0") {
                $0["message"] == "pulled 'app' chart with version '1.3.0'"
            }
            #expect(moved?[path: "status", "artifact", "digest"]?.stringValue == newer.chartDigest)
            #expect(try await Self.download(moved?[path: "status", "artifact"]) == newer.archive)

            // An exact version is a tag; Helm's tags write build metadata's '+' as '_'.
            let built = try await registry.pushChart(path: path, chart: "app", version: "0.9.0+build.7")
            try await env.chart("pinned", chart: "app", version: "0.9.0+build.7", repository: "registry")
            let pinned = await env.wait(Self.helmChart, "pinned", what: "pulled 0.9.0+build.7") { $0["status"] == "True" }
            #expect(pinned?[path: "status", "artifact", "revision"] == "0.9.0+build.7")
            #expect(pinned?[path: "status", "artifact", "digest"]?.stringValue == built.chartDigest)

            // Values files from inside the pulled chart: packaged here, the generation as build metadata.
            try await env.apply(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmChart",
                                 "metadata": ["name": "prod", "namespace": .string(env.namespace)],
                                 "spec": ["chart": "app", "version": "1.3.0", "interval": "10m",
                                          "valuesFiles": ["values.yaml", "prod-values.yaml"],
                                          "sourceRef": ["kind": "HelmRepository", "name": "registry"]]])
            let prod = await env.wait(Self.helmChart, "prod", what: "packaged 1.3.0+1") { $0["status"] == "True" }
            #expect(env.ready(prod)?["reason"]?.stringValue == HelmSourceReason.chartPackageSucceeded)
            #expect(env.ready(prod)?["message"] == "packaged 'app' chart with version '1.3.0+1'")
            #expect(prod?[path: "status", "observedValuesFiles"] == ["values.yaml", "prod-values.yaml"])
            let packaged = try await Self.download(prod?[path: "status", "artifact"])
            let loaded = try ChartLoader.load(archive: packaged)
            #expect(loaded.metadata.version == "1.3.0+1")
            let values = loaded.raw.first { $0.name == "values.yaml" }.map { String(decoding: $0.data, as: UTF8.self) } ?? ""
            #expect(values.contains("from-prod") && !values.contains("newer"), "\(values)")
        }
    }

    @Test func aRegistryBehindBasicAuthNeedsTheSecret() async throws {
        let registry = try await RegistryFixture.shared(.basicAuth)
        let path = registry.uniquePath("auth")
        let served = try await registry.pushChart(path: path, chart: "app", version: "0.1.0")
        try await withEnv("oci-auth") { env in
            // No secret: the repository is still Ready (nothing is checked), the chart says why it fails.
            try await env.ociRepository("registry", url: "oci://\(registry.host)/\(path)")
            try await env.chart("app", chart: "app", version: "*", repository: "registry")
            let denied = await env.wait(Self.helmChart, "app", what: "AuthenticationFailed") { $0["status"] == "False" }
            #expect(env.ready(denied)?["reason"]?.stringValue == SourceReason.authenticationFailed)
            let message = env.ready(denied)?["message"]?.stringValue ?? ""
            #expect(message.contains("oci://") == false && message.contains("\(registry.host)/\(path)/app"), "\(message)")
            #expect(message.contains("requires basic authentication and no credentials were given"), "\(message)")

            // A wrong password: refused, and the password is nowhere in the condition.
            try await env.apply(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "wrong", "namespace": .string(env.namespace)],
                                 "stringData": ["username": .string(registry.username), "password": "not-the-password"]])
            try await env.ociRepository("registry", url: "oci://\(registry.host)/\(path)", secretRef: "wrong")
            try await env.reconcileChart("app")
            let wrong = await env.wait(Self.helmChart, "app", what: "refused with 401") {
                $0["reason"]?.stringValue == SourceReason.authenticationFailed && $0["message"]?.stringValue?.contains("401 Unauthorized") == true
            }
            #expect(env.ready(wrong)?["message"]?.stringValue?.contains("not-the-password") == false)

            // A kubernetes.io/dockerconfigjson Secret for the registry's host: pulled.
            try await env.apply(["apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/dockerconfigjson",
                                 "metadata": ["name": "pull", "namespace": .string(env.namespace)],
                                 "stringData": [".dockerconfigjson": .string(registry.dockerConfigJSON)]])
            try await env.ociRepository("registry", url: "oci://\(registry.host)/\(path)", secretRef: "pull")
            try await env.reconcileChart("app")
            let pulled = await env.wait(Self.helmChart, "app", what: "pulled with the secret") { $0["status"] == "True" }
            #expect(pulled?[path: "status", "artifact", "digest"]?.stringValue == served.chartDigest)

            // A secretRef to a Secret that does not exist: the repository itself says so.
            try await env.ociRepository("registry", url: "oci://\(registry.host)/\(path)", secretRef: "absent")
            let missing = await env.wait(Self.helmRepository, "registry", what: "AuthenticationFailed") { $0["status"] == "False" }
            #expect(env.ready(missing)?["reason"]?.stringValue == SourceReason.authenticationFailed)
            #expect(env.ready(missing)?["message"]?.stringValue?.contains("absent") == true)
        }
    }

    @Test func aRegistryBehindTokenAuthIsPulledWithATokenForTheSecretsCredentials() async throws {
        let registry = try await RegistryFixture.shared(.tokenAuth)
        let path = registry.uniquePath("token")
        let served = try await registry.pushChart(path: path, chart: "app", version: "3.1.0")
        try await withEnv("oci-token") { env in
            try await env.ociRepository("anonymous", url: "oci://\(registry.host)/\(path)")
            try await env.chart("refused", chart: "app", version: "3.x", repository: "anonymous")
            let refused = await env.wait(Self.helmChart, "refused", what: "AuthenticationFailed") { $0["status"] == "False" }
            #expect(env.ready(refused)?["reason"]?.stringValue == SourceReason.authenticationFailed)
            #expect(env.ready(refused)?["message"]?.stringValue?.contains("token server 127.0.0.1:") == true)

            try await env.apply(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "login", "namespace": .string(env.namespace)],
                                 "stringData": ["username": .string(registry.username), "password": .string(registry.password)]])
            try await env.ociRepository("registry", url: "oci://\(registry.host)/\(path)", secretRef: "login")
            try await env.chart("app", chart: "app", version: "3.x", repository: "registry")
            let pulled = await env.wait(Self.helmChart, "app", what: "pulled 3.1.0") { $0["status"] == "True" }
            #expect(env.ready(pulled)?["message"] == "pulled 'app' chart with version '3.1.0'")
            #expect(pulled?[path: "status", "artifact", "digest"]?.stringValue == served.chartDigest)
            #expect(env.ready(pulled)?["message"]?.stringValue?.contains(registry.password) == false)
        }
    }

    @Test func aRegistryOverTLSIsTrustedThroughTheCertSecretRef() async throws {
        let registry = try await RegistryFixture.shared(.tlsBasicAuth)
        let path = registry.uniquePath("tls")
        let served = try await registry.pushChart(path: path, chart: "app", version: "4.0.0")
        let ca = try String(contentsOfFile: registry.caFile, encoding: .utf8)
        try await withEnv("oci-tls") { env in
            try await env.apply(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "login", "namespace": .string(env.namespace)],
                                 "stringData": ["username": .string(registry.username), "password": .string(registry.password)]])
            try await env.apply(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "ca", "namespace": .string(env.namespace)],
                                 "stringData": ["ca.crt": .string(ca)]])
            // HTTPS without the CA: the certificate is not trusted, and the chart says so.
            try await env.apply(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
                                 "metadata": ["name": "untrusted", "namespace": .string(env.namespace)],
                                 "spec": ["type": "oci", "url": .string("oci://\(registry.host)/\(path)"), "interval": "10m",
                                          "secretRef": ["name": "login"]]])
            try await env.chart("untrusted", chart: "app", version: "*", repository: "untrusted")
            let untrusted = await env.wait(Self.helmChart, "untrusted", what: "ChartPullFailed") { $0["status"] == "False" }
            #expect(env.ready(untrusted)?["reason"]?.stringValue == HelmSourceReason.chartPullFailed)
            #expect(env.ready(untrusted)?["message"]?.stringValue?.contains("TLS") == true)

            try await env.apply(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
                                 "metadata": ["name": "registry", "namespace": .string(env.namespace)],
                                 "spec": ["type": "oci", "url": .string("oci://\(registry.host)/\(path)"), "interval": "10m",
                                          "secretRef": ["name": "login"], "certSecretRef": ["name": "ca"]]])
            try await env.chart("app", chart: "app", version: "*", repository: "registry")
            let pulled = await env.wait(Self.helmChart, "app", what: "pulled 4.0.0") { $0["status"] == "True" }
            #expect(pulled?[path: "status", "artifact", "digest"]?.stringValue == served.chartDigest)
        }
    }

    @Test func missingVersionsArtifactsThatAreNotChartsAndUnreachableRegistriesSayWhy() async throws {
        let registry = try await RegistryFixture.shared()
        let path = registry.uniquePath("bad")
        try await registry.pushChart(path: path, chart: "app", version: "1.0.0")
        try await registry.pushChart(path: path, chart: "image", version: "1.0.0", configMediaType: "application/vnd.oci.image.config.v1+json",
                                     layerMediaType: "application/vnd.oci.image.layer.v1.tar+gzip")
        try await withEnv("oci-bad") { env in
            try await env.ociRepository("registry", url: "oci://\(registry.host)/\(path)")
            try await env.chart("missing", chart: "app", version: "5.x", repository: "registry")
            let missing = await env.wait(Self.helmChart, "missing", what: "InvalidChartReference") { $0["status"] == "False" }
            #expect(env.ready(missing)?["reason"]?.stringValue == HelmSourceReason.invalidChartReference)
            #expect(env.ready(missing)?["message"]?.stringValue?.contains("no version matching '5.x'") == true)

            try await env.chart("nochart", chart: "nothing-here", version: "*", repository: "registry")
            let absent = await env.wait(Self.helmChart, "nochart", what: "InvalidChartReference") { $0["status"] == "False" }
            #expect(env.ready(absent)?["reason"]?.stringValue == HelmSourceReason.invalidChartReference)
            #expect(env.ready(absent)?["message"]?.stringValue?.contains("\(path)/nothing-here") == true)

            try await env.chart("image", chart: "image", version: "1.0.0", repository: "registry")
            let image = await env.wait(Self.helmChart, "image", what: "ChartPullFailed") { $0["status"] == "False" }
            #expect(env.ready(image)?["reason"]?.stringValue == HelmSourceReason.chartPullFailed)
            #expect(env.ready(image)?["message"]?.stringValue?.contains(
                "not a Helm chart: config media type is 'application/vnd.oci.image.config.v1+json'") == true)
            #expect(await env.get(Self.helmChart, "image")?[path: "status", "artifact"] == nil)

            // Nothing listens on port 1 of loopback.
            try await env.ociRepository("gone", url: "oci://127.0.0.1:1/charts")
            try await env.chart("unreachable", chart: "app", version: "*", repository: "gone")
            let unreachable = await env.wait(Self.helmChart, "unreachable", what: "ChartPullFailed") { $0["status"] == "False" }
            #expect(env.ready(unreachable)?["reason"]?.stringValue == HelmSourceReason.chartPullFailed)
            #expect(env.ready(unreachable)?["message"]?.stringValue?.contains("127.0.0.1:1") == true)
            #expect(env.ready(unreachable)?["message"]?.stringValue?.contains("connection refused") == true)
        }
    }
}
