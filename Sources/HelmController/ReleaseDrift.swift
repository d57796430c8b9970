import FerryAPI
import Manifests
import ResourceManager

/// What drift detection found on one object of a release: pure functions of the live object
/// and the server-side dry-run of the release's version over it, so the rules are tested
/// without a cluster.
///
/// An object is **removed** when it is not live any more (the dry-run would create it), and
/// **changed** when applying the release's object would change it; the change is counted like
/// a JSON patch from the live object to the dry-run result (Flux's `SummarizeDiffSet`: additions,
/// changes, removals), over labels, annotations and everything outside `metadata` and `status`,
/// with the paths of the matching ignore rules left out of both sides.
struct ReleaseDrift: Equatable, Sendable {
    enum Change: Equatable, Sendable {
        case removed
        case changed(additions: Int, changes: Int, removals: Int)
    }

    /// `Kind/namespace/name` (`Kind/name` when cluster-scoped).
    var subject: String
    var change: Change

    /// Flux's summary line: `Deployment/apps/web changed (0 additions, 1 changes, 0 removals)`.
    var line: String {
        switch change {
        case .removed: "\(subject) removed"
        case .changed(let a, let c, let r): "\(subject) changed (\(a) additions, \(c) changes, \(r) removals)"
        }
    }

    /// The drift of one object, or nil when it has none (or only in ignored paths).
    static func of(subject: String, live: JSONValue?, dryRun: JSONValue?, ignoring pointers: [JSONPointer]) -> ReleaseDrift? {
        guard let live else { return ReleaseDrift(subject: subject, change: .removed) }
        guard let dryRun else { return nil }
        let (before, after) = (comparable(live, ignoring: pointers), comparable(dryRun, ignoring: pointers))
        var counts = (additions: 0, changes: 0, removals: 0)
        count(from: before, to: after, into: &counts)
        guard counts != (0, 0, 0) else { return nil }
        return ReleaseDrift(subject: subject, change: .changed(additions: counts.additions, changes: counts.changes, removals: counts.removals))
    }

    /// Whether an object opted out with `helm.toolkit.fluxcd.io/driftDetection: disabled` as a
    /// label or an annotation (Flux's exclusion selector).
    static func isExcluded(_ object: JSONValue?) -> Bool {
        guard let object else { return false }
        return ["labels", "annotations"].contains { section in
            object[path: "metadata", section, HelmRelease.driftDetectionKey]?.stringValue == "disabled"
        }
    }

    /// The compared part of an object: labels, annotations, and everything but `metadata` and
    /// `status`, without the ignored paths.
    static func comparable(_ object: JSONValue, ignoring pointers: [JSONPointer]) -> JSONValue {
        var copy = object
        for pointer in pointers { pointer.remove(from: &copy) }
        let metadata: JSONObject = ["labels": copy[path: "metadata", "labels"] ?? .null,
                                    "annotations": copy[path: "metadata", "annotations"] ?? .null]
        copy["metadata"] = .object(metadata)
        copy["status"] = nil
        return copy
    }

    /// Counts the operations of a JSON patch turning `a` into `b`: objects key by key, lists
    /// index by index (the longer list's tail added or removed), anything else replaced when it
    /// differs. Empty and missing values are the same (``Drift/semanticallyEqual(_:_:)``).
    static func count(from a: JSONValue?, to b: JSONValue?, into counts: inout (additions: Int, changes: Int, removals: Int)) {
        if Drift.semanticallyEqual(a, b) { return }
        switch (present(a), present(b)) {
        case (nil, _): counts.additions += 1
        case (_, nil): counts.removals += 1
        case (.object(let x)?, .object(let y)?):
            for key in Set(x.keys).union(y.keys) { count(from: x[key], to: y[key], into: &counts) }
        case (.array(let x)?, .array(let y)?):
            for i in 0..<max(x.count, y.count) {
                let before: JSONValue? = i < x.count ? x[i] : Optional.none, after: JSONValue? = i < y.count ? y[i] : Optional.none
                count(from: before, to: after, into: &counts)
            }
        default: counts.changes += 1
        }
    }

    private static func present(_ value: JSONValue?) -> JSONValue? {
        guard let value else { return nil }
        switch value {
        case .null: return nil
        case .object(let o) where o.isEmpty: return nil
        case .array(let a) where a.isEmpty: return nil
        default: return value
        }
    }
}
