import ControllerRuntime
import FerryAPI
import Foundation
import Helm

/// How a HelmChart's chart is made, as Flux's remote and local chart builders make it.
///
/// First the **target** — which chart name and version the spec resolves to now — so an
/// unchanged chart is neither downloaded nor packaged again; then the **build**: download (and
/// keep the archive as is) or package (values files merged into values.yaml, the version given
/// its build metadata, deterministic bytes).
struct HelmChartBuild {
    let reconciler: HelmChartReconciler

    /// The chart the spec resolves to.
    struct Target: Sendable {
        enum Origin: Sendable {
            /// An index entry to download from `url` with the repository's credentials.
            case remote(url: String, repository: HelmRepository)
            /// A chart loaded from the Git artifact extracted under `root`, at `chartPath` (relative
            /// to `root`); declared dependencies missing from its `charts/` are built with it.
            case local(Chart, root: String, chartPath: String)
        }
        var name: String
        /// With build metadata (`6.0.3+1`, `6.0.3+4e5cbb7b97d0`): the artifact's revision.
        var version: String
        var origin: Origin
    }

    func target(for s: inout HelmChartRun, source: HelmChartSource) async throws(SourceError) -> Target {
        switch source {
        case .helmRepository(let repository, let index):
            return try remoteTarget(s, repository: repository, index: index)
        case .gitRepository(_, let artifact):
            return try localTarget(&s, artifact: artifact)
        }
    }

    /// The version the range picks from the stored index; with values files, the object's
    /// generation as build metadata (so a consumer sees the values change).
    private func remoteTarget(_ s: HelmChartRun, repository: HelmRepository, index artifact: Artifact) throws(SourceError) -> Target {
        let bytes: [UInt8]
        do { bytes = try readStored(artifact) } catch {
            throw SourceError(.transient, SourceCondition.fetchFailed, reason: SourceReason.storageOperationFailed,
                              message: "failed to read Helm repository index: \(error)")
        }
        let entry: IndexChartVersion
        do throws(HelmError) {
            let index = try RepositoryIndex.load(bytes, maximumSize: max(bytes.count, RepositoryIndex.defaultMaximumSize))
            entry = try index.chartVersion(s.spec.chart, version: s.spec.version ?? "*")
        } catch {
            throw invalidReference("failed to get chart version for remote reference: \(error.message)")
        }
        let url: String
        do { url = try entry.downloadURL(repositoryURL: repository.spec.url) } catch {
            throw invalidReference("failed to get chart version for remote reference: \(error.message)")
        }
        var version = entry.version
        if !s.spec.allValuesFiles.isEmpty {
            do { version = try ChartPackage.version(version, buildMetadata: String(s.generation ?? 0)) } catch {
                throw packageFailed("\(error.message)")
            }
        }
        return Target(name: entry.name, version: version, origin: .remote(url: url, repository: repository))
    }

