import ControllerRuntime
import FerryAPI
import Foundation

/// The numbers and choices of a HelmRepository spec, checked once before anything runs.
///
/// - `spec.interval` defaults to 1 m (Flux's `GetRequeueAfter`), floored at 1 s; `spec.timeout`
///   defaults to 60 s (`GetTimeout`). Both must be Go durations Go could hold.
/// - `spec.url` must be `http(s)://` for `type: default` and `oci://` for `type: oci` (Flux's CRD
///   pattern and its Helm client's scheme check): anything else stalls with URLInvalid.
/// - `type: oci` has no index: its URL is checked as `oci://HOST[/PATH]` (``OCIHelmRepository``).
struct HelmRepositorySettings: Equatable {
    var interval: Duration
    var timeout: Duration
    /// The index address: `spec.url` + `/index.yaml` (Helm's `DownloadIndexFile`); empty for `type: oci`.
    var indexURL: String

    static let defaultInterval: Duration = .seconds(60)
    static let defaultTimeout: Duration = .seconds(60)

    init(spec: HelmRepositorySpec) throws(SourceError) {
        interval = try spec.interval.map { text throws(SourceError) in
            max(GitRepositorySettings.minimumInterval, try GitRepositorySettings.duration(text, field: "spec.interval"))
        } ?? Self.defaultInterval
        timeout = try spec.timeout.map { text throws(SourceError) in try GitRepositorySettings.duration(text, field: "spec.timeout") }
            ?? Self.defaultTimeout
        switch spec.type ?? HelmRepository.typeDefault {
        case HelmRepository.typeDefault, "":
            indexURL = try Self.indexURL(spec.url)
        case HelmRepository.typeOCI:
            _ = try OCIHelmRepository.location(spec.url)
            indexURL = ""
        case let other:
            throw GitRepositorySettings.invalid("spec.type", other, because: "must be 'default' or 'oci'")
        }
    }

    /// `url` + `/index.yaml`, keeping a query string, as Helm joins them.
    static func indexURL(_ url: String) throws(SourceError) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), components.host?.isEmpty == false else {
            throw SourceError(.stalled, SourceCondition.fetchFailed, reason: SourceReason.urlInvalid,
                              message: "invalid Helm repository URL: '\(url)': scheme must be http or https")
        }
        var joined = components
        let path = components.percentEncodedPath
        joined.percentEncodedPath = (path.hasSuffix("/") ? String(path.dropLast()) : path) + "/index.yaml"
        return joined.string ?? url
    }
}
