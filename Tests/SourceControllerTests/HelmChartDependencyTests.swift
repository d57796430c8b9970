import Archive
import ControllerRuntime
import FerryAPI
import FerryTesting
import Foundation
import GoTemplate
import Helm
import Manifests
import Testing
@testable import SourceController

/// Charts from Git whose `charts/` lacks the dependencies Chart.yaml declares: built before
/// packaging as Flux's DependencyManager builds them — from a real chart repository (nginx on
/// loopback), with a HelmRepository's credentials when one in the namespace has that URL, or
/// from the same source through `file://`, never from outside it.
@Suite struct HelmChartDependencyTests {
    let root: String
    let storage: ArtifactStorage

    init() throws {
        root = NSTemporaryDirectory() + "helmchart-deps-" + UUID().uuidString
        storage = ArtifactStorage(root: root + "/storage", advertisedAddress: "localhost:9090")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// A GitRepository artifact in storage holding `charts/parent` (declaring `dependencies`,
    /// with no `charts/` directory) and whatever `extra` writes into the tree.
    func gitArtifact(dependencies: String, extra: (String) throws -> Void = { _ in }) throws -> Artifact {
        let tree = root + "/tree-" + UUID().uuidString
        try ChartRepoFixture.writeChart(at: tree + "/charts/parent", name: "parent", version: "0.1.0", message: "from-parent")
        let chartYAML = tree + "/charts/parent/Chart.yaml"
        let head = try String(contentsOfFile: chartYAML, encoding: .utf8)
        try (head + "dependencies:\n" + dependencies).write(toFile: chartYAML, atomically: true, encoding: .utf8)
        try extra(tree)
        let path = "gitrepository/default/repo/\(UUID().uuidString).tar.gz"
        let temporary = try storage.temporaryPath(for: path)
        let result = try Archiver.archive(directory: tree, to: temporary, matcher: SourceIgnore.matcher(sourceIgnorePatterns: [], specIgnore: nil),
                                          maxFileSize: Archiver.defaultMaxFileSize)
        try storage.commit(temporaryPath: temporary, to: path)
        return Artifact(path: path, url: storage.url(forPath: path), revision: "main@sha1:4e5cbb7b97d00a8039b8810b90b922f4256fd3bd",
                        digest: result.digest, lastUpdateTime: "2026-01-01T00:00:00Z", size: result.size)
    }

    func reconcile(_ artifact: Artifact, repositories: [String: HelmRepository] = [:],
                   secrets: [String: [String: String]] = [:]) async throws -> HelmChartStatus {
        let sources = InMemoryHelmSources(repositories: repositories, gitArtifacts: ["default/repo": artifact])
        let reconciler = HelmChartReconciler(storage: storage, secrets: InMemorySecrets(secrets), sources: sources,
                                             workDirectory: root, requeueDependency: .seconds(7))
        let spec = HelmChartSpec(chart: "charts/parent", sourceRef: HelmChartSourceReference(kind: "GitRepository", name: "repo"))
        var object = HelmChart(metadata: ObjectMetadata(name: "app", namespace: "default", generation: 1), spec: spec).json
        object["apiVersion"] = .string(HelmChart.apiVersion)
        object["kind"] = .string(HelmChart.kind)
        let report = try await reconciler.report(for: object)
        return try report.status.map { try HelmChartStatus(json: $0) } ?? HelmChartStatus()
    }

    /// The stored chart rendered as `helm template r`.
    func render(_ status: HelmChartStatus) throws -> (entries: [String], manifests: String) {
        let path = try #require(status.artifact).path
        let archive = [UInt8](try #require(FileManager.default.contents(atPath: storage.localPath(path))))
        var options = TemplateOptions()
        options.releaseName = "r"
        let output = try Helm.template(loaded: try ChartLoader.load(archive: archive), userValues: GoMap(), options: options)
        return (try TarReader.entries(Gunzip.decompress(archive)).map(\.path), output.manifests)
    }

    @Test func aDependencyFromAChartRepositoryIsFetchedAndPackagedIn() async throws {
        var repo = try await ChartRepoFixture(prefix: "deps")
        try repo.publish(chart: "common", version: "1.0.0", message: "old-common")
        try repo.publish(chart: "common", version: "1.4.0", message: "from-common")
        try repo.publish(chart: "common", version: "2.0.0", message: "too-new")
        let artifact = try gitArtifact(dependencies: "- name: common\n  version: ^1.0.0\n  repository: \(repo.url())\n")
        let status = try await reconcile(artifact)
        #expect(status.condition("Ready")?.message == "packaged 'parent' chart with version '0.1.0'", "\(String(describing: status.conditions))")
        let (entries, manifests) = try render(status)
        #expect(entries.contains("parent/charts/common/Chart.yaml"))
        #expect(manifests.contains("name: r-common") && manifests.contains("message: \"from-common\""), "\(manifests)")
        #expect(manifests.contains("message: \"from-parent\""))

        // No version in range: the build fails naming the dependency, and nothing is stored.
        let none = try gitArtifact(dependencies: "- name: common\n  version: ^3.0.0\n  repository: \(repo.url())\n")
        let failed = try await reconcile(none)
        #expect(failed.condition("BuildFailed")?.reason == HelmSourceReason.chartPackageFailed)
        #expect(failed.condition("BuildFailed")?.message == "dependency build error: failed to build dependencies: failed to add remote dependency 'common': failed to get chart 'common' version '^3.0.0' from '\(repo.url())': no 'common' chart with version matching '^3.0.0' found")
        #expect(failed.artifact == nil)
    }

    @Test func aPrivateRepositoryIsReadWithTheCredentialsOfTheHelmRepositoryWithItsURL() async throws {
        var repo = try await ChartRepoFixture(prefix: "deps-auth")
        try repo.publish(chart: "common", version: "1.0.0", message: "private-common")
        let url = repo.url("CHARTS_AUTH_URL")
        let artifact = try gitArtifact(dependencies: "- name: common\n  version: 1.x\n  repository: \(url)\n")
        let creds = ["username": repo.server.values["BASIC_USER"] ?? "", "password": repo.server.values["BASIC_PASSWORD"] ?? ""]
        func helmRepository(_ namespace: String, url: String) -> HelmRepository {
            HelmRepository(metadata: ObjectMetadata(name: "private", namespace: namespace),
                           spec: HelmRepositorySpec(url: url, secretRef: LocalObjectReference(name: "creds")))
        }

        // No HelmRepository with that URL: anonymous, and the server says no.
        let anonymous = try await reconcile(artifact)
        let message = try #require(anonymous.condition("BuildFailed")?.message)
        #expect(message.hasPrefix("dependency build error: failed to build dependencies: failed to add remote dependency 'common': "))
        #expect(message.contains("\(url)/index.yaml : 401"), "\(message)")

        // Another namespace's HelmRepository lends nothing.
        let elsewhere = try await reconcile(artifact, repositories: ["other/private": helmRepository("other", url: url)],
                                            secrets: ["other/creds": creds])
        #expect(elsewhere.condition("BuildFailed")?.message.contains(": 401") == true)

        // The namespace's HelmRepository (its URL written with a trailing slash) lends its Secret.
        let lent = try await reconcile(artifact, repositories: ["default/private": helmRepository("default", url: url + "/")],
                                       secrets: ["default/creds": creds])
        #expect(lent.condition("Ready")?.status == "True", "\(String(describing: lent.conditions))")
        #expect(try render(lent).manifests.contains("message: \"private-common\""))

        // Its Secret missing: the failure names the dependency and the HelmRepository.
        let broken = try await reconcile(artifact, repositories: ["default/private": helmRepository("default", url: url)])
        #expect(broken.condition("BuildFailed")?.message.hasPrefix(
            "dependency build error: failed to build dependencies: failed to add remote dependency 'common': HelmRepository 'private': failed to get secret 'default/creds'") == true,
                "\(String(describing: broken.conditions))")
    }

