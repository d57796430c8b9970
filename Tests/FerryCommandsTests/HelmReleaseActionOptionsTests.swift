import FerryTesting
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import Testing

/// Helm's install and upgrade options through the controller, with the outcome a user sees:
/// values kept by `upgrade.preserveValues`, a failed upgrade uninstalled
/// (`remediation.strategy: uninstall`) or retried without remediation (`strategy:
/// RetryOnFailure`), and `upgrade.force`. Rollback and uninstall options:
/// ``HelmReleaseRollbackUninstallTests``.
@Suite struct HelmReleaseActionOptionsTests {
    static let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
    static let replicaSet = GroupVersionKind(group: "apps", version: "v1", kind: "ReplicaSet")

    /// `<release>-main` shows `message` and `color`; `extra` names a second ConfigMap (an
    /// invalid name, `Bad_Name`, renders fine and is refused by the API server); a Deployment
    /// when `workload`; a `pre-delete` hook `<release>-predelete`.
    static let chart: [String: String] = [
        "values.yaml": "message: hello\ncolor: none\nextra: \"\"\nworkload: false\n",
        "templates/main.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-main
        data:
          message: {{ .Values.message | quote }}
          color: {{ .Values.color | quote }}
        {{- if .Values.extra }}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Values.extra }}
        data: {}
        {{- end }}
        {{- if .Values.workload }}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}
        spec:
          replicas: 1
          selector:
            matchLabels: {app: {{ .Release.Name }}}
          template:
            metadata:
              labels: {app: {{ .Release.Name }}}
            spec:
              containers:
              - {name: main, image: registry.example/web:1.0}
        {{- end }}
        """,
        "templates/hook.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-predelete
          annotations:
            helm.sh/hook: pre-delete
        data:
          ran: "yes"
        """,
    ]

    func main(_ env: HelmReleaseTestEnv, _ key: String = "message", release: String = "web") async -> String? {
        await env.get(HelmReleaseTestEnv.configMap, "\(release)-main")?[path: "data", key]?.stringValue
    }

    func deleteAndWaitGone(_ env: HelmReleaseTestEnv, _ name: String) async throws {
        _ = try await env.client.delete(HelmReleaseTestEnv.helmRelease, name: name, namespace: env.namespace)
        let gone = await eventually(timeout: .seconds(90), every: .milliseconds(250)) { await env.get(HelmReleaseTestEnv.helmRelease, name) == nil }
        #expect(gone, "HelmRelease \(name) was never let go\n\(env.controllers.log.suffix(2500))")
    }

    @Test func preserveValuesKeepsAValueDroppedFromTheSpec() async throws {
        try await HelmReleaseTestEnv.with("hr-preserve") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(env.release(spec: ["values": ["message": "one", "color": "red"]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            try await env.apply(env.release(spec: ["values": ["message": "two"], "upgrade": ["preserveValues": true]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.upgradeSucceeded)
            #expect(await main(env) == "two", "the new value wins")
            #expect(await main(env, "color") == "red", "the value no longer in spec.values is kept from the last release")
            let config = try await env.record(2)[path: "config"]
            #expect(config?["message"] == "two" && config?["color"] == "red", "the stored values are the merged ones: \(config?.jsonString() ?? "")")
            // The merged values are what is deployed: a further reconcile finds it up to date.
            await env.waitHandled(try await env.requestReconcile())
            #expect(try await env.recordStatuses() == [1: "superseded", 2: "deployed"])
            // Without the option, the dropped value falls back to the chart's default.
            try await env.apply(env.release(spec: ["values": ["message": "three"], "upgrade": ["preserveValues": false]]))
            await env.wait("web", "Released", "True", reason: HelmReleaseReason.upgradeSucceeded)
            #expect(await main(env, "color") == "none")
        }
    }

    @Test func uninstallRemediationUninstallsAFailedUpgrade() async throws {
        try await HelmReleaseTestEnv.with("hr-upg-uninstall") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            let upgrade: JSONValue = ["remediation": ["retries": 1, "strategy": "uninstall"]]
            try await env.apply(env.release(spec: ["values": ["message": "first"], "upgrade": upgrade]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            #expect(await main(env) == "first")
            try await env.apply(env.release(spec: ["values": ["message": "second", "extra": "Bad_Name"], "upgrade": upgrade]))
            let remediated = await env.wait("web", "Remediated", "True", reason: HelmReleaseReason.uninstallSucceeded)
            let text = HelmReleaseTestEnv.condition(remediated, "Remediated")?["message"]?.stringValue ?? ""
            #expect(text.hasPrefix("Helm uninstall succeeded for release \(env.namespace)/web.v2"), "\(text)")
            #expect(try await env.recordStatuses().values.contains("deployed") == false, "no rollback: nothing is deployed")
            #expect(await main(env) == nil, "the release's objects are gone, not rolled back to v1's")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-predelete")?[path: "data", "ran"] == "yes",
                    "the uninstall ran the release's pre-delete hook")
        }
    }

    @Test func retryOnFailureRetriesWithoutRollingBack() async throws {
        try await HelmReleaseTestEnv.with("hr-retry") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            // Remediation retries that would roll back under the default strategy.
            let upgrade: JSONValue = ["remediation": ["retries": 1], "strategy": ["name": "RetryOnFailure", "retryInterval": "2s"]]
            try await env.apply(env.release(spec: ["values": ["message": "first"], "upgrade": upgrade]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            try await env.apply(env.release(spec: ["values": ["message": "second", "extra": "Bad_Name"], "upgrade": upgrade]))
            var last: JSONValue?
            let retried = await eventually(timeout: .seconds(60), every: .milliseconds(250)) {
                last = await env.get(HelmReleaseTestEnv.helmRelease, "web")
                return (last?[path: "status", "upgradeFailures"]?.intValue ?? 0) >= 3
            }
            #expect(retried, "the failed upgrade is tried again and again: \(last?[path: "status"]?.jsonString() ?? "")")
            #expect(HelmReleaseTestEnv.condition(last, "Remediated") == nil, "never remediated")
            #expect(HelmReleaseTestEnv.condition(last, "Stalled")?["status"]?.stringValue != "True", "never stalled: retries are not spent")
            #expect(HelmReleaseTestEnv.condition(last, "Released")?["reason"]?.stringValue == HelmReleaseReason.upgradeFailed)
            let statuses = try await env.recordStatuses()
            #expect(statuses[1] == "deployed" && statuses.count >= 3, "v1 stays deployed, each retry is a failed version: \(statuses)")
            #expect(await main(env) == "first", "v1's objects stay as they were (the refused apply changed nothing)")
            // Fixing the values lets the next attempt succeed.
            try await env.apply(env.release(spec: ["values": ["message": "third"], "upgrade": upgrade]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.upgradeSucceeded)
            #expect(await main(env) == "third")
        }
    }

    /// An immutable ConfigMap (`immutable: true`): its data cannot change in place.
    static let immutableChart: [String: String] = [
        "values.yaml": "message: hello\n",
        "templates/frozen.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-frozen
        immutable: true
        data:
          message: {{ .Values.message | quote }}
        """,
    ]

    @Test func upgradeForceRecreatesWhatCannotChangeInPlace() async throws {
        try await HelmReleaseTestEnv.with("hr-force") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.immutableChart)
            try await env.apply(env.release(spec: ["values": ["message": "one"]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            let before = await env.get(HelmReleaseTestEnv.configMap, "web-frozen")?[path: "metadata", "uid"]
            try await env.apply(env.release(spec: ["values": ["message": "two"], "upgrade": ["force": false]]))
            let refused = await env.wait("web", "Released", "False", reason: HelmReleaseReason.upgradeFailed)
            let text = HelmReleaseTestEnv.condition(refused, "Released")?["message"]?.stringValue ?? ""
            #expect(text.contains("immutable"), "without force the API server's refusal is the failure: \(text)")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-frozen")?[path: "data", "message"] == "one")
            try await env.apply(env.release(spec: ["values": ["message": "two"], "upgrade": ["force": true]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.upgradeSucceeded)
            let after = await env.get(HelmReleaseTestEnv.configMap, "web-frozen")
            #expect(after?[path: "data", "message"] == "two")
            #expect(after?[path: "metadata", "uid"] != before, "re-created, not changed in place")
        }
    }
}
