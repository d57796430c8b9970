import ControllerRuntime
import FerryAPI
import Foundation
import Helm
import OCI
import Sprig

/// Charts from an OCI HelmRepository, as Flux's OCI chart repository and Helm's registry client
/// pull them: the version picked from the registry's tags, the manifest checked to be a Helm
/// chart, the chart layer downloaded and verified against its digest.
extension HelmChartReconciler {
    /// **pullOCI** — for a chart whose source is a HelmRepository of `type: oci` (others: continues).
    ///
    /// - Lists the tags of `<url path>/<spec.chart>` (Helm's tags write `+` as `_`); the version is
    ///   a tag equal to `spec.version`, else the highest tag matching it as a semver range
    ///   (`*` when unset; prereleases only for a range that names one).
    /// - Stops **up to date** when the stored chart is that name and version and the spec did not
    ///   change: nothing is downloaded; FetchFailed/BuildFailed/ArtifactOutdated removed.
    /// - Fetches the manifest: its config must be `application/vnd.cncf.helm.config.v1+json` and
    ///   one layer `application/vnd.cncf.helm.chart.content.v1.tar+gzip`, which is downloaded
    ///   (within the chart size cap) and must match its digest and load as a chart.
    /// - With values files, merges them and packages the chart as version `+<generation>`.
    ///
    /// Failures (each FetchFailed=True, retried with backoff, the stored chart kept):
    /// AuthenticationFailed (Secret unreadable, registry refused the credentials or wants some),
    /// InvalidChartReference (no tags, no version matching, tag missing), ChartPullFailed
    /// (registry unreachable, not a Helm chart, digest mismatch, too large, unreadable chart).
    func pullOCI(_ s: inout HelmChartRun) async throws -> StepOutcome {
        guard let repository = s.ociRepository else { return .next }
        let oci: OCIHelmRepository
        do { oci = try await OCIHelmRepository.resolve(repository, secrets: secrets) } catch { throw s.fail(error) }
        let client = oci.client
        let name = oci.repository(of: s.spec.chart)
        let reference = oci.registry + "/" + name
        let version: String
        do throws(SourceError) {
            let tags: [String]
            do { tags = try await client.tags(repository: name) } catch {
                throw Self.ociFailure(error, "failed to get chart version for remote reference '\(reference)'")
            }
            version = try Self.ociVersion(tags: tags, wanted: s.spec.version ?? "", reference: reference)
        } catch {
            throw s.fail(error)
        }
        var targetVersion = version
        if !s.spec.allValuesFiles.isEmpty {
            do { targetVersion = try ChartPackage.version(version, buildMetadata: String(s.generation ?? 0)) } catch {
                throw s.fail(HelmChartBuild(reconciler: self).packageFailed("\(error.message)"))
            }
        }
        // A new spec.chart is a new generation, so the version alone says the stored chart is this one.
        if let current = s.status.artifact, current.revision == targetVersion, !s.specChanged {
            for type in [SourceCondition.fetchFailed, SourceCondition.buildFailed, SourceCondition.artifactOutdated] {
                s.conditions.remove(type)
            }
            let summary = BuiltChart.summary(packaged: s.requiresPackaging, name: s.status.observedChartName ?? s.spec.chart,
                                             version: targetVersion)
            s.mark(SourceCondition.artifactInStorage, .true, reason: summary.reason, message: summary.message)
            return .finished
        }
        let change = "new chart '\(s.spec.chart)' version '\(targetVersion)'"
        if s.status.artifact != nil {
            s.mark(SourceCondition.artifactOutdated, .true, reason: HelmSourceReason.newChart, message: change)
        }
        try await s.reportProgress("building artifact: \(change)")
        do throws(SourceError) {
            let tag = version.replacingOccurrences(of: "+", with: "_")
            let bytes = try await pullChart(client, repository: name, tag: tag, reference: reference)
            let chart: Chart
            do { chart = try ChartLoader.load(archive: bytes) } catch {
                throw SourceError(.transient, SourceCondition.fetchFailed, reason: HelmSourceReason.chartPullFailed,
                                  message: "chart pull error: failed to load chart pulled from '\(reference):\(tag)': \(error.message)")
            }
            let references = s.spec.allValuesFiles
            if references.isEmpty {
                s.built = BuiltChart(archive: bytes, name: chart.metadata.name, version: version, packaged: false, valuesFiles: [])
            } else {
                let build = HelmChartBuild(reconciler: self)
                let files = Dictionary(chart.raw.map { ($0.name, $0.data) }, uniquingKeysWith: { first, _ in first })
                let merged = try build.merge(references, s) { path in files[path].map { .file($0) } ?? .missing }
                s.built = try build.package(chart, version: targetVersion, merged: merged)
            }
        } catch {
            throw s.fail(error)
        }
        s.conditions.remove(SourceCondition.fetchFailed)
        s.conditions.remove(SourceCondition.buildFailed)
        return .next
    }