    @Test func aFileDependencyComesFromTheSameSource() async throws {
        let artifact = try gitArtifact(dependencies: "- name: common\n  version: 2.x\n  repository: file://../common\n") { tree in
            try ChartRepoFixture.writeChart(at: tree + "/charts/common", name: "common", version: "2.1.0", message: "local-common")
        }
        let status = try await reconcile(artifact)
        #expect(status.condition("Ready")?.status == "True", "\(String(describing: status.conditions))")
        let (entries, manifests) = try render(status)
        #expect(entries.contains("parent/charts/common/templates/configmap.yaml"))
        #expect(manifests.contains("message: \"local-common\""))

        // The constraint is checked against the local chart too.
        let old = try gitArtifact(dependencies: "- name: common\n  version: ^3\n  repository: file://../common\n") { tree in
            try ChartRepoFixture.writeChart(at: tree + "/charts/common", name: "common", version: "2.1.0")
        }
        #expect(try await reconcile(old).condition("BuildFailed")?.message == "dependency build error: failed to build dependencies: failed to add local dependency 'common': can't get a valid version for constraint '^3'")
    }

    @Test func aFileDependencyCannotLeaveTheSource() async throws {
        // A real chart outside the source, which the escaping path names.
        let outside = NSTemporaryDirectory() + "helm-outside-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try ChartRepoFixture.writeChart(at: outside + "/etc", name: "etc", version: "1.0.0", message: "stolen")
        let climbs = String(repeating: "../", count: 12) + String(outside.drop { $0 == "/" }) + "/etc"
        for reference in ["file://../../../etc", "file://" + climbs] {
            let artifact = try gitArtifact(dependencies: "- name: etc\n  version: '*'\n  repository: \(reference)\n")
            let status = try await reconcile(artifact)
            let failure = try #require(status.condition("BuildFailed"), "\(reference): \(String(describing: status.conditions))")
            #expect(failure.reason == HelmSourceReason.chartPackageFailed)
            #expect(failure.message.hasPrefix("dependency build error: failed to build dependencies: failed to add local dependency 'etc': no chart found at '/"),
                    "\(failure.message)")
            #expect(failure.message.hasSuffix("' (reference '\(reference)')"))
            #expect(status.artifact == nil)
        }

        // A link inside the source pointing out of it is refused as well.
        let base = root + "/linked-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base + "/charts", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: base + "/charts/common", withDestinationPath: outside + "/etc")
        #expect(throws: HelmError.self) { try HelmChartBuild.localChart(root: base, path: "charts/common") }
        #expect(try HelmChartBuild.localChart(root: base, path: "charts/absent") == nil)
    }
}
