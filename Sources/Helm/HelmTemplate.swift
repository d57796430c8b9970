import Foundation
import GoTemplate
import Sprig

/// The options of `helm template` that Ferry serves (`ferry helm template`).
public struct TemplateOptions: Sendable {
    /// The release name; nil means `--name-template` or Helm's default `release-name`.
    public var releaseName: String?
    public var namespace = "default"
    public var values = ValuesOptions()
    /// `--kube-version`.
    public var kubeVersion: String?
    /// `--api-versions`, added to the default set.
    public var apiVersions: [String] = []
    public var includeCRDs = false
    public var skipTests = false
    public var noHooks = false
    public var isUpgrade = false
    public var hideSecret = false
    /// `--show-only` paths or globs (`templates/x.yaml`).
    public var showOnly: [String] = []
    public var nameTemplate: String?

    public init() {}
}

/// What `helm template` prints: the manifests on standard output, warnings on standard error.
public struct TemplateOutput: Sendable {
    public var manifests: String
    public var warnings: [String]
}

extension Helm {
    /// `helm template NAME CHART [flags]` for a chart directory or `.tgz`: load, check
    /// dependencies, merge and coalesce values, validate schemas, render, sort, print. A failure
    /// is one `HelmError` whose message is what Helm prints after `Error: `.
    public static func template(chart path: String, options: TemplateOptions) throws(HelmError) -> TemplateOutput {
        if let kube = options.kubeVersion { _ = try KubeVersion.parse(kube) }
        let userValues = try options.values.merge(baseDirectory: ChartFileSystem.currentDirectory())
        let chart = try ChartLoader.load(path: path)
        return try template(loaded: chart, userValues: userValues, options: options)
    }

    /// `helm template` for a loaded chart and merged user values (`options.values` is not
    /// read). The chart is not changed: dependency processing works on a copy.
    public static func template(loaded original: Chart, userValues: GoMap, options: TemplateOptions) throws(HelmError) -> TemplateOutput {
        var warnings: [String] = []
        var caps = Capabilities()
        if let kube = options.kubeVersion { caps.kubeVersion = try KubeVersion.parse(kube) }
        caps.apiVersions += options.apiVersions
        let releaseName = try resolveReleaseName(options)
        let chart = original.copy()
        try Dependencies.checkInstallable(chart)
        if chart.metadata.deprecated { warnings.append("WARNING: This chart is deprecated") }
        try Dependencies.check(chart)
        try validateReleaseName(releaseName)
        try Dependencies.process(chart, userValues: userValues, warnings: &warnings)
        let top = try renderValues(chart: chart, userValues: userValues, releaseName: releaseName,
                                   options: options, caps: caps, warnings: &warnings)
        let rendered: String
        do throws(HelmError) {
            rendered = try renderManifests(chart: chart, top: top, caps: caps, options: options, warnings: &warnings)
        } catch {
            throw HelmError(error.message + "\n\nUse --debug flag to render out invalid YAML")
        }
        let manifests = options.showOnly.isEmpty ? rendered : try showOnly(rendered, patterns: options.showOnly)
        return TemplateOutput(manifests: manifests, warnings: warnings)
    }

    static func resolveReleaseName(_ options: TemplateOptions) throws(HelmError) -> String {
        if let name = options.releaseName { return name }
        guard let nameTemplate = options.nameTemplate else { return "release-name" }
        let t = Template(name: "name-template")
        t.funcs(Sprig.functions)
        do throws(TemplateError) {
            try t.parse(nameTemplate, as: "name-template")
            return try t.execute("name-template", data: .null)
        } catch {
            throw HelmError(error.message)
        }
    }

    /// `chartutil.ValidateReleaseName`.
    static func validateReleaseName(_ name: String) throws(HelmError) {
        let pattern = #"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#
        if name.isEmpty || name.utf8.count > 53 || !isDNS1123Subdomain(name) {
            throw HelmError("release name \(GoFormat.quote(name)): invalid release name, must match regex \(pattern) and the length must not be longer than 53")
        }
    }

