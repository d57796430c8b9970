import GoTemplate
import Sprig

/// The two ways Flux's `DependencyManager` adds a dependency: from the source itself
/// (`addLocalDependency`) or from a chart repository (`addRemoteDependency`).
extension DependencyBuild {
    static func local(_ dependency: ChartDependency, name: String, chartPath: String,
                      fetch: Fetcher) async throws(HelmError) -> Resolved {
        let parts = try RepositoryURL.parse(dependency.repository)
        if !parts.scheme.isEmpty && parts.scheme != "file" {
            throw HelmError("'\(dependency.repository)' is not a local chart reference")
        }
        let path = confined(chartPath + "/" + (parts.authority ?? "") + "/" + parts.path)
        let shown = "/" + path
        let found: Chart?
        do {
            found = try await fetch.local(path)
        } catch let error as HelmError {
            throw HelmError("failed to load chart from '\(shown)' (reference '\(dependency.repository)'): \(error.message)")
        } catch {
            throw HelmError("failed to load chart from '\(shown)' (reference '\(dependency.repository)'): \(error)")
        }
        guard let chart = found else {
            throw HelmError("no chart found at '\(shown)' (reference '\(dependency.repository)')")
        }
        let constraint: SemverConstraints
        do throws(GoFunctionError) {
            constraint = try SemverConstraints(dependency.version)
        } catch {
            throw HelmError("invalid version/constraint format '\(dependency.version)': \(error.message)")
        }
        let version: SemverVersion
        do throws(GoFunctionError) {
            version = try SemverVersion.parse(chart.metadata.version)
        } catch {
            throw HelmError(error.message)
        }
        guard constraint.check(version) else {
            throw HelmError("can't get a valid version for constraint '\(dependency.version)'")
        }
        let package = try ChartPackage.package(chart)
        return Resolved(name: name, chartName: package.name, version: package.version,
                        repository: dependency.repository, archive: package.archive)
    }

    static func remote(_ dependency: ChartDependency, name: String, fetch: Fetcher, maximumIndexSize: Int,
                       indexes: inout [String: RepositoryIndex]) async throws(HelmError) -> Resolved {
        let url = try normalizeURL(dependency.repository)
        if url.hasPrefix("oci://") {
            throw HelmError("'\(dependency.repository)' is an OCI repository, which dependency builds do not support yet")
        }
        let context = "failed to get chart '\(dependency.name)' version '\(dependency.version)' from '\(dependency.repository)'"
        let index: RepositoryIndex
        if let cached = indexes[url] {
            index = cached
        } else {
            let bytes: [UInt8]
            do {
                bytes = try await fetch.index(url)
            } catch {
                throw HelmError("\(context): failed to load index: \(describe(error))")
            }
            do throws(HelmError) {
                index = try RepositoryIndex.load(bytes, maximumSize: maximumIndexSize)
            } catch {
                throw error.wrapped("\(context): failed to load index")
            }
            indexes[url] = index
        }
        let entry: IndexChartVersion
        do throws(HelmError) {
            entry = try index.chartVersion(dependency.name, version: dependency.version)
        } catch {
            throw error.wrapped(context)
        }
        let archive: [UInt8]
        do {
            archive = try await fetch.chart(try entry.downloadURL(repositoryURL: url))
        } catch {
            throw HelmError("chart download of version '\(entry.version)' failed: \(describe(error))")
        }
        let chart: Chart
        do throws(HelmError) {
            chart = try ChartLoader.load(archive: archive)
        } catch {
            throw error.wrapped("failed to load downloaded archive of version '\(entry.version)'")
        }
        return Resolved(name: name, chartName: chart.name, version: chart.metadata.version,
                        repository: dependency.repository, archive: archive)
    }

    /// Flux's `repository.NormalizeURL`: an HTTP(S) repository URL with exactly one trailing
    /// slash, an OCI one with none; a named repository (`@name`, `alias:name`) as written.
    public static func normalizeURL(_ repository: String) throws(HelmError) -> String {
        if repository.isEmpty || repository.hasPrefix("@") || repository.hasPrefix("alias:") { return repository }
        var parts = try RepositoryURL.parse(repository)
        guard parts.opaque.isEmpty else { return repository }
        while parts.path.hasSuffix("/") { parts.path.removeLast() }
        if parts.scheme != "oci" { parts.path += "/" }
        return RepositoryURL.format(parts)
    }

    /// A path inside the source: `..` stops at the root (as `securejoin.SecureJoin` does),
    /// so a `file://../../x` dependency cannot reach outside the checkout.
    static func confined(_ path: String) -> String {
        var out: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !out.isEmpty { out.removeLast() }
            default: out.append(part)
            }
        }
        return out.joined(separator: "/")
    }

    static func describe(_ error: any Error) -> String {
        (error as? HelmError)?.message ?? "\(error)"
    }
}
