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

/// HelmChart reconciles: charts from a real chart repository (nginx on loopback) through a
/// HelmRepository's stored index, and charts from a GitRepository artifact in storage.
@Suite struct HelmChartReconcilerTests {
    let root: String
    let storage: ArtifactStorage

    init() throws {
        root = NSTemporaryDirectory() + "helmchart-tests-" + UUID().uuidString
        storage = ArtifactStorage(root: root + "/storage", advertisedAddress: "localhost:9090")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// A HelmRepository object with its index fetched into storage by the real reconciler.
    func repository(_ repo: ChartRepoFixture, base: String = "CHARTS_URL", secretRef: String? = nil,
                    secrets: [String: [String: String]] = [:]) async throws -> HelmRepository {
        var object = HelmRepository(metadata: ObjectMetadata(name: "charts", namespace: "default", generation: 1),
                                    spec: HelmRepositorySpec(url: repo.url(base), secretRef: secretRef.map { LocalObjectReference(name: $0) }))
        var json = object.json
        json["apiVersion"] = .string(HelmRepository.apiVersion)
        json["kind"] = .string(HelmRepository.kind)
        let report = try await HelmRepositoryReconciler(storage: storage, secrets: InMemorySecrets(secrets)).report(for: json)
        object.status = try report.status.map { try HelmRepositoryStatus(json: $0) }
        return object
    }

    func reconcile(_ spec: HelmChartSpec, status: HelmChartStatus? = nil, generation: Int = 1, sources: InMemoryHelmSources,
                   secrets: [String: [String: String]] = [:]) async throws -> (HelmChartStatus, ReconcileReport) {
        let reconciler = HelmChartReconciler(storage: storage, secrets: InMemorySecrets(secrets), sources: sources,
                                             workDirectory: root, requeueDependency: .seconds(7))
        var object = HelmChart(metadata: ObjectMetadata(name: "app", namespace: "default", generation: generation), spec: spec, status: status).json
        object["apiVersion"] = .string(HelmChart.apiVersion)
        object["kind"] = .string(HelmChart.kind)
        let report = try await reconciler.report(for: object)
        return (try report.status.map { try HelmChartStatus(json: $0) } ?? (status ?? HelmChartStatus()), report)
    }

    static let options: TemplateOptions = {
        var options = TemplateOptions()
        options.releaseName = "r"
        return options
    }()

    func stored(_ artifact: Artifact?) throws -> [UInt8] {
        let path = try #require(artifact).path
        return [UInt8](try #require(FileManager.default.contents(atPath: storage.localPath(path))))
    }

    @Test func pullsTheHighestVersionInRangeAsServedThenFollowsTheIndex() async throws {
        var repo = try await ChartRepoFixture(prefix: "pull")
        try repo.publish(chart: "podinfo", version: "6.0.0")
        let served = try repo.publish(chart: "podinfo", version: "6.1.0")
        try repo.publish(chart: "podinfo", version: "7.0.0-rc.1")
        var sources = InMemoryHelmSources(repositories: ["default/charts": try await repository(repo)])
        let spec = HelmChartSpec(chart: "podinfo", sourceRef: HelmChartSourceReference(kind: "HelmRepository", name: "charts"),
                                 interval: "5m", version: "6.x")
        let (first, report) = try await reconcile(spec, sources: sources)
        let artifact = try #require(first.artifact)
        #expect(artifact.revision == "6.1.0")
        #expect(artifact.path == "helmchart/default/app/podinfo-6.1.0.tgz")
        #expect(try stored(artifact) == served)   // pulled as is
        #expect(first.url == "http://localhost:9090/helmchart/default/app/latest.tar.gz")
        #expect(first.observedChartName == "podinfo")
        #expect(first.observedSourceArtifactRevision == sources.repositories["default/charts"]?.status?.artifact?.revision)
        #expect(first.condition("Ready")?.reason == HelmSourceReason.chartPullSucceeded)
        #expect(first.condition("Ready")?.message == "pulled 'podinfo' chart with version '6.1.0'")
        #expect(report.events.map(\.message) == ["pulled 'podinfo' chart with version '6.1.0'"])

        // Same index, same spec: nothing downloaded, no event.
        let (second, quiet) = try await reconcile(spec, status: first, sources: sources)
        #expect(second.artifact == artifact)
        #expect(quiet.events.isEmpty)
        #expect(second.condition("Ready")?.message == "pulled 'podinfo' chart with version '6.1.0'")

        // `*` never picks a prerelease; a new stable version in the index is pulled.
        try repo.publish(chart: "podinfo", version: "6.2.0")
        sources.repositories["default/charts"] = try await repository(repo)
        var star = spec
        star.version = "*"
        let (third, _) = try await reconcile(star, status: second, generation: 2, sources: sources)
        #expect(third.artifact?.revision == "6.2.0")
        #expect(storage.exists(artifact.path))   // kept by retention
    }

    @Test func valuesFilesArePackagedIntoTheChartWithTheGenerationAsBuildMetadata() async throws {
        var repo = try await ChartRepoFixture(prefix: "values")
        try repo.publish(chart: "app", version: "1.2.0")
        let sources = InMemoryHelmSources(repositories: ["default/charts": try await repository(repo)])
        var spec = HelmChartSpec(chart: "app", sourceRef: HelmChartSourceReference(kind: "HelmRepository", name: "charts"),
                                 valuesFiles: ["values.yaml", "prod-values.yaml", "absent.yaml"], ignoreMissingValuesFiles: true)
        let (status, _) = try await reconcile(spec, generation: 3, sources: sources)
        #expect(status.artifact?.revision == "1.2.0+3")
        #expect(status.artifact?.path == "helmchart/default/app/app-1.2.0+3.tgz")
        #expect(status.observedValuesFiles == ["values.yaml", "prod-values.yaml"])
        #expect(status.condition("Ready")?.message == "packaged 'app' chart with version '1.2.0+3'")
        let chart = try ChartLoader.load(archive: try stored(status.artifact))
        #expect(chart.metadata.version == "1.2.0+3")
        let output = try Helm.template(loaded: chart, userValues: GoMap(), options: Self.options)
        #expect(output.manifests.contains("message: \"from-prod\""))
        // A missing values file without ignoreMissingValuesFiles is Flux's error, and nothing is stored.
        spec.ignoreMissingValuesFiles = nil
        let (failed, _) = try await reconcile(spec, generation: 4, sources: sources)
        #expect(failed.condition("BuildFailed")?.reason == HelmSourceReason.chartPackageFailed)
        #expect(failed.condition("BuildFailed")?.message.contains("no values file found at path '/absent.yaml' (reference 'absent.yaml')") == true)
        #expect(failed.artifact == nil)
    }

    @Test func aVersionNotInTheIndexStallsAndKeepsTheLastChart() async throws {
        var repo = try await ChartRepoFixture(prefix: "missing")
        try repo.publish(chart: "app", version: "1.0.0")
        let sources = InMemoryHelmSources(repositories: ["default/charts": try await repository(repo)])
        var spec = HelmChartSpec(chart: "app", sourceRef: HelmChartSourceReference(kind: "HelmRepository", name: "charts"), version: "1.x")
        let (good, _) = try await reconcile(spec, sources: sources)
        spec.version = "9.*"
        let (stalled, report) = try await reconcile(spec, status: good, generation: 2, sources: sources)
        #expect(stalled.condition("Ready")?.reason == HelmSourceReason.invalidChartReference)
        #expect(stalled.condition("Ready")?.message == "invalid chart reference: failed to get chart version for remote reference: no 'app' chart with version matching '9.*' found")
        #expect(stalled.condition("Stalled")?.status == "True")
        #expect(report.error?.kind == .stalled)
        #expect(stalled.artifact == good.artifact)
        spec.chart = "nope"
        let (unknown, _) = try await reconcile(spec, status: good, generation: 3, sources: sources)
        #expect(unknown.condition("Ready")?.message == "invalid chart reference: failed to get chart version for remote reference: no chart name found")
    }

    @Test func aMissingSourceOrArtifactWaitsAndUnsupportedFieldsStall() async throws {
        let spec = HelmChartSpec(chart: "app", sourceRef: HelmChartSourceReference(kind: "HelmRepository", name: "charts"))
        let (missing, report) = try await reconcile(spec, sources: InMemoryHelmSources())
        #expect(missing.condition("FetchFailed")?.reason == HelmSourceReason.sourceUnavailable)
        #expect(missing.condition("FetchFailed")?.message == "failed to get source: helmrepositories \"charts\" not found")
        #expect(report.error?.kind == .waiting(after: .seconds(7)))
        let empty = HelmRepository(metadata: ObjectMetadata(name: "charts", namespace: "default"), spec: HelmRepositorySpec(url: "http://127.0.0.1:9/x"))
        let (noArtifact, waiting) = try await reconcile(spec, sources: InMemoryHelmSources(repositories: ["default/charts": empty]))
        #expect(waiting.error?.reason == HelmSourceReason.noSourceArtifact)
        #expect(waiting.error?.message == "no artifact available for HelmRepository source 'charts'")
        #expect(noArtifact.condition("FetchFailed") == nil)
        var bucket = spec
        bucket.sourceRef.kind = "Bucket"
        let (stalled, _) = try await reconcile(bucket, sources: InMemoryHelmSources())
        #expect(stalled.condition("Ready")?.message == "spec.sourceRef.kind 'Bucket' is not supported by Ferry yet: there is no Bucket source")
        var verified = spec
        verified.verify = try APIConversion.decode(HelmChartVerification.self, from: ["provider": "cosign"])
        let (refused, refusedReport) = try await reconcile(verified, sources: InMemoryHelmSources())
        #expect(refused.condition("Ready")?.message.hasPrefix("spec.verify is not supported by Ferry yet") == true)
        #expect(refusedReport.error?.kind == .stalled)
    }

    /// A GitRepository artifact holding `charts/app` (and a values file at the root), stored as
    /// the GitRepository reconciler stores one.
    func gitArtifact(revision: String, version: String, message: String) throws -> Artifact {
        let tree = root + "/tree-" + UUID().uuidString
        try ChartRepoFixture.writeChart(at: tree + "/charts/app", name: "app", version: version, message: message)
        try FileManager.default.createDirectory(atPath: tree + "/env", withIntermediateDirectories: true)
        try "message: from-git-root\n".write(toFile: tree + "/env/prod.yaml", atomically: true, encoding: .utf8)
        let path = "gitrepository/default/repo/\(UUID().uuidString).tar.gz"
        let temporary = try storage.temporaryPath(for: path)
        let result = try Archiver.archive(directory: tree, to: temporary, matcher: SourceIgnore.matcher(sourceIgnorePatterns: [], specIgnore: nil),
                                          maxFileSize: Archiver.defaultMaxFileSize)
        try storage.commit(temporaryPath: temporary, to: path)
        return Artifact(path: path, url: storage.url(forPath: path), revision: revision, digest: result.digest,
                        lastUpdateTime: "2026-01-01T00:00:00Z", size: result.size)
    }

    @Test func chartsFromGitArePackagedAndFollowTheStrategy() async throws {
        let commit = "4e5cbb7b97d00a8039b8810b90b922f4256fd3bd"
        var sources = InMemoryHelmSources(gitArtifacts: ["default/repo": try gitArtifact(revision: "main@sha1:\(commit)", version: "0.3.0", message: "one")])
        var spec = HelmChartSpec(chart: "./charts/app", sourceRef: HelmChartSourceReference(kind: "GitRepository", name: "repo"))
        let (first, _) = try await reconcile(spec, sources: sources)
        #expect(first.artifact?.revision == "0.3.0")
        #expect(first.condition("Ready")?.message == "packaged 'app' chart with version '0.3.0'")
        #expect(first.observedSourceArtifactRevision == "main@sha1:\(commit)")
        let entries = try TarReader.entries(Gunzip.decompress(try stored(first.artifact))).map(\.path)
        #expect(entries.contains("app/Chart.yaml") && entries.contains("app/templates/configmap.yaml"))

        // ChartVersion: a new commit with the same chart version keeps the artifact.
        let next = "0123456789abcdef0123456789abcdef01234567"
        sources.gitArtifacts["default/repo"] = try gitArtifact(revision: "main@sha1:\(next)", version: "0.3.0", message: "two")
        let (same, quiet) = try await reconcile(spec, status: first, sources: sources)
        #expect(same.artifact == first.artifact)
        #expect(same.observedSourceArtifactRevision == "main@sha1:\(next)")
        #expect(quiet.events.isEmpty)

        // Revision: the commit becomes build metadata, values files come from the source's root.
        spec.reconcileStrategy = "Revision"
        spec.valuesFiles = ["env/prod.yaml"]
        let (revision, _) = try await reconcile(spec, status: same, generation: 2, sources: sources)
        #expect(revision.artifact?.revision == "0.3.0+0123456789ab.2")
        #expect(revision.observedValuesFiles == ["env/prod.yaml"])
        let chart = try ChartLoader.load(archive: try stored(revision.artifact))
        #expect(chart.metadata.version == "0.3.0+0123456789ab.2")
        let output = try Helm.template(loaded: chart, userValues: GoMap(), options: Self.options)
        #expect(output.manifests.contains("message: \"from-git-root\""))

        // A path that is not in the artifact, or climbs out of it, is IllegalPath.
        spec.chart = "../../etc"
        let (illegal, _) = try await reconcile(spec, status: revision, generation: 3, sources: sources)
        #expect(illegal.condition("FetchFailed")?.reason == SourceReason.illegalPath)
        #expect(illegal.artifact == revision.artifact)
    }
}
