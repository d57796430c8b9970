/// `helm dependency build` for a chart from Git or a Bucket whose `charts/` lacks declared
/// dependencies, as Flux's `DependencyManager` does it before packaging: the dependencies of
/// Chart.lock (or, without one, Chart.yaml) that no loaded subchart answers to (by alias or
/// name) are fetched — a `file://` (or empty) repository from the source itself, any other
/// from its chart repository's index — and each must satisfy its version constraint.
///
/// Pure apart from the injected ``Fetcher``: no network, no file system. Errors name the
/// dependency with Flux's texts (`failed to add remote dependency 'redis': failed to get
/// chart 'redis' version '^17' from 'https://…': no 'redis' chart with version matching
/// '^17' found`).
public enum DependencyBuild {
    /// How the build reaches the outside world.
    public struct Fetcher: Sendable {
        /// The bytes of `index.yaml` of a chart repository (its URL normalised with a trailing
        /// slash, as Flux keys repositories), or of a named repository (`@name`, `alias:name`)
        /// when the caller can map the name to one.
        public var index: @Sendable (String) async throws -> [UInt8]
        /// The bytes of a chart archive at an absolute URL.
        public var chart: @Sendable (String) async throws -> [UInt8]
        /// The chart at a path relative to the source's root, loaded (a directory or an
        /// archive); nil when nothing is there.
        public var local: @Sendable (String) async throws -> Chart?

        public init(index: @escaping @Sendable (String) async throws -> [UInt8],
                    chart: @escaping @Sendable (String) async throws -> [UInt8],
                    local: @escaping @Sendable (String) async throws -> Chart?) {
            self.index = index
            self.chart = chart
            self.local = local
        }
    }

    /// One dependency made available: the archive to place in `charts/` under `fileName`.
    public struct Resolved: Sendable {
        /// The alias, or the name when there is none (what Chart.yaml calls it).
        public var name: String
        public var chartName: String
        public var version: String
        /// The repository as Chart.yaml wrote it.
        public var repository: String
        public var archive: [UInt8]
        public var fileName: String { "\(chartName)-\(version).tgz" }
    }

    /// Flux's `collectMissing`: the requested dependencies (the lock's when there is one) that
    /// no loaded subchart is named after, keyed by alias or name. Flux's shortcut is kept: when
    /// there are as many subcharts as requests, nothing is missing.
    public static func missing(_ chart: Chart) -> [(name: String, dependency: ChartDependency)] {
        let requests = (chart.lock?.dependencies ?? chart.metadata.dependencies).compactMap { $0 }
        if chart.dependencies.count == requests.count { return [] }
        let present = Set(chart.dependencies.map(\.name))
        var seen = Set<String>()
        var out: [(name: String, dependency: ChartDependency)] = []
        for dependency in requests {
            let name = dependency.alias.isEmpty ? dependency.name : dependency.alias
            if present.contains(name) || !seen.insert(name).inserted { continue }
            out.append((name: name, dependency: dependency))
        }
        return out
    }

    /// Resolves every missing dependency of `chart`, in Chart.yaml's order; the first failure
    /// stops the build. `chartPath` is the chart's directory relative to the source's root
    /// (`file://` paths are relative to it and may not climb out of the source).
    public static func build(_ chart: Chart, chartPath: String, fetch: Fetcher,
                             maximumIndexSize: Int = RepositoryIndex.defaultMaximumSize) async throws(HelmError) -> [Resolved] {
        var indexes: [String: RepositoryIndex] = [:]
        var out: [Resolved] = []
        for (name, dependency) in missing(chart) {
            if isLocal(dependency) {
                do throws(HelmError) {
                    out.append(try await local(dependency, name: name, chartPath: chartPath, fetch: fetch))
                } catch {
                    throw error.wrapped("failed to add local dependency '\(name)'")
                }
            } else {
                do throws(HelmError) {
                    out.append(try await remote(dependency, name: name, fetch: fetch, maximumIndexSize: maximumIndexSize,
                                                indexes: &indexes))
                } catch {
                    throw error.wrapped("failed to add remote dependency '\(name)'")
                }
            }
        }
        return out
    }

    static func isLocal(_ dependency: ChartDependency) -> Bool {
        dependency.repository.isEmpty || dependency.repository.hasPrefix("file://")
    }
}
