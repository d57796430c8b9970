import FerryTesting
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import Testing

/// Remediation of failed actions through the controller: an upgrade the API server refuses is
/// rolled back when `upgrade.remediation.retries` allows, left failed otherwise; a refused
/// install is uninstalled and tried again.
@Suite struct HelmReleaseRemediationTests {
    /// `<release>-main` shows `message`; `extra` names a second ConfigMap — an invalid name
    /// (`Bad_Name`) renders fine and is refused by the API server.
    static let chart: [String: String] = [
        "values.yaml": "message: hello\nextra: \"\"\n",
        "templates/main.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-main
        data:
          message: {{ .Values.message | quote }}
        {{- if .Values.extra }}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Values.extra }}
        data:
          message: {{ .Values.message | quote }}
        {{- end }}
        """,
    ]

    func message(_ env: HelmReleaseTestEnv) async -> String? {
        await env.get(HelmReleaseTestEnv.configMap, "web-main")?[path: "data", "message"]?.stringValue
    }

    @Test func aRefusedUpgradeIsRolledBackWhenRetriesAllow() async throws {
        try await HelmReleaseTestEnv.with("hr-rollback") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            let upgrade: JSONValue = ["remediation": ["retries": 1]]
            try await env.apply(env.release(spec: ["values": ["message": "first"], "upgrade": upgrade]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            try await env.apply(env.release(spec: ["values": ["message": "second", "extra": "Bad_Name"], "upgrade": upgrade]))
            let remediated = await env.wait("web", "Remediated", "True", reason: HelmReleaseReason.rollbackSucceeded)
            let text = HelmReleaseTestEnv.condition(remediated, "Remediated")?["message"]?.stringValue ?? ""
            #expect(text.hasPrefix("Helm rollback to previous release \(env.namespace)/web.v1 with chart app@1.0.0 succeeded"), "\(text)")
            let rollback = try await env.record(3)
            #expect(rollback[path: "info", "description"] == "Rollback to 1")
            #expect(rollback[path: "config", "message"] == "first")
            #expect(try await env.record(2)[path: "info", "status"] != "deployed")
            #expect(await message(env) == "first", "the live object is v1's again")
            // The retry fails too; with its one retry spent the release stalls.
            let stalled = await env.wait("web", "Stalled", "True")
            let stall = HelmReleaseTestEnv.condition(stalled, "Stalled")?["message"]?.stringValue ?? ""
            #expect(stall.contains("retries exhausted"), "\(stall)")
            #expect(await message(env) == "first")
        }
    }

    @Test func withoutRetriesAFailedUpgradeStaysFailedUntilTheSpecChanges() async throws {
        try await HelmReleaseTestEnv.with("hr-noretry") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(env.release(spec: ["values": ["message": "first"]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            try await env.apply(env.release(spec: ["values": ["message": "second", "extra": "Bad_Name"]]))
            let failed = await env.wait("web", "Released", "False", reason: HelmReleaseReason.upgradeFailed)
            let text = HelmReleaseTestEnv.condition(failed, "Released")?["message"]?.stringValue ?? ""
            #expect(text.hasPrefix("Helm upgrade failed for release \(env.namespace)/web.v2 with chart app@1.0.0"), "\(text)")
            #expect(text.contains("Bad_Name"), "the refused object is named: \(text)")
            let stalled = await env.wait("web", "Stalled", "True")
            let stall = HelmReleaseTestEnv.condition(stalled, "Stalled")?["message"]?.stringValue ?? ""
            #expect(stall.contains("retries exhausted"), "\(stall)")
            #expect(HelmReleaseTestEnv.condition(stalled, "Remediated") == nil, "nothing is remediated without retries")
            #expect(try await env.recordStatuses() == [1: "deployed", 2: "failed"])
            // A further reconcile, once handled, has changed nothing.
            await env.waitHandled(try await env.requestReconcile())
            #expect(try await env.recordStatuses() == [1: "deployed", 2: "failed"])
            // A new spec is tried at once.
            try await env.apply(env.release(spec: ["values": ["message": "third"]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.upgradeSucceeded)
            #expect(try await env.recordStatuses() == [1: "superseded", 2: "failed", 3: "deployed"])
            #expect(await message(env) == "third")
        }
    }

    @Test func aRefusedInstallIsUninstalledAndRetried() async throws {
        try await HelmReleaseTestEnv.with("hr-reinstall") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(env.release(spec: ["values": ["message": "first", "extra": "Bad_Name"],
                                                   "install": ["remediation": ["retries": 1]]]))
            let remediated = await env.wait("web", "Remediated", "True", reason: HelmReleaseReason.uninstallSucceeded)
            let text = HelmReleaseTestEnv.condition(remediated, "Remediated")?["message"]?.stringValue ?? ""
            #expect(text.hasPrefix("Helm uninstall succeeded for release \(env.namespace)/web.v1"), "\(text)")
            let stalled = await env.wait("web", "Stalled", "True")
            let stall = HelmReleaseTestEnv.condition(stalled, "Stalled")?["message"]?.stringValue ?? ""
            #expect(stall.contains("retries exhausted"), "\(stall)")
            #expect(stalled?[path: "status", "installFailures"] == 2, "installed twice: \(stalled?[path: "status"]?.jsonString() ?? "")")
            // The last failure is remediated too (Flux's default with retries): nothing is left.
            #expect(try await env.recordStatuses() == [:])
            #expect(await message(env) == nil)
        }
    }
}
