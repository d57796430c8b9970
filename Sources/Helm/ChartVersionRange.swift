import Sprig

/// Helm's `chartutil.IsCompatibleRange`: whether `version` satisfies the constraint `range`
/// (a dependency's `version`, a chart's `kubeVersion`), both read by Masterminds semver v3 as
/// Sprig's `semverCompare` reads them. An unreadable version or range is not compatible.
enum ChartVersionRange {
    static func isCompatible(range: String, version: String) -> Bool {
        guard let v = try? SemverVersion.parse(version), let c = try? SemverConstraints(range) else { return false }
        return c.check(v)
    }
}
