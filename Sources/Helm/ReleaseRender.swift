import GoTemplate
import Sprig

/// A chart rendered for an install or upgrade (Helm's `action.renderResources`): the release's
/// manifest as Helm stores it, the hooks apart, the notes, and the CRDs of `crds/` — what a
/// controller needs to carry a release out, where `helm template` only prints.
public struct RenderedRelease: Sendable {
    /// The non-hook documents in install order, each `---\n# Source: <path>\n<content>\n`
    /// (the `manifest` field of Helm's release record).
    public var manifest: String
    public var manifests: [ManifestSorter.Manifest]
    public var hooks: [ManifestSorter.Hook]
    /// The root chart's NOTES.txt, rendered (empty without one).
    public var notes: String
    /// `crds/` files of the chart and its enabled subcharts, in Helm's order.
    public var crds: [(filename: String, file: ChartFile)]
    /// The values the templates saw (`.Values`), coalesced: Helm stores the user's `config`
    /// separately, these are for inspection.
    public var values: GoMap
    public var warnings: [String]
}

/// What distinguishes a release render from `helm template`'s.
public struct ReleaseRenderOptions: Sendable {
    public var releaseName: String
    public var namespace: String
    /// `.Release.Revision`: the version the release will have.
    public var revision: Int
    public var isUpgrade: Bool
    /// The cluster's version and served API versions (`.Capabilities`).
    public var capabilities: Capabilities
    /// `--skip-schema-validation` (Flux's `disableSchemaValidation`): `values.schema.json` is
    /// not checked.
    public var skipSchemaValidation = false

    public init(releaseName: String, namespace: String, revision: Int, isUpgrade: Bool, capabilities: Capabilities = Capabilities()) {
        self.releaseName = releaseName
        self.namespace = namespace
        self.revision = revision
        self.isUpgrade = isUpgrade
        self.capabilities = capabilities
    }
}

extension Helm {
    /// Renders `chart` with the user's values for a release: the same checks and errors as
    /// ``template(loaded:userValues:options:)`` (installable, dependencies, release name, schema,
    /// kubeVersion), with the release's revision and whether it is an upgrade.
    public static func renderRelease(chart original: Chart, userValues: GoMap, options: ReleaseRenderOptions) throws(HelmError) -> RenderedRelease {
        var warnings: [String] = []
        let chart = original.copy()
        try Dependencies.checkInstallable(chart)
        try Dependencies.check(chart)
        try validateReleaseName(options.releaseName)
        try Dependencies.process(chart, userValues: userValues, warnings: &warnings)
        let caps = options.capabilities
        if !chart.metadata.kubeVersion.isEmpty,
           !ChartVersionRange.isCompatible(range: chart.metadata.kubeVersion, version: caps.kubeVersion.version) {
            throw HelmError("chart requires kubeVersion: \(chart.metadata.kubeVersion) which is incompatible with Kubernetes \(caps.kubeVersion.version)")
        }
        let values = try Values.coalesce(chart: chart, userValues: userValues, warnings: &warnings)
        if !options.skipSchemaValidation { try SchemaCheck.validate(chart: chart, values: values) }
        let release = GoMap([
            "Name": .string(options.releaseName), "Namespace": .string(options.namespace),
            "IsUpgrade": .bool(options.isUpgrade), "IsInstall": .bool(!options.isUpgrade),
            "Revision": .int(options.revision, .int), "Service": .string("Helm"),
        ])
        let top = GoMap([
            "Chart": .object(ChartObject(chart.metadata, isRoot: true)),
            "Capabilities": caps.object,
            "Release": .map(release),
            "Values": .map(GoMap(values.entries, typeName: "chartutil.Values")),
        ])
        var files = try RenderEngine().render(chart: chart, top: top)
        // Helm keeps only the top-level chart's notes (`<chart>/templates/NOTES.txt`).
        let notesPath = chart.name + "/templates/NOTES.txt"
        let notes = files[notesPath] ?? ""
        for name in files.keys where name.hasSuffix("NOTES.txt") { files.removeValue(forKey: name) }
        let (hooks, manifests) = try ManifestSorter.sort(files, warnings: &warnings)
        var manifest = ""
        for m in manifests { manifest += "---\n# Source: \(m.path)\n\(m.content)\n" }
        return RenderedRelease(manifest: manifest, manifests: manifests, hooks: hooks, notes: notes, crds: chart.crdObjects,
                               values: values, warnings: warnings)
    }
}
