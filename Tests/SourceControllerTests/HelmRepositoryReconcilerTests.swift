import ControllerRuntime
import FerryAPI
import FerryTesting
import Foundation
import Helm
import Manifests
import Testing
@testable import SourceController

/// HelmRepository reconciles against a real chart repository (nginx on loopback serving
/// `index.yaml` and `.tgz` files), storage in a scratch directory, Secrets in memory.
@Suite struct HelmRepositoryReconcilerTests {
    let root: String
    let storage: ArtifactStorage

    init() throws {
        root = NSTemporaryDirectory() + "helmrepo-tests-" + UUID().uuidString
        storage = ArtifactStorage(root: root + "/storage", advertisedAddress: "localhost:9090")
    }

    func reconcile(_ spec: HelmRepositorySpec, status: HelmRepositoryStatus? = nil, secrets: [String: [String: String]] = [:],
                   maxIndexSize: Int = HelmRepositoryReconciler.defaultMaxIndexSize) async throws -> (HelmRepositoryStatus, ReconcileReport) {
        let reconciler = HelmRepositoryReconciler(storage: storage, secrets: InMemorySecrets(secrets), maxIndexSize: maxIndexSize)
        var object = HelmRepository(metadata: ObjectMetadata(name: "charts", namespace: "default", generation: 1), spec: spec, status: status).json
        object["apiVersion"] = .string(HelmRepository.apiVersion)
        object["kind"] = .string(HelmRepository.kind)
        let report = try await reconciler.report(for: object)
        let written = try report.status.map { try HelmRepositoryStatus(json: $0) } ?? (status ?? HelmRepositoryStatus())
        return (written, report)
    }

