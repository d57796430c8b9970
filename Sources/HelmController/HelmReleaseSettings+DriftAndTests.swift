import ControllerRuntime
import FerryAPI
import ResourceManager

/// `spec.driftDetection` and `spec.test` as the release step reads them, checked once by
/// ``HelmReleaseSettings/checkDriftAndTests(_:)`` in `checkSpec` so a bad value stalls the
/// object before anything runs (Stalled, InvalidSpec naming the field), and read again by the
/// drift and test code (cheap, and pure).
extension HelmReleaseSettings {
    /// `spec.driftDetection.mode`: `disabled` when absent or empty (Flux's default).
    static func driftMode(_ spec: HelmReleaseSpec) throws(ReconcileError) -> DriftDetectionMode {
        guard let text = spec.driftDetection?.mode, !text.isEmpty else { return .disabled }
        guard let mode = DriftDetectionMode(rawValue: text) else {
            throw invalid("spec.driftDetection.mode", text, because: "must be enabled, warn or disabled")
        }
        return mode
    }

    /// `spec.driftDetection.ignore`, compiled: the paths each rule names are neither reported
    /// as drift nor reset by a correction. A bad pointer, pattern or selector names the rule.
    static func driftIgnoreRules(_ spec: HelmReleaseSpec) throws(ReconcileError) -> CompiledIgnoreRules {
        let rules = (spec.driftDetection?.ignore ?? []).map { rule in
            DriftIgnoreRule(paths: rule.paths, target: rule.target.map { t in
                ObjectSelector(group: t.group, version: t.version, kind: t.kind, name: t.name, namespace: t.namespace,
                               labelSelector: t.labelSelector, annotationSelector: t.annotationSelector)
            })
        }
        do {
            return try CompiledIgnoreRules(rules, field: "spec.driftDetection.ignore")
        } catch {
            throw ReconcileError.stalled(reason: ConditionReason.invalidSpec, error.description)
        }
    }

    /// `spec.test.timeout`, defaulting to `spec.timeout` (Flux's `GetTimeout`).
    static func testTimeout(_ spec: HelmReleaseSpec, default fallback: Duration) throws(ReconcileError) -> Duration {
        guard let text = spec.test?.timeout, !text.isEmpty else { return fallback }
        return try duration(text, field: "spec.test.timeout")
    }

    /// Whether a failed test leaves the release counted as released (Flux's
    /// `MustIgnoreTestFailures`): the active action's `remediation.ignoreTestFailures` when set,
    /// else `spec.test.ignoreFailures`. The active action is the one last attempted.
    static func ignoresTestFailures(_ spec: HelmReleaseSpec, isUpgrade: Bool) -> Bool {
        let fallback = spec.test?.ignoreFailures ?? false
        let own = isUpgrade ? spec.upgrade?.remediation?.ignoreTestFailures : spec.install?.remediation?.ignoreTestFailures
        return own ?? fallback
    }

    /// Refuses what the drift and test code could not use, naming the field.
    static func checkDriftAndTests(_ spec: HelmReleaseSpec) throws(ReconcileError) {
        _ = try driftMode(spec)
        _ = try driftIgnoreRules(spec)
        _ = try testTimeout(spec, default: defaultTimeout)
        for (index, filter) in (spec.test?.filters ?? []).enumerated() where filter.name.isEmpty {
            throw invalid("spec.test.filters[\(index)].name", "", because: "a test filter names a test hook")
        }
    }
}
