import FerryAPI
import Foundation
import Testing

/// HelmReleases as the API server hands them out decode into FerryAPI's types and encode back
/// to the same JSON: a field the types do not know would silently vanish from a status patch
/// or an export, so every v2 field appears in one of these documents.
@Suite struct HelmReleaseCodingTests {
    /// A release from a chart template, with every spec field set.
    static let fromTemplate = #"""
    {
      "apiVersion": "helm.toolkit.fluxcd.io/v2",
      "kind": "HelmRelease",
      "metadata": {"name": "webapp", "namespace": "apps", "generation": 4, "uid": "0d6f1c2e",
                   "annotations": {"reconcile.fluxcd.io/forceAt": "2025-01-01T00:00:00Z"}, "finalizers": ["finalizers.fluxcd.io"]},
      "spec": {
        "chart": {
          "metadata": {"labels": {"team": "web"}, "annotations": {"owner": "ops"}},
          "spec": {
            "chart": "webapp", "version": ">=2.1.0 <3.0.0",
            "sourceRef": {"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository", "name": "charts", "namespace": "flux-system"},
            "interval": "30m", "reconcileStrategy": "ChartVersion", "valuesFiles": ["values.yaml", "values-prod.yaml"],
            "ignoreMissingValuesFiles": true,
            "verify": {"provider": "cosign", "secretRef": {"name": "cosign-keys"}}
          }
        },
        "interval": "10m",
        "kubeConfig": {"secretRef": {"name": "remote", "key": "value.yaml"}},
        "suspend": false,
        "releaseName": "webapp-prod",
        "targetNamespace": "web",
        "storageNamespace": "helm-storage",
        "dependsOn": [{"name": "database"}, {"name": "cert-manager", "namespace": "infra", "readyExpr": "dep.status.ready == true"}],
        "timeout": "7m30s",
        "maxHistory": 0,
        "serviceAccountName": "deployer",
        "persistentClient": false,
        "driftDetection": {
          "mode": "warn",
          "ignore": [{"paths": ["/spec/replicas"], "target": {"kind": "Deployment", "name": "webapp", "labelSelector": "tier=web"}},
                     {"paths": ["/metadata/annotations/checksum"]}]
        },
        "install": {
          "timeout": "10m",
          "remediation": {"retries": -1, "ignoreTestFailures": true, "remediateLastFailure": true},
          "strategy": {"name": "RetryOnFailure", "retryInterval": "2m"},
          "disableWait": true, "disableWaitForJobs": true, "disableHooks": true, "disableOpenAPIValidation": true,
          "disableSchemaValidation": true, "disableTakeOwnership": true, "replace": true, "skipCRDs": true,
          "crds": "CreateReplace", "createNamespace": true, "serverSideApply": false
        },
        "upgrade": {
          "timeout": "15m",
          "remediation": {"retries": 3, "ignoreTestFailures": false, "remediateLastFailure": false, "strategy": "uninstall"},
          "strategy": {"name": "RemediateOnFailure"},
          "disableWait": false, "disableWaitForJobs": true, "disableHooks": false, "disableOpenAPIValidation": true,
          "disableSchemaValidation": true, "disableTakeOwnership": false, "force": true, "preserveValues": true,
          "cleanupOnFail": true, "crds": "Skip", "serverSideApply": "auto"
        },
        "test": {"enable": true, "timeout": "3m", "ignoreFailures": false,
                 "filters": [{"name": "smoke"}, {"name": "load", "exclude": true}]},
        "rollback": {"timeout": "4m", "disableWait": true, "disableWaitForJobs": false, "disableHooks": true, "recreate": true,
                     "force": false, "cleanupOnFail": true, "serverSideApply": "disabled"},
        "uninstall": {"timeout": "2m", "disableHooks": true, "keepHistory": true, "disableWait": true, "deletionPropagation": "foreground"},
        "valuesFrom": [
          {"kind": "ConfigMap", "name": "webapp-values"},
          {"kind": "Secret", "name": "webapp-secrets", "valuesKey": "password", "targetPath": "db.auth.password", "optional": true}
        ],
        "values": {
          "replicaCount": 3, "ratio": 0.25, "huge": 12345678901234, "negative": -7, "enabled": true, "nothing": null,
          "name": "web", "quoted": "true", "empty": {}, "list": [], "deep": {"a": [1, "two", false, null, {"b": [[2.5]]}]}
        },
        "postRenderers": [
          {"kustomize": {
            "patches": [{"patch": "- op: add\n  path: /metadata/labels/x\n  value: y\n", "target": {"group": "apps", "version": "v1", "kind": "Deployment"}}],
            "images": [{"name": "nginx", "newName": "registry.local/nginx", "newTag": "1.27"}, {"name": "redis", "digest": "sha256:abc"}]
          }},
          {}
        ],
        "commonMetadata": {"labels": {"env": "prod"}, "annotations": {"note": "managed"}},
        "postRenderStrategy": "separate",
        "waitStrategy": {"name": "legacy"},
        "healthCheckExprs": [{"apiVersion": "example.com/v1", "kind": "Widget", "current": "status.ready", "inProgress": "!status.ready",
                              "failed": "status.error != ''"}]
      }
    }
    """#

    /// A release from an OCIRepository chart, with every status field set.
    static let fromChartRef = #"""
    {
      "apiVersion": "helm.toolkit.fluxcd.io/v2",
      "kind": "HelmRelease",
      "metadata": {"name": "podinfo", "namespace": "default", "generation": 2},
      "spec": {
        "chartRef": {"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository", "name": "podinfo", "namespace": "flux-system"},
        "interval": "5m",
        "values": "a scalar is valid JSON too"
      },
      "status": {
        "observedGeneration": 2,
        "observedPostRenderersDigest": "sha256:aa11",
        "observedCommonMetadataDigest": "sha256:bb22",
        "lastAttemptedGeneration": 2,
        "conditions": [
          {"type": "Ready", "status": "True", "observedGeneration": 2, "lastTransitionTime": "2025-03-01T10:00:00Z",
           "reason": "UpgradeSucceeded", "message": "Helm upgrade succeeded for release default/podinfo.v2 with chart podinfo@6.7.1"},
          {"type": "Released", "status": "True", "observedGeneration": 2, "lastTransitionTime": "2025-03-01T10:00:00Z",
           "reason": "UpgradeSucceeded", "message": "upgraded"}
        ],
        "helmChart": "flux-system/default-podinfo",
        "storageNamespace": "default",
        "history": [
          {"apiVersion": "v2", "digest": "sha256:cc33", "name": "podinfo", "namespace": "default", "version": 2, "status": "deployed",
           "chartName": "podinfo", "chartVersion": "6.7.1+0cc9a8446c95", "appVersion": "6.7.1", "configDigest": "sha256:dd44",
           "firstDeployed": "2025-02-01T09:00:00Z", "lastDeployed": "2025-03-01T09:59:00Z",
           "testHooks": {"podinfo-grpc-test": {"lastStarted": "2025-03-01T09:59:30Z", "lastCompleted": "2025-03-01T09:59:40Z", "phase": "Succeeded"}},
           "ociDigest": "sha256:0cc9a8446c95", "action": "upgrade"},
          {"digest": "sha256:ee55", "name": "podinfo", "namespace": "default", "version": 1, "status": "superseded",
           "chartName": "podinfo", "chartVersion": "6.7.0", "configDigest": "sha256:dd44",
           "firstDeployed": "2025-02-01T09:00:00Z", "lastDeployed": "2025-02-01T09:00:00Z", "deleted": "2025-03-01T09:59:00Z"}
        ],
        "inventory": {"entries": [{"id": "default_podinfo__Service", "v": "v1"}, {"id": "default_podinfo_apps_Deployment", "v": "v1"}]},
        "lastAttemptedReleaseAction": "upgrade",
        "lastAttemptedReleaseActionDuration": "12.5s",
        "failures": 1,
        "installFailures": 0,
        "upgradeFailures": 1,
        "lastAttemptedRevision": "6.7.1+0cc9a8446c95",
        "lastAttemptedRevisionDigest": "sha256:0cc9a8446c95",
        "lastAttemptedValuesChecksum": "4e9f",
        "lastReleaseRevision": 2,
        "lastAttemptedConfigDigest": "sha256:dd44",
        "lastHandledReconcileAt": "2025-03-01T09:58:00Z",
        "lastHandledForceAt": "2025-03-01T09:57:00Z",
        "lastHandledResetAt": "2025-03-01T09:56:00Z"
      }
    }
    """#

    /// Both documents in one comparable form: keys sorted, no whitespace, independent of FerryAPI.
    private func canonical(_ data: Data) throws -> String {
        let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let bytes = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The encoded object (minus `apiVersion`/`kind`, which the controller adds) equals the input.
    private func roundTrip(_ text: String) throws -> HelmRelease {
        let input = Data(text.utf8)
        let release = try JSONDecoder().decode(HelmRelease.self, from: input)
        var expected = try #require(try JSONSerialization.jsonObject(with: input) as? [String: Any])
        expected["apiVersion"] = nil
        expected["kind"] = nil
        let output = try JSONEncoder().encode(release)
        #expect(try canonical(output) == canonical(JSONSerialization.data(withJSONObject: expected)))
        return release
    }

    @Test func templateReleaseLosesNoField() throws {
        let release = try roundTrip(Self.fromTemplate)
        #expect(release.spec.chart?.spec.sourceRef.namespace == "flux-system")
        #expect(release.spec.install?.remediation?.retries == -1)
        #expect(release.spec.upgrade?.remediation?.strategy == HelmRemediationStrategy.uninstall.rawValue)
        #expect(release.spec.maxHistory == 0)
        #expect(release.spec.values?["replicaCount"] == .int(3))
        #expect(release.spec.values?["ratio"] == .double(0.25))
        #expect(release.spec.values?["quoted"] == .string("true"))
        #expect(release.spec.values?["enabled"] == .bool(true))
        #expect(release.spec.values?["nothing"] == .null)
        #expect(PostRenderStrategy(rawValue: release.spec.postRenderStrategy ?? "") == .separate)
    }

    @Test func chartRefReleaseWithStatusLosesNoField() throws {
        let release = try roundTrip(Self.fromChartRef)
        let status = try #require(release.status)
        #expect(release.spec.chart == nil)
        #expect(release.spec.chartRef?.kind == "OCIRepository")
        #expect(status.condition(HelmReleaseCondition.ready)?.reason == HelmReleaseReason.upgradeSucceeded)
        #expect(status.condition(HelmReleaseCondition.testSuccess) == nil)
        #expect(status.history?.first?.testHooks?["podinfo-grpc-test"]?.phase == "Succeeded")
        #expect(status.history?.last?.deleted == "2025-03-01T09:59:00Z")
        #expect(HelmReleaseAction(rawValue: status.lastAttemptedReleaseAction ?? "") == .upgrade)
    }

    /// Flux's minimal example: defaults stay unset, so nothing is written that the user did not write.
    @Test func minimalReleaseWritesOnlyWhatWasGiven() throws {
        let spec = HelmReleaseSpec(chart: HelmChartTemplate(spec: HelmChartTemplateSpec(
            chart: "podinfo", sourceRef: CrossNamespaceObjectReference(kind: "HelmRepository", name: "podinfo"))), interval: "10m")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(spec), as: UTF8.self)
        #expect(text == #"{"chart":{"spec":{"chart":"podinfo","sourceRef":{"kind":"HelmRepository","name":"podinfo"}}},"interval":"10m"}"#)
    }

    @Test(arguments: [
        (#"{"metadata":{"name":"x"},"spec":{"chartRef":{"kind":"HelmChart","name":"c"}}}"#, "interval"),
        (#"{"metadata":{"name":"x"},"spec":{"interval":"1m","chart":{"spec":{"chart":"c"}}}}"#, "sourceRef"),
        (#"{"metadata":{"name":"x"},"spec":{"interval":"1m","driftDetection":{"ignore":[{"target":{}}]}}}"#, "paths"),
    ])
    func missingRequiredFieldIsAnError(json: String, field: String) {
        #expect {
            _ = try JSONDecoder().decode(HelmRelease.self, from: Data(json.utf8))
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == field
        }
    }

    @Test func wrongTypeIsAnError() {
        let json = #"{"metadata":{"name":"x"},"spec":{"interval":"1m","maxHistory":"five"}}"#
        #expect(throws: DecodingError.self) { _ = try JSONDecoder().decode(HelmRelease.self, from: Data(json.utf8)) }
    }
}