    @Test func storesTheIndexThenShortCircuitsThenFollowsANewVersion() async throws {
        var repo = try await ChartRepoFixture(prefix: "index")
        try repo.publish(chart: "podinfo", version: "6.0.0")
        let spec = HelmRepositorySpec(url: repo.url(), interval: "10m")
        let (first, report) = try await reconcile(spec)
        let served = [UInt8](try Data(contentsOf: URL(fileURLWithPath: repo.directory + "/index.yaml")))
        let revision = RepositoryIndex.revision(of: served)
        let artifact = try #require(first.artifact)
        #expect(artifact.revision == revision)
        #expect(artifact.digest == revision)
        #expect(artifact.path == "helmrepository/default/charts/index-\(revision.dropFirst(7)).yaml")
        #expect(artifact.size == Int64(served.count))
        #expect(first.url == "http://localhost:9090/helmrepository/default/charts/index.yaml")
        // The stored file is the index as served, and index.yaml points at it.
        #expect(FileManager.default.contents(atPath: storage.localPath(artifact.path)) == Data(served))
        #expect(FileManager.default.contents(atPath: storage.localPath("helmrepository/default/charts/index.yaml")) == Data(served))
        #expect(first.condition("Ready")?.status == "True")
        #expect(first.condition("Ready")?.message == "stored artifact for revision '\(revision)'")
        #expect(first.condition("ArtifactInStorage")?.status == "True")
        #expect(report.events.map(\.reason) == ["NewArtifact"])
        #expect(report.events.first?.message.hasPrefix("fetched index of size ") == true)
        #expect(report.events.first?.message.hasSuffix("B from '\(repo.url())'") == true)
        guard case .success(let result) = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(result.requeueAfter == .seconds(600))

        // Unchanged index: nothing new, no events.
        let (second, again) = try await reconcile(spec, status: first)
        #expect(second.artifact == artifact)
        #expect(again.events.isEmpty)

        // A new chart version is a new index revision; the old index file is kept by retention.
        try repo.publish(chart: "podinfo", version: "6.1.0")
        let (third, _) = try await reconcile(spec, status: second)
        #expect(third.artifact?.revision != revision)
        #expect(storage.exists(artifact.path))
        #expect(third.condition("ArtifactOutdated") == nil)
        let index = try RepositoryIndex.load([UInt8](try #require(FileManager.default.contents(atPath: storage.localPath(third.artifact?.path ?? "")))))
        #expect(index.entries["podinfo"]?.map(\.version) == ["6.1.0", "6.0.0"])
    }

    @Test func basicAuthComesFromTheSecretRef() async throws {
        var repo = try await ChartRepoFixture(prefix: "auth")
        try repo.publish(chart: "app", version: "1.0.0")
        let spec = HelmRepositorySpec(url: repo.url("CHARTS_AUTH_URL"), secretRef: LocalObjectReference(name: "creds"))
        // The Secret is missing: AuthenticationFailed, naming it.
        let (missing, failed) = try await reconcile(spec)
        #expect(missing.condition("FetchFailed")?.reason == SourceReason.authenticationFailed)
        #expect(missing.condition("FetchFailed")?.message.contains("failed to get secret 'default/creds'") == true)
        #expect(failed.error != nil)
        // Wrong password: the server's 401, without the password anywhere.
        let wrong = ["default/creds": ["username": (repo.server.values["BASIC_USER"] ?? ""), "password": "not-the-password-xyz"]]
        let (refused, _) = try await reconcile(spec, secrets: wrong)
        let message = try #require(refused.condition("FetchFailed")?.message)
        #expect(message.contains("failed to fetch Helm repository index: failed to fetch \(repo.url("CHARTS_AUTH_URL"))/index.yaml : 401"))
        #expect(!message.contains("not-the-password-xyz"))
        #expect(refused.condition("Ready")?.status == "False")
        // Right password.
        let right = ["default/creds": ["username": (repo.server.values["BASIC_USER"] ?? ""), "password": (repo.server.values["BASIC_PASSWORD"] ?? "")]]
        let (stored, _) = try await reconcile(spec, secrets: right)
        #expect(stored.condition("Ready")?.status == "True")
        #expect(stored.condition("FetchFailed") == nil)
    }

    @Test func privateCAAndClientCertificatesComeFromTheCertSecretRef() async throws {
        var repo = try await ChartRepoFixture(prefix: "tls")
        try repo.publish(chart: "app", version: "1.0.0")
        let ca = try String(contentsOfFile: (repo.server.values["CA_FILE"] ?? ""), encoding: .utf8)
        let cert = try String(contentsOfFile: (repo.server.values["CLIENT_CERT"] ?? ""), encoding: .utf8)
        let key = try String(contentsOfFile: (repo.server.values["CLIENT_KEY"] ?? ""), encoding: .utf8)
        // Without the CA the server's certificate is not trusted.
        let (untrusted, _) = try await reconcile(HelmRepositorySpec(url: repo.url("CHARTS_HTTPS_URL")))
        #expect(untrusted.condition("FetchFailed")?.reason == ConditionReason.failed)
        let withCA = HelmRepositorySpec(url: repo.url("CHARTS_HTTPS_URL"), certSecretRef: LocalObjectReference(name: "tls"))
        let (trusted, _) = try await reconcile(withCA, secrets: ["default/tls": ["ca.crt": ca]])
        #expect(trusted.condition("Ready")?.status == "True")
        // mTLS: the CA alone is refused by the server (403); with tls.crt/tls.key it is served.
        let mtls = HelmRepositorySpec(url: repo.url("CHARTS_MTLS_URL"), certSecretRef: LocalObjectReference(name: "tls"))
        let (refused, _) = try await reconcile(mtls, secrets: ["default/tls": ["ca.crt": ca]])
        #expect(refused.condition("FetchFailed")?.message.contains(": 403") == true)
        let (served, _) = try await reconcile(mtls, secrets: ["default/tls": ["ca.crt": ca, "tls.crt": cert, "tls.key": key]])
        #expect(served.condition("Ready")?.status == "True")
        // Half a key pair is refused before any request.
        let (half, _) = try await reconcile(mtls, secrets: ["default/tls": ["ca.crt": ca, "tls.crt": cert]])
        #expect(half.condition("FetchFailed")?.reason == SourceReason.authenticationFailed)
        #expect(half.condition("FetchFailed")?.message.contains("'tls.crt' and 'tls.key'") == true)
    }

    @Test func aBrokenIndexKeepsTheLastGoodArtifact() async throws {
        var repo = try await ChartRepoFixture(prefix: "broken")
        try repo.publish(chart: "app", version: "1.0.0")
        let spec = HelmRepositorySpec(url: repo.url())
        let (good, _) = try await reconcile(spec)
        let artifact = try #require(good.artifact)
        try repo.overwriteIndex("entries: [this is: not an index\n")
        let (broken, report) = try await reconcile(spec, status: good)
        #expect(broken.condition("FetchFailed")?.reason == HelmSourceReason.indexationFailed)
        #expect(broken.condition("FetchFailed")?.message.hasPrefix("failed to load Helm repository from index YAML: ") == true)
        #expect(broken.condition("Ready")?.status == "False")
        #expect(broken.artifact == artifact)
        #expect(storage.exists(artifact.path))
        #expect(report.error?.kind == .transient)
        // An index without apiVersion is Helm's "no API version specified".
        try repo.overwriteIndex("entries: {}\n")
        let (noVersion, _) = try await reconcile(spec, status: good)
        #expect(noVersion.condition("FetchFailed")?.message.hasSuffix("no API version specified") == true)
    }

    @Test func unreachableOversizedAndUnsupportedRepositoriesSayWhy() async throws {
        var repo = try await ChartRepoFixture(prefix: "limits")
        try repo.publish(chart: "app", version: "1.0.0")
        // Nothing listens on port 9 of loopback.
        let (unreachable, _) = try await reconcile(HelmRepositorySpec(url: "http://127.0.0.1:9/charts", timeout: "5s"))
        #expect(unreachable.condition("FetchFailed")?.message.hasPrefix("failed to fetch Helm repository index: failed to fetch http://127.0.0.1:9/charts/index.yaml : ") == true)
        // An index larger than the cap is refused, not read whole.
        let (tooLarge, _) = try await reconcile(HelmRepositorySpec(url: repo.url()), maxIndexSize: 64)
        #expect(tooLarge.condition("FetchFailed")?.message.contains("size exceeds the limit of 64 bytes") == true)
        // An OCI repository whose path is no registry path, an http URL of type oci: stalled, naming the cause.
        let (oci, ociReport) = try await reconcile(HelmRepositorySpec(url: "oci://127.0.0.1:5000/Charts", type: "oci"))
        #expect(oci.condition("Stalled")?.status == "True")
        #expect(oci.condition("Ready")?.reason == SourceReason.urlInvalid)
        #expect(oci.condition("Ready")?.message.hasPrefix("invalid OCI Helm repository URL 'oci://127.0.0.1:5000/Charts': repository 'Charts/chart'") == true)
        #expect(ociReport.error?.kind == .stalled)
        let (httpOCI, _) = try await reconcile(HelmRepositorySpec(url: "https://127.0.0.1:5000/charts", type: "oci"))
        #expect(httpOCI.condition("Ready")?.message == "invalid OCI Helm repository URL 'https://127.0.0.1:5000/charts': scheme must be oci")
        // A cloud provider's login Ferry does not have: refused, not silently anonymous.
        let (aws, _) = try await reconcile(HelmRepositorySpec(url: "oci://127.0.0.1:5000/charts", type: "oci", provider: "aws"))
        #expect(aws.condition("Stalled")?.status == "True")
        #expect(aws.condition("Ready")?.message == "spec.provider 'aws' is not supported by Ferry yet: registry logins of cloud providers are not implemented")
        let (ftp, _) = try await reconcile(HelmRepositorySpec(url: "ftp://127.0.0.1/charts"))
        #expect(ftp.condition("FetchFailed")?.reason == SourceReason.urlInvalid)
        #expect(ftp.condition("Stalled")?.status == "True")
    }
}