    static func isDNS1123Subdomain(_ name: String) -> Bool {
        name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let bytes = Array(label.utf8)
            guard let first = bytes.first, let last = bytes.last else { return false }
            func alnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }
            return alnum(first) && alnum(last) && bytes.allSatisfy { alnum($0) || $0 == 45 }
        }
    }

    /// `chartutil.ToRenderValues`: `.Chart`, `.Capabilities`, `.Release`, and the coalesced
    /// values after schema validation.
    static func renderValues(chart: Chart, userValues: GoMap, releaseName: String, options: TemplateOptions,
                             caps: Capabilities, warnings: inout [String]) throws(HelmError) -> GoMap {
        let release = GoMap([
            "Name": .string(releaseName), "Namespace": .string(options.namespace),
            "IsUpgrade": .bool(options.isUpgrade), "IsInstall": .bool(!options.isUpgrade),
            "Revision": .int(1, .int), "Service": .string("Helm"),
        ])
        let values = try Values.coalesce(chart: chart, userValues: userValues, warnings: &warnings)
        try SchemaCheck.validate(chart: chart, values: values)
        return GoMap([
            "Chart": .object(ChartObject(chart.metadata, isRoot: true)),
            "Capabilities": caps.object,
            "Release": .map(release),
            "Values": .map(GoMap(values.entries, typeName: "chartutil.Values")),
        ])
    }

    /// Render, split into hooks and manifests, and print as `helm template` does.
    static func renderManifests(chart: Chart, top: GoMap, caps: Capabilities, options: TemplateOptions,
                                warnings: inout [String]) throws(HelmError) -> String {
        if !chart.metadata.kubeVersion.isEmpty,
           !ChartVersionRange.isCompatible(range: chart.metadata.kubeVersion, version: caps.kubeVersion.version) {
            throw HelmError("chart requires kubeVersion: \(chart.metadata.kubeVersion) which is incompatible with Kubernetes \(caps.kubeVersion.version)")
        }
        var files = try RenderEngine().render(chart: chart, top: top)
        for name in files.keys where name.hasSuffix("NOTES.txt") { files.removeValue(forKey: name) }
        let (hooks, manifests) = try ManifestSorter.sort(files, warnings: &warnings)
        var doc = ""
        if options.includeCRDs {
            for crd in chart.crdObjects {
                doc += "---\n# Source: \(crd.filename)\n\(String(decoding: crd.file.data, as: UTF8.self))\n"
            }
        }
        for m in manifests {
            if options.hideSecret && m.kind == "Secret" && m.apiVersion == "v1" {
                doc += "---\n# Source: \(m.path)\n# HIDDEN: The Secret output has been suppressed\n"
            } else {
                doc += "---\n# Source: \(m.path)\n\(m.content)\n"
            }
        }
        var out = doc.trimmingGoSpace() + "\n"
        if !options.noHooks {
            for h in hooks where !(options.skipTests && h.isTest) {
                out += "---\n# Source: \(h.manifest.path)\n\(h.manifest.content)\n"
            }
        }
        return out
    }

    /// `--show-only`: the documents whose `# Source:` path (without the chart name) matches a
    /// pattern (Go's `filepath.Match`), in split order.
    static func showOnly(_ text: String, patterns: [String]) throws(HelmError) -> String {
        let docs = ManifestSorter.split(text)
        var selected: [String] = []
        for pattern in patterns {
            var missing = true
            for doc in docs {
                guard let path = sourcePath(doc) else { continue }
                if PathMatch.matches(pattern: pattern, name: path) {
                    selected.append(doc)
                    missing = false
                }
            }
            if missing { throw HelmError("could not find template \(pattern) in chart") }
        }
        return selected.map { "---\n\($0)\n" }.joined()
    }

    /// `# Source: [^/]+/(.+)`'s capture.
    static func sourcePath(_ doc: String) -> String? {
        guard let r = doc.range(of: "# Source: ") else { return nil }
        let rest = doc[r.upperBound...]
        guard let slash = rest.firstIndex(of: "/"), slash > rest.startIndex else { return nil }
        let after = rest[rest.index(after: slash)...]
        let line = after.prefix { $0 != "\n" }
        return line.isEmpty ? nil : String(line)
    }
}
