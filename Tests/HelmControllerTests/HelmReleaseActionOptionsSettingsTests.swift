import ControllerRuntime
import FerryAPI
@testable import HelmController
import Manifests
import Testing

/// The action options Ferry carries out are read and checked before anything runs: strategies,
/// deletion propagation and the post-render strategy, with bad values named.
@Suite struct HelmReleaseActionOptionsSettingsTests {
    static func release(_ spec: JSONObject) throws -> HelmRelease { try HelmReleaseSettingsTests.release(spec) }
    static func refusal(_ spec: JSONObject) throws -> ReconcileError? { try HelmReleaseSettingsTests.refusal(spec) }

    @Test func carriedOutOptionsAreAccepted() throws {
        #expect(try Self.refusal([
            "install": ["replace": true, "strategy": ["name": "RetryOnFailure", "retryInterval": "30s"]],
            "upgrade": ["force": true, "preserveValues": true, "remediation": ["strategy": "uninstall"], "strategy": ["name": "RemediateOnFailure"]],
            "rollback": ["force": true, "recreate": true, "cleanupOnFail": true, "disableHooks": true, "disableWait": true],
            "uninstall": ["deletionPropagation": "orphan", "disableWait": true, "disableHooks": true],
            "postRenderers": [["kustomize": ["images": [["name": "a", "newTag": "1"]]]]], "postRenderStrategy": "nohooks",
        ]) == nil)
    }

    @Test(arguments: [
        (["install": ["strategy": ["name": "Sometimes"]]], "invalid spec.install.strategy.name 'Sometimes': must be RemediateOnFailure or RetryOnFailure"),
        (["upgrade": ["strategy": ["name": "RemediateOnFailure", "retryInterval": "1m"]]],
         "invalid spec.upgrade.strategy.retryInterval '1m': can only be set when the strategy is RetryOnFailure"),
        (["upgrade": ["strategy": ["name": "RetryOnFailure", "retryInterval": "soon"]]],
         "invalid spec.upgrade.strategy.retryInterval 'soon': not a duration such as 1m or 30s"),
        (["uninstall": ["deletionPropagation": "cascade"]], "invalid spec.uninstall.deletionPropagation 'cascade': must be background, foreground or orphan"),
        (["upgrade": ["remediation": ["strategy": "ignore"]]], "invalid spec.upgrade.remediation.strategy 'ignore': must be rollback or uninstall"),
        (["postRenderStrategy": "sideways"], "invalid spec.postRenderStrategy 'sideways': must be nohooks, combined or separate"),
        (["postRenderStrategy": "combined", "postRenderers": [["kustomize": ["images": [["name": "a", "newTag": "1"]]]]]],
         "spec.postRenderStrategy 'combined' is not supported by Ferry yet: hooks are not post-rendered; only 'nohooks' is carried out"),
    ] as [(JSONObject, String)])
    func badValuesAreNamed(spec: JSONObject, message: String) throws {
        let error = try #require(try Self.refusal(spec))
        #expect(error.kind == .stalled)
        #expect(error.reason == ConditionReason.invalidSpec)
        #expect(error.message == message)
    }

    @Test func retryOnFailureRetriesAfterItsInterval() throws {
        let spec = try Self.release(["install": ["strategy": ["name": "RetryOnFailure"]],
                                     "upgrade": ["strategy": ["name": "RetryOnFailure", "retryInterval": "45s"]]]).spec
        #expect(HelmReleaseSettings.retryInterval(spec, upgrade: false) == .seconds(300), "Flux's default interval")
        #expect(HelmReleaseSettings.retryInterval(spec, upgrade: true) == .seconds(45))
        let remediating = try Self.release(["upgrade": ["strategy": ["name": "RemediateOnFailure"]]]).spec
        #expect(HelmReleaseSettings.retryInterval(remediating, upgrade: true) == nil)
        #expect(HelmReleaseSettings.retryInterval(remediating, upgrade: false) == nil)
    }

    /// The API server's spelling of each of Flux's names (the `propagationPolicy` of the DELETE).
    @Test(arguments: [(nil, "Background"), ("background", "Background"), ("foreground", "Foreground"), ("orphan", "Orphan")] as [(String?, String)])
    func deletionPropagation(text: String?, policy: String) {
        #expect(UninstallOptions.propagation(text)?.rawValue == policy)
    }
}
