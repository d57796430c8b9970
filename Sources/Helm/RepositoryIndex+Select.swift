import GoTemplate
import Sprig

/// Picking a chart version from an index as Flux's HelmChart does (source-controller's
/// `ChartRepository.GetChartVersion`), with its error texts.
extension RepositoryIndex {
    /// The version of chart `name` that `version` asks for:
    /// - an entry whose version string equals `version` exactly, when there is one;
    /// - for `""` or `"*"`, the highest stable version (prereleases are left out);
    /// - otherwise `version` is a Masterminds constraint (`^1.2`, `>=1.0.0 <2.0.0`, `~1.4.x`)
    ///   and the highest matching version wins (a prerelease matches only a constraint that
    ///   names one). Equal versions (differing only in build metadata) go to the latest
    ///   `created`; after that, to the first in index order.
    ///
    /// Errors: `no chart name found`, `no chart version found` (the name has no entries),
    /// the constraint parser's text (`improper constraint: …`), and
    /// `no '<name>' chart with version matching '<version>' found`.
    public func chartVersion(_ name: String, version: String = "") throws(HelmError) -> IndexChartVersion {
        guard let versions = entries[name] else { throw HelmError("no chart name found") }
        guard !versions.isEmpty else { throw HelmError("no chart version found") }
        if !version.isEmpty, let exact = versions.first(where: { $0.version == version }) { return exact }

        let constraint: SemverConstraints
        do throws(GoFunctionError) {
            constraint = try SemverConstraints(version.isEmpty ? "*" : version)
        } catch {
            throw HelmError(error.message)
        }
        var best: (entry: IndexChartVersion, version: SemverVersion)?
        for entry in versions {
            guard let parsed = try? SemverVersion.parse(entry.version), constraint.check(parsed) else { continue }
            guard let current = best else {
                best = (entry, parsed)
                continue
            }
            let order = parsed.compare(current.version)
            if order > 0 || (order == 0 && current.entry.created < entry.created) { best = (entry, parsed) }
        }
        guard let best else { throw HelmError("no '\(name)' chart with version matching '\(version)' found") }
        return best.entry
    }

    /// Helm's `IndexFile.Get` (what `helm pull`/`helm dependency build` use): like
    /// ``chartVersion(_:version:)`` but the first match in the (newest-first) order wins,
    /// and a miss is `no chart version found for <name>-<version>`.
    public func get(_ name: String, version: String = "") throws(HelmError) -> IndexChartVersion {
        guard let versions = entries[name] else { throw HelmError("no chart name found") }
        guard !versions.isEmpty else { throw HelmError("no chart version found") }
        let constraint: SemverConstraints
        do throws(GoFunctionError) {
            constraint = try SemverConstraints(version.isEmpty ? "*" : version)
        } catch {
            throw HelmError(error.message)
        }
        if !version.isEmpty, let exact = versions.first(where: { $0.version == version }) { return exact }
        for entry in versions {
            if let parsed = try? SemverVersion.parse(entry.version), constraint.check(parsed) { return entry }
        }
        throw HelmError("no chart version found for \(name)-\(version)")
    }
}

extension IndexChartVersion {
    /// Where to download this version: its first URL resolved against the repository's URL
    /// (Flux's `DownloadChart`). Throws `chart '<name>' has no downloadable URLs` when the
    /// entry lists none.
    public func downloadURL(repositoryURL: String) throws(HelmError) -> String {
        guard let first = urls.first else { throw HelmError("chart '\(name)' has no downloadable URLs") }
        return try RepositoryURL.resolveReference(base: repositoryURL, reference: first)
    }
}
