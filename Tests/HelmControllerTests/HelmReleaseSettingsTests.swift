import ControllerRuntime
import FerryAPI
@testable import HelmController
import Manifests
import Testing

/// The spec checks run before anything touches the cluster: defaults as Flux's, and fields Ferry
/// does not carry out refused by name rather than silently ignored.
@Suite struct HelmReleaseSettingsTests {
    static func release(_ spec: JSONObject) throws -> HelmRelease {
        var full: JSONObject = ["interval": "5m", "chart": ["spec": ["chart": "app", "sourceRef": ["kind": "HelmRepository", "name": "r"]]]]
        for (k, v) in spec { full[k] = v }
        return try APIConversion.decode(HelmRelease.self, from: [
            "apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": ["name": "web", "namespace": "apps"], "spec": .object(full),
        ])
    }

    static func refusal(_ spec: JSONObject) throws -> ReconcileError? {
        do { _ = try HelmReleaseSettings(try release(spec)) } catch let error as ReconcileError { return error }
        return nil
    }

    @Test func healthExpressionsAreCompiledAndABadOneStallsNamingIt() throws {
        let good = try HelmReleaseSettings(try Self.release(["healthCheckExprs": [["apiVersion": "example.com/v1", "kind": "Widget",
                                                                                  "current": "status.phase == 'Ready'"]]]))
        #expect(good.healthRules?.rules.count == 1)
        let error = try #require(try Self.refusal(["healthCheckExprs": [["apiVersion": "example.com/v1", "current": "a &&"]]]))
        #expect(error.kind == .stalled)
        #expect(error.reason == ConditionReason.invalidCELExpression)
        #expect(error.message.hasPrefix("spec.healthCheckExprs[0].current 'a &&': "), "\(error.message)")
    }

    @Test func switchedOffFeaturesAreAccepted() throws {
        #expect(try Self.refusal(["driftDetection": ["mode": "disabled"], "test": ["enable": false], "dependsOn": [], "postRenderers": []]) == nil)
    }

    @Test func defaultsAreFluxs() throws {
        let settings = try HelmReleaseSettings(try Self.release([:]))
        #expect(settings.timeout == .seconds(300))
        #expect(settings.releaseName == "web")
        #expect(settings.targetNamespace == "apps")
        #expect(settings.storageNamespace == "apps")
        #expect(settings.maxHistory == 5)
        #expect(settings.installCRDs == .create)
        #expect(settings.upgradeCRDs == .skip)
        #expect(settings.installRetries == 0 && settings.upgradeRetries == 0)
        #expect(settings.impersonation == nil)
        #expect(settings.remediateLastFailure == (false, false))
        let retrying = try HelmReleaseSettings(try Self.release(["install": ["remediation": ["retries": 2]],
                                                                 "upgrade": ["remediation": ["retries": 1, "remediateLastFailure": false]]]))
        #expect(retrying.remediateLastFailure == (true, false), "with retries the last failure is remediated unless switched off")
        let targeted = try HelmReleaseSettings(try Self.release(["targetNamespace": "prod", "serviceAccountName": "deployer"]))
        #expect(targeted.releaseName == "prod-web")
        #expect(targeted.storageNamespace == "apps")
        #expect(targeted.impersonation?.user == "system:serviceaccount:apps:deployer")
    }

    @Test func badValuesAreNamed() throws {
        let timeout = try #require(try Self.refusal(["timeout": "soon"]))
        #expect(timeout.message == "invalid spec.timeout 'soon': not a duration such as 1m or 30s")
        let crds = try #require(try Self.refusal(["install": ["crds": "Always"]]))
        #expect(crds.message == "invalid spec.install.crds 'Always': must be Skip, Create or CreateReplace")
        let history = try #require(try Self.refusal(["maxHistory": -1]))
        #expect(history.message.hasPrefix("invalid spec.maxHistory '-1'"))
    }
}
