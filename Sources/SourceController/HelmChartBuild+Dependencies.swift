import FerryAPI
import Foundation
import Helm

/// `helm dependency build` for a chart from Git, as Flux's `DependencyManager` runs it before
/// packaging: each dependency Chart.yaml (or Chart.lock) declares that `charts/` does not hold
/// is fetched and added to the loaded chart, so the package carries it under `charts/`.
///
/// - A `file://` (or empty) repository is a chart of the same source, found relative to the
///   chart's directory and never outside the extracted source.
/// - Any other repository is fetched over HTTP(S): `<url>/index.yaml`, then the chart's URL
///   from it. The credentials (and TLS settings) are those of the HelmRepository in the
///   HelmChart's namespace whose URL is that URL (compared as Flux normalises them, one
///   trailing slash); without one the repository is read anonymously.
///
/// Failures are BuildFailed=True/ChartPackageFailed with Flux's words, naming the dependency:
/// "dependency build error: failed to build dependencies: failed to add remote dependency
/// 'common': …".
extension HelmChartBuild {
    func addMissingDependencies(to chart: Chart, chartPath: String, root: String, namespace: String) async throws(SourceError) {
        let missing = DependencyBuild.missing(chart)
        guard !missing.isEmpty else { return }
        var options: [String: HelmGetter.Options] = [:]
        let remote = missing.filter { !$0.dependency.repository.isEmpty && !$0.dependency.repository.hasPrefix("file://") }
        if !remote.isEmpty {
            let repositories: [HelmRepository]
            do { repositories = try await reconciler.sources.helmRepositories(namespace: namespace) } catch {
                throw dependencyFailed("failed to list HelmRepositories in namespace '\(namespace)': \(error)")
            }
            for (name, dependency) in remote {
                guard let url = try? DependencyBuild.normalizeURL(dependency.repository), options[url] == nil else { continue }
                options[url] = try await credentials(for: url, dependency: name, among: repositories, namespace: namespace)
            }
        }
        let fetcher = Self.fetcher(root: root, options: options, charts: reconciler.getter)
        let resolved: [DependencyBuild.Resolved]
        do throws(HelmError) {
            resolved = try await DependencyBuild.build(chart, chartPath: chartPath, fetch: fetcher,
                                                       maximumIndexSize: HelmRepositoryReconciler.defaultMaxIndexSize)
        } catch {
            throw dependencyFailed(error.message)
        }
        for dependency in resolved {
            do throws(HelmError) {
                chart.addDependency(try ChartLoader.load(archive: dependency.archive))
            } catch {
                throw dependencyFailed("failed to load dependency '\(dependency.name)': \(error.message)")
            }
        }
        do throws(HelmError) { try Dependencies.check(chart) } catch {
            throw packageFailed("failed to load chart from '\(chartPath)': \(error.message)")
        }
    }

    /// The download options for a dependency's repository: those of the namespace's
    /// HelmRepository with that URL, or anonymous ones.
    private func credentials(for url: String, dependency: String, among repositories: [HelmRepository],
                             namespace: String) async throws(SourceError) -> HelmGetter.Options {
        guard let repository = repositories.first(where: { !$0.spec.isOCI && (try? DependencyBuild.normalizeURL($0.spec.url)) == url }) else {
            var anonymous = HelmGetter.Options()
            anonymous.credentialsHost = URL(string: url)?.host
            return anonymous
        }
        let timeout = (try? HelmRepositorySettings(spec: repository.spec))?.timeout ?? .seconds(60)
        do throws(SourceError) {
            return try await HelmRepositoryCredentials.options(spec: repository.spec, namespace: namespace, timeout: timeout,
                                                               secrets: reconciler.secrets)
        } catch {
            throw dependencyFailed("failed to add remote dependency '\(dependency)': HelmRepository '\(repository.metadata.name)': \(error.message)")
        }
    }

    /// How ``DependencyBuild`` reaches the source and the chart repositories.
    static func fetcher(root: String, options: [String: HelmGetter.Options], charts: HelmGetter) -> DependencyBuild.Fetcher {
        let indexes = HelmGetter(maxSize: HelmRepositoryReconciler.defaultMaxIndexSize)
        return DependencyBuild.Fetcher(
            index: { url in
                guard let options = options[url] else {
                    throw HelmError("repository '\(url)' is not an HTTP(S) chart repository URL")
                }
                return try await indexes.get(url + "index.yaml", options: options)
            },
            chart: { url in
                // The chart URL of an index entry may sit on another host: credentials follow
                // only per `passCredentials`, as for the repository's own charts.
                let options = options.first { url.hasPrefix($0.key) }?.value ?? HelmGetter.Options()
                return try await charts.get(url, options: options)
            },
            local: { path in try localChart(root: root, path: path) })
    }

    /// The chart at `path` inside the extracted source, a directory or an archive; nil when
    /// nothing is there. A path that resolves (through links) outside `root` is refused.
    static func localChart(root: String, path: String) throws -> Chart? {
        let full = path.isEmpty ? root : root + "/" + path
        guard let base = realPath(root) else { throw HelmError("the source directory is gone") }
        guard let resolved = realPath(full) else { return nil }
        guard resolved == base || resolved.hasPrefix(base + "/") else {
            throw HelmError("path '/\(path)' leads outside the source")
        }
        return try ChartLoader.load(path: resolved)
    }

    private static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    private func dependencyFailed(_ message: String) -> SourceError {
        packageFailed("dependency build error: failed to build dependencies: \(message)")
    }
}