    /// The chart at `spec.chart` in the Git artifact, loaded; with `reconcileStrategy: Revision`
    /// the source revision's first 12 hash characters as build metadata, and with values files
    /// the generation after them (`0.3.0+4e5cbb7b97d0.2`).
    private func localTarget(_ s: inout HelmChartRun, artifact: Artifact) throws(SourceError) -> Target {
        let work = reconciler.workDirectory + "/helmchart-\(s.namespace)-\(s.name)-" + UUID().uuidString.prefix(8).lowercased()
        s.workDir = work
        let root = work + "/source"
        do {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let mapping = IncludeMapping(GitRepositoryInclude(repository: LocalObjectReference(name: "source")))
            try reconciler.storage.copy(artifact: artifact, mapping: mapping, into: work)
        } catch {
            throw SourceError(.transient, SourceCondition.storageOperationFailed, reason: SourceReason.storageOperationFailed,
                              message: "failed to extract artifact '\(artifact.path)': \(error)")
        }
        let relative = IncludeMapping.clean(s.spec.chart).joined(separator: "/")
        let path = relative.isEmpty ? root : root + "/" + relative
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SourceError(.transient, SourceCondition.fetchFailed, reason: SourceReason.illegalPath,
                              message: "path '\(s.spec.chart)' does not exist")
        }
        let chart: Chart
        do throws(HelmError) {
            chart = try ChartLoader.load(path: path)
            // Missing dependencies are fetched only when the chart is built (not to learn its version).
            if DependencyBuild.missing(chart).isEmpty { try Dependencies.check(chart) }
        } catch {
            throw packageFailed("failed to load chart from '\(s.spec.chart)': \(error.message)")
        }
        // Build metadata as Flux's: the revision's hash for the Revision strategy, then the
        // generation when values files are merged (so a values change is a new version).
        var metadata: [String] = []
        if s.settings?.strategy == HelmChart.strategyRevision { metadata.append(ChartPackage.buildMetadata(fromRevision: artifact.revision)) }
        if !s.spec.allValuesFiles.isEmpty { metadata.append(String(s.generation ?? 0)) }
        var version = chart.metadata.version
        if !metadata.isEmpty {
            do { version = try ChartPackage.version(version, buildMetadata: metadata.joined(separator: ".")) } catch {
                throw packageFailed("\(error.message)")
            }
        }
        return Target(name: chart.metadata.name, version: version, origin: .local(chart, root: root, chartPath: relative))
    }

    /// Downloads or packages the target.
    func build(_ target: Target, run s: inout HelmChartRun, source: HelmChartSource) async throws(SourceError) -> BuiltChart {
        switch target.origin {
        case .remote(let url, let repository):
            let options = try await HelmRepositoryCredentials.options(spec: repository.spec, namespace: s.namespace,
                                                                      timeout: (try? HelmRepositorySettings(spec: repository.spec))?.timeout ?? .seconds(60),
                                                                      secrets: reconciler.secrets)
            let bytes: [UInt8]
            do { bytes = try await reconciler.getter.get(url, options: options) } catch {
                throw SourceError(.transient, SourceCondition.fetchFailed, reason: HelmSourceReason.chartPullFailed,
                                  message: "chart pull error: failed to download chart for remote reference: \(error)")
            }
            let chart: Chart
            do { chart = try ChartLoader.load(archive: bytes) } catch {
                throw SourceError(.transient, SourceCondition.fetchFailed, reason: HelmSourceReason.chartPullFailed,
                                  message: "chart pull error: failed to load downloaded chart from '\(url)': \(error.message)")
            }
            let references = s.spec.allValuesFiles
            guard !references.isEmpty else {
                return BuiltChart(archive: bytes, name: target.name, version: target.version, packaged: false, valuesFiles: [])
            }
            let files = Dictionary(chart.raw.map { ($0.name, $0.data) }, uniquingKeysWith: { first, _ in first })
            let merged = try merge(references, s) { path in files[path].map { .file($0) } ?? .missing }
            return try package(chart, version: target.version, merged: merged)
        case .local(let chart, let root, let chartPath):
            try await addMissingDependencies(to: chart, chartPath: chartPath, root: root, namespace: s.namespace)
            let references = s.spec.allValuesFiles
            var merged: ValuesFilesMerge.Result?
            if !references.isEmpty {
                merged = try merge(references, s) { path in Self.readValuesFile(root: root, reference: path) }
            }
            return try package(chart, version: target.version, merged: merged)
        }
    }

    func merge(_ references: [String], _ s: HelmChartRun,
                       read: (String) -> ValuesFilesMerge.Contents) throws(SourceError) -> ValuesFilesMerge.Result {
        do {
            return try ValuesFilesMerge.merge(references, ignoreMissing: s.spec.ignoreMissingValuesFiles ?? false) { (path) throws(HelmError) in
                read(path)
            }
        } catch {
            throw packageFailed("values files merge error: \(error.message)")
        }
    }

    func package(_ chart: Chart, version: String, merged: ValuesFilesMerge.Result?) throws(SourceError) -> BuiltChart {
        do {
            let package = try ChartPackage.package(chart, options: ChartPackage.Options(version: version, values: merged?.values))
            return BuiltChart(archive: package.archive, name: package.name, version: package.version, packaged: true,
                              valuesFiles: merged?.files ?? [])
        } catch {
            throw packageFailed("chart package error: \(error.message)")
        }
    }

    /// A values file of a Git source, by its path relative to the source's root: cleaned so
    /// it cannot climb out, and only a regular file.
    static func readValuesFile(root: String, reference: String) -> ValuesFilesMerge.Contents {
        let path = root + "/" + IncludeMapping.clean(reference).joined(separator: "/")
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        guard info.st_mode & S_IFMT == S_IFREG, info.st_size <= ChartLoader.maximumFileSize,
              let data = FileManager.default.contents(atPath: path) else { return .notRegularFile }
        return .file([UInt8](data))
    }

    private func readStored(_ artifact: Artifact) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: reconciler.storage.localPath(artifact.path)) else {
            throw StorageError(message: "artifact '\(artifact.path)' is not in storage")
        }
        return [UInt8](data)
    }

    private func invalidReference(_ message: String) -> SourceError {
        SourceError(.stalled, SourceCondition.fetchFailed, reason: HelmSourceReason.invalidChartReference,
                    message: "invalid chart reference: \(message)")
    }

    func packageFailed(_ message: String) -> SourceError {
        SourceError(.transient, SourceCondition.buildFailed, reason: HelmSourceReason.chartPackageFailed, message: message)
    }
}
