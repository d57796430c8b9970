import Foundation
import GoTemplate
import Testing
@testable import Helm

/// A chart repository held in memory: what `DependencyBuild.Fetcher` would fetch over HTTP.
private struct FakeRepository: Sendable {
    var indexes: [String: String]
    var archives: [String: [UInt8]]
    var locals: [String: [String: String]]

    var fetcher: DependencyBuild.Fetcher {
        DependencyBuild.Fetcher(
            index: { url in
                guard let text = indexes[url] else { throw HelmError("GET \(url): 404 Not Found") }
                return Array(text.utf8)
            },
            chart: { url in
                guard let bytes = archives[url] else { throw HelmError("GET \(url): 404 Not Found") }
                return bytes
            },
            local: { path in
                guard let files = locals[path] else { return nil }
                var warnings: [String] = []
                return try ChartLoader.loadFiles(files.sorted { $0.key < $1.key }.map { ChartFile(name: $0.key, data: Array($0.value.utf8)) },
                                                 warnings: &warnings)
            })
    }

    static func archive(name: String, version: String) throws -> [UInt8] {
        var metadata = ChartMetadata()
        metadata.apiVersion = "v2"
        metadata.name = name
        metadata.version = version
        let chart = Chart(metadata: metadata, templates: [ChartFile(name: "templates/cm.yaml", data: Array("kind: ConfigMap\n".utf8))])
        return try ChartPackage.package(chart).archive
    }
}

@Suite struct DependencyBuildTests {
    static let index = """
    apiVersion: v1
    entries:
      redis:
      - {name: redis, version: 17.3.0, urls: [redis-17.3.0.tgz]}
      - {name: redis, version: 17.2.1, urls: [redis-17.2.1.tgz]}
      - {name: redis, version: 18.0.0-beta.1, urls: [redis-18.0.0-beta.1.tgz]}
    """

    static func parent(_ dependencies: String, lock: String? = nil, subcharts: [String: String] = [:]) throws -> Chart {
        var files = [ChartFile(name: "Chart.yaml", data: Array("apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n\(dependencies)".utf8))]
        if let lock { files.append(ChartFile(name: "Chart.lock", data: Array(lock.utf8))) }
        for (name, text) in subcharts.sorted(by: { $0.key < $1.key }) { files.append(ChartFile(name: name, data: Array(text.utf8))) }
        var warnings: [String] = []
        return try ChartLoader.loadFiles(files, warnings: &warnings)
    }

    private static func repository() throws -> FakeRepository {
        FakeRepository(
            indexes: ["https://charts.example.com/": index],
            archives: ["https://charts.example.com/redis-17.3.0.tgz": try FakeRepository.archive(name: "redis", version: "17.3.0")],
            locals: ["libs/common": ["Chart.yaml": "apiVersion: v2\nname: common\nversion: 2.1.0\ntype: library\n"]])
    }

    @Test func fetchesMissingDependenciesFromIndexesAndTheSource() async throws {
        let chart = try Self.parent("""
        - name: redis
          version: ^17.0.0
          repository: https://charts.example.com
          alias: cache
        - name: common
          version: ~2.1
          repository: file://../../libs/common
        - name: present
          version: 1.0.0
          repository: https://charts.example.com
        """, subcharts: ["charts/present/Chart.yaml": "apiVersion: v2\nname: present\nversion: 1.0.0\n"])
        #expect(DependencyBuild.missing(chart).map(\.name) == ["cache", "common"])
        let resolved = try await DependencyBuild.build(chart, chartPath: "apps/app", fetch: try Self.repository().fetcher)
        #expect(resolved.map(\.name) == ["cache", "common"])
        #expect(resolved.map(\.fileName) == ["redis-17.3.0.tgz", "common-2.1.0.tgz"])
        for item in resolved {
            let loaded = try ChartLoader.load(archive: item.archive)
            #expect(loaded.name == item.chartName)
            chart.addDependency(loaded)
        }
        #expect(DependencyBuild.missing(chart).isEmpty)
    }

    @Test func theLockDecidesWhatIsRequested() throws {
        let chart = try Self.parent("- name: redis\n  version: ^17.0.0\n  repository: https://charts.example.com\n",
                                    lock: "generated: \"2024-01-01T00:00:00Z\"\ndigest: sha256:x\ndependencies:\n- name: redis\n  version: 17.2.1\n  repository: https://charts.example.com\n- name: extra\n  version: 1.0.0\n  repository: https://charts.example.com\n")
        #expect(DependencyBuild.missing(chart).map(\.dependency.version) == ["17.2.1", "1.0.0"])
    }

    @Test(arguments: [
        ("- name: redis\n  version: ^19.0.0\n  repository: https://charts.example.com\n",
         "failed to add remote dependency 'redis': failed to get chart 'redis' version '^19.0.0' from 'https://charts.example.com': no 'redis' chart with version matching '^19.0.0' found"),
        ("- name: redis\n  version: 17.2.1\n  repository: https://charts.example.com/\n",
         "failed to add remote dependency 'redis': chart download of version '17.2.1' failed: GET https://charts.example.com/redis-17.2.1.tgz: 404 Not Found"),
        ("- name: redis\n  version: 1.0.0\n  repository: https://other.example.com\n",
         "failed to add remote dependency 'redis': failed to get chart 'redis' version '1.0.0' from 'https://other.example.com': failed to load index: GET https://other.example.com/: 404 Not Found"),
        ("- name: common\n  version: \">=3\"\n  repository: file://../../libs/common\n",
         "failed to add local dependency 'common': can't get a valid version for constraint '>=3'"),
        ("- name: common\n  version: 1.0.0\n  repository: file://../../../../../etc\n",
         "failed to add local dependency 'common': no chart found at '/etc' (reference 'file://../../../../../etc')"),
        ("- name: common\n  version: not-a-version\n  repository: file://../../libs/common\n",
         "failed to add local dependency 'common': invalid version/constraint format 'not-a-version': improper constraint: not-a-version"),
    ])
    func failuresNameTheDependency(dependencies: String, expected: String) async throws {
        let chart = try Self.parent(dependencies)
        await #expect(throws: HelmError(expected)) {
            try await DependencyBuild.build(chart, chartPath: "apps/app", fetch: try Self.repository().fetcher)
        }
    }

    @Test(arguments: [
        ("https://charts.example.com", "https://charts.example.com/"),
        ("https://charts.example.com/stable//", "https://charts.example.com/stable/"),
        ("oci://registry.example.com/charts/", "oci://registry.example.com/charts"),
        ("@bitnami", "@bitnami"),
    ])
    func normalizesRepositoryURLsAsFluxDoes(url: String, expected: String) throws {
        #expect(try DependencyBuild.normalizeURL(url) == expected)
    }
}
