import GoTemplate
import Testing
@testable import Helm

/// An unchanged chart with unchanged values and options is rendered once.
@Suite struct RenderCacheTests {
    static func chart(_ template: String) -> Chart {
        var metadata = ChartMetadata()
        metadata.apiVersion = "v2"
        metadata.name = "cached"
        metadata.version = "1.0.0"
        return Chart(metadata: metadata, templates: [ChartFile(name: "templates/cm.yaml", data: Array(template.utf8))])
    }

    static let template = "kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  v: {{ .Values.v | quote }}\n"

    @Test func sameDigestValuesAndOptionsRenderOnce() throws {
        let cache = RenderCache()
        var loads = 0
        func load() -> Chart { loads += 1; return Self.chart(Self.template) }
        var options = TemplateOptions()
        options.releaseName = "one"
        let first = try cache.template(chart: load(), chartDigest: "sha256:aa", userValues: GoMap(["v": .string("x")]), options: options)
        let second = try cache.template(chart: load(), chartDigest: "sha256:aa", userValues: GoMap(["v": .string("x")]), options: options)
        #expect(first.manifests == second.manifests)
        #expect(first.manifests.contains("v: \"x\""))
        #expect(cache.renders == 1)
        #expect(loads == 1, "a cache hit must not even load the chart")
    }

    @Test func anyChangeRendersAgain() throws {
        let cache = RenderCache()
        var options = TemplateOptions()
        options.releaseName = "one"
        let chart = Self.chart(Self.template)
        _ = try cache.template(chart: chart, chartDigest: "sha256:aa", userValues: GoMap(["v": .string("x")]), options: options)
        let newValues = try cache.template(chart: chart, chartDigest: "sha256:aa", userValues: GoMap(["v": .string("y")]), options: options)
        #expect(newValues.manifests.contains("v: \"y\""))
        _ = try cache.template(chart: chart, chartDigest: "sha256:bb", userValues: GoMap(["v": .string("y")]), options: options)
        options.namespace = "other"
        _ = try cache.template(chart: chart, chartDigest: "sha256:bb", userValues: GoMap(["v": .string("y")]), options: options)
        #expect(cache.renders == 4)
    }

    @Test func failuresAreNotCached() throws {
        let cache = RenderCache()
        let broken = Self.chart("{{ .Values.v.missing.deeper }}")
        for _ in 0..<2 {
            #expect(throws: HelmError.self) {
                _ = try cache.template(chart: broken, chartDigest: "sha256:cc", userValues: GoMap(), options: TemplateOptions())
            }
        }
        #expect(cache.renders == 0)
    }
}
