import GoTemplate

/// What `helm template` does with a chart's declared dependencies before rendering (Helm's
/// `action.CheckDependencies` and `chartutil.ProcessDependenciesWithMerge`): every declared
/// dependency must be present in `charts/`; aliases rename (copies of) subcharts; conditions
/// and tags drop disabled subcharts, recursively; `import-values` copy child values into the
/// parent's defaults. Warnings Helm logs go to `warnings` with its `file:line:` prefix.
public enum Dependencies {
    /// Fails, as `helm template` does, when a dependency of Chart.yaml (or requirements.yaml)
    /// has no chart of that name in `charts/`.
    public static func check(_ chart: Chart) throws(HelmError) {
        guard chart.metadata.hasDependencies else { return }
        var missing: [String] = []
        for case let dependency? in chart.metadata.dependencies
        where !chart.dependencies.contains(where: { $0.name == dependency.name }) {
            missing.append(dependency.name)
        }
        if !missing.isEmpty {
            throw HelmError("An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: "
                            + missing.joined(separator: ", "))
        }
    }

    /// `helm template`'s check that the chart can be rendered at all.
    public static func checkInstallable(_ chart: Chart) throws(HelmError) {
        switch chart.metadata.type {
        case "", "application": return
        default: throw HelmError("\(chart.metadata.type) charts are not installable")
        }
    }

    /// Applies aliases, conditions, tags and import-values to `chart` and its subcharts in
    /// place, given the user's values (Helm's `ProcessDependenciesWithMerge`).
    public static func process(_ chart: Chart, userValues: GoMap, warnings: inout [String]) throws(HelmError) {
        try processEnabled(chart, userValues, path: "", warnings: &warnings, depth: 0)
        try processImportValues(chart, warnings: &warnings, depth: 0)
    }

    static func log(_ line: Int, _ text: String) -> String { "dependencies.go:\(line): " + text }

    /// The subchart a dependency names (same name, version in range), copied so that an alias
    /// renames the copy only.
    private static func aliasDependency(_ charts: [Chart], _ dependency: ChartDependency) -> Chart? {
        for chart in charts where chart.name == dependency.name
            && ChartVersionRange.isCompatible(range: dependency.version, version: chart.metadata.version) {
            let out = chart.copy()
            if !dependency.alias.isEmpty { out.metadata.name = dependency.alias }
            return out
        }
        return nil
    }

    private static func processEnabled(_ chart: Chart, _ values: GoMap, path: String,
                                       warnings: inout [String], depth: Int) throws(HelmError) {
        guard chart.metadata.hasDependencies else { return }
        guard depth <= ChartLoader.maximumDepth else { throw HelmError("subcharts nest too deeply") }
        var declared = chart.metadata.dependencies
        var charts: [Chart] = []
        for existing in chart.dependencies where !declared.contains(where: {
            guard let d = $0 else { return false }
            return existing.name == d.name && ChartVersionRange.isCompatible(range: d.version, version: existing.metadata.version)
        }) {
            charts.append(existing)
        }
        for i in declared.indices {
            guard var d = declared[i] else { continue }
            if let sub = aliasDependency(chart.dependencies, d) { charts.append(sub) }
            if !d.alias.isEmpty { d.name = d.alias }
            d.enabled = true
            declared[i] = d
        }
        chart.setDependencies(charts)

        let cvals = try Values.coalesce(chart: chart, userValues: values, warnings: &warnings)
        applyTags(&declared, cvals, warnings: &warnings)
        applyConditions(&declared, cvals, path: path, warnings: &warnings)

        let removed = Set(declared.compactMap { $0 }.filter { !$0.enabled }.map(\.name))
        let kept = chart.dependencies.filter { !removed.contains($0.metadata.name) }
        let keptDeclared = declared.filter { d in d.map { !removed.contains($0.name) } ?? true }
        for sub in kept {
            try processEnabled(sub, cvals, path: path + sub.metadata.name + ".", warnings: &warnings, depth: depth + 1)
        }
        chart.metadata.dependencies = keptDeclared
        chart.setDependencies(kept)
    }

    /// Tags: a dependency with any true tag is enabled; with only false tags, disabled.
    private static func applyTags(_ declared: inout [ChartDependency?], _ cvals: GoMap, warnings: inout [String]) {
        guard case .success(let tags) = Values.table(cvals, path: "tags") else { return }
        for i in declared.indices {
            guard var d = declared[i] else { continue }
            var hasTrue = false, hasFalse = false
            for tag in d.tags {
                guard let v = tags[tag] else { continue }
                if case .bool(let b) = v {
                    if b { hasTrue = true } else { hasFalse = true }
                } else {
                    warnings.append(log(94, "Warning: Tag '\(tag)' for chart \(d.name) returned non-bool value"))
                }
            }
            if !hasTrue && hasFalse { d.enabled = false } else { d.enabled = true }
            declared[i] = d
        }
    }

    /// Conditions: the first comma-separated path that holds a bool decides.
    private static func applyConditions(_ declared: inout [ChartDependency?], _ cvals: GoMap, path: String,
                                        warnings: inout [String]) {
        for i in declared.indices {
            guard var d = declared[i] else { continue }
            let conditions = d.condition.helmTrimSpace().split(separator: ",", omittingEmptySubsequences: false)
            for condition in conditions where !condition.isEmpty {
                guard case .success(let v) = Values.pathValue(cvals, path: path + condition) else { continue }
                if case .bool(let b) = v {
                    d.enabled = b
                    break
                }
                warnings.append(log(63, "Warning: Condition path '\(condition)' for chart \(d.name) returned non-bool value"))
            }
            declared[i] = d
        }
    }
}
