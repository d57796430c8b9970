import GoTemplate

/// The contents of `Chart.yaml`: Helm's `chart.Metadata`, every field with its JSON name.
/// Fields are Go zero values when absent ("" and empty lists), as templates see them.
public struct ChartMetadata: Sendable, Equatable {
    public var name = ""
    public var home = ""
    public var sources: [String] = []
    public var version = ""
    public var description = ""
    public var keywords: [String] = []
    /// nil entries are `null` items of the list (which validation refuses).
    public var maintainers: [ChartMaintainer?] = []
    public var icon = ""
    public var apiVersion = ""
    public var condition = ""
    public var tags = ""
    public var appVersion = ""
    public var deprecated = false
    public var annotations: [String: String] = [:]
    public var kubeVersion = ""
    /// nil entries are `null` items of the list (which validation refuses).
    public var dependencies: [ChartDependency?] = []
    public var type = ""
    /// Whether `Chart.yaml` (or `requirements.yaml`) had a `dependencies` key: Helm's nil
    /// slice, which skips dependency processing, differs from an empty one.
    public var hasDependencies = false

    public init() {}

    public static let apiVersionV1 = "v1"
    public static let apiVersionV2 = "v2"
}

/// An entry of `maintainers`.
public struct ChartMaintainer: Sendable, Equatable {
    public var name = ""
    public var email = ""
    public var url = ""
    public init() {}
}

/// An entry of `dependencies` (Chart.yaml, requirements.yaml, or a lock file).
public struct ChartDependency: Sendable, Equatable {
    public var name = ""
    public var version = ""
    public var repository = ""
    public var condition = ""
    public var tags: [String] = []
    /// Set by dependency processing: whether the subchart is rendered.
    public var enabled = false
    /// `import-values` items: a string (a key under the child's `exports`) or a
    /// `{child, parent}` map.
    public var importValues: [GoValue] = []
    public var alias = ""
    public init() {}

    public static func == (a: ChartDependency, b: ChartDependency) -> Bool {
        a.name == b.name && a.version == b.version && a.repository == b.repository
            && a.condition == b.condition && a.tags == b.tags && a.enabled == b.enabled
            && a.alias == b.alias && a.importValues.count == b.importValues.count
    }
}

/// `Chart.lock` / `requirements.lock`.
public struct ChartLock: Sendable, Equatable {
    /// The `generated` timestamp as written.
    public var generated = ""
    public var digest = ""
    public var dependencies: [ChartDependency?] = []
    public init() {}
}
