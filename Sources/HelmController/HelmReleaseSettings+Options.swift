import ControllerRuntime
import FerryAPI

extension HelmReleaseSettings {
    /// The action options Ferry carries out, checked for values Flux does not define. Options
    /// whose default Ferry always behaves as (server-side validation, waiting for Jobs) or that
    /// only bound time (per-action `timeout`: `spec.timeout` governs) are accepted;
    /// docs/spec/helmrelease.md lists them.
    static func refuseUnactedOptions(_ spec: HelmReleaseSpec) throws(ReconcileError) {
        try checkPostRenderStrategy(spec)
        try checkStrategies(spec)
        if let text = spec.uninstall?.deletionPropagation, UninstallOptions.propagation(text) == nil {
            throw invalid("spec.uninstall.deletionPropagation", text, because: "must be background, foreground or orphan")
        }
        if let text = spec.upgrade?.remediation?.strategy, !text.isEmpty, HelmRemediationStrategy(rawValue: text) == nil {
            throw invalid("spec.upgrade.remediation.strategy", text, because: "must be rollback or uninstall")
        }
    }

    /// Ferry post-renders the release manifest only, as Helm 3 does (`nohooks`); passing the
    /// hooks through the post-renderers too (`combined`, `separate`) is refused when there are
    /// post-renderers to pass them through, rather than silently leaving the hooks unpatched.
    static func checkPostRenderStrategy(_ spec: HelmReleaseSpec) throws(ReconcileError) {
        guard let strategy = spec.postRenderStrategy, !strategy.isEmpty else { return }
        guard let known = PostRenderStrategy(rawValue: strategy) else {
            throw invalid("spec.postRenderStrategy", strategy, because: "must be nohooks, combined or separate")
        }
        if known != .noHooks, !(spec.postRenderers ?? []).isEmpty {
            throw unsupported("spec.postRenderStrategy '\(strategy)'", because: "hooks are not post-rendered; only 'nohooks' is carried out")
        }
    }
}