    /// The manifest at `tag`, checked to be a Helm chart, and the chart layer's bytes.
    private func pullChart(_ client: OCIClient, repository: String, tag: String,
                           reference: String) async throws(SourceError) -> [UInt8] {
        let prefix = "chart pull error: failed to download chart for remote reference '\(reference):\(tag)'"
        let pulled: OCIClient.PulledManifest
        do { pulled = try await client.manifest(repository: repository, reference: tag) } catch {
            throw Self.ociFailure(error, prefix)
        }
        func notAChart(_ why: String) -> SourceError {
            SourceError(.transient, SourceCondition.fetchFailed, reason: HelmSourceReason.chartPullFailed, message: "\(prefix): \(why)")
        }
        guard pulled.manifest.config.mediaType == OCIMediaType.helmConfig else {
            throw notAChart("not a Helm chart: config media type is '\(pulled.manifest.config.mediaType)', "
                            + "expected '\(OCIMediaType.helmConfig)'")
        }
        let layers = pulled.manifest.layers.filter { $0.mediaType == OCIMediaType.helmChartContent }
        guard layers.count == 1, let layer = layers.first else {
            throw notAChart("expected one layer of media type '\(OCIMediaType.helmChartContent)', found \(layers.count)")
        }
        do { return try await client.blob(repository: repository, descriptor: layer, maxSize: getter.maxSize) } catch {
            throw Self.ociFailure(error, prefix)
        }
    }

    /// A registry failure as the HelmChart's condition: refused credentials are
    /// AuthenticationFailed, a missing tag or repository InvalidChartReference, the rest ChartPullFailed.
    static func ociFailure(_ error: OCIError, _ prefix: String) -> SourceError {
        let reason = switch error.kind {
        case .unauthorized, .tls: SourceReason.authenticationFailed
        case .notFound: HelmSourceReason.invalidChartReference
        default: HelmSourceReason.chartPullFailed
        }
        return SourceError(.transient, SourceCondition.fetchFailed, reason: reason, message: "\(prefix): \(error.message)")
    }

    /// Flux's pick from a registry's tags (`_` read as `+`): an exact tag first, else the highest
    /// version matching `wanted` as a Masterminds range (`*` when empty). Tags that are not semver
    /// are ignored.
    static func ociVersion(tags: [String], wanted: String, reference: String) throws(SourceError) -> String {
        func invalid(_ why: String) -> SourceError {
            SourceError(.transient, SourceCondition.fetchFailed, reason: HelmSourceReason.invalidChartReference,
                        message: "invalid chart reference: failed to get chart version for remote reference '\(reference)': \(why)")
        }
        let versions = tags.map { $0.replacingOccurrences(of: "_", with: "+") }
        guard !versions.isEmpty else { throw invalid("no tags in the repository") }
        if !wanted.isEmpty, versions.contains(wanted) { return wanted }
        let constraint: SemverConstraints
        do { constraint = try SemverConstraints(wanted.isEmpty ? "*" : wanted) } catch {
            throw SourceError(.stalled, SourceCondition.fetchFailed, reason: HelmSourceReason.invalidChartReference,
                              message: "invalid chart reference: version '\(wanted)': \(error)")
        }
        var best: (text: String, version: SemverVersion)?
        for text in versions {
            guard let parsed = try? SemverVersion.parse(text), constraint.check(parsed) else { continue }
            if let current = best, parsed.compare(current.version) <= 0 { continue }
            best = (text, parsed)
        }
        guard let best else { throw invalid("no version matching '\(wanted.isEmpty ? "*" : wanted)' among \(versions.count) tags") }
        return best.text
    }
}
