import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `spec.healthCheckExprs`: a release of a custom resource kstatus knows nothing about waits
/// until the CEL expression for its kind says it is current, and fails when the `failed`
/// expression says so.
@Suite struct HelmReleaseHealthExprTests {
    static func chart(group: String) -> [String: String] {
        [
            "crds/crd.yaml": HelmReleaseCRDTests.crd("widgets", kind: "Widget", group: group),
            "templates/widget.yaml": """
            apiVersion: \(group)/v1
            kind: Widget
            metadata:
              name: {{ .Release.Name }}-widget
            spec:
              size: 1
            """,
        ]
    }

    static func exprs(group: String) -> JSONValue {
        [["apiVersion": .string("\(group)/v1"), "kind": "Widget",
          "current": "status.phase == 'Ready'", "failed": "status.phase == 'Broken'"]]
    }

    func setPhase(_ env: HelmReleaseTestEnv, group: String, name: String, _ phase: String) async throws {
        _ = try await env.client.patch(GroupVersionKind(group: group, version: "v1", kind: "Widget"), name: name, namespace: env.namespace,
                                       type: .merge, patch: ["status": ["phase": .string(phase)]])
    }

    @Test func aCustomResourceIsReadyWhenItsExpressionSaysSo() async throws {
        try await HelmReleaseTestEnv.with("hr-health") { env in
            let group = "\(env.namespace).ferry.test"
            defer {
                let client = env.client
                Task { _ = try? await client.delete(HelmReleaseCRDTests.crdKind, name: "widgets.\(group)") }
            }
            try env.repo.publish(chart: "widget", version: "1.0.0", files: Self.chart(group: group))
            let widget = GroupVersionKind(group: group, version: "v1", kind: "Widget")
            for name in ["good", "bad"] {
                try await env.apply(env.release(name, chart: "widget", spec: ["timeout": "60s", "healthCheckExprs": Self.exprs(group: group)]))
            }
            // Both widgets exist, neither release is Ready: kstatus alone would call them current.
            let made = await eventually(timeout: .seconds(60)) {
                let good = await env.get(widget, "good-widget"), bad = await env.get(widget, "bad-widget")
                return good != nil && bad != nil
            }
            #expect(made, "\(env.controllers.log.suffix(2000))")
            for name in ["good", "bad"] {
                let ready = HelmReleaseTestEnv.condition(await env.get(HelmReleaseTestEnv.helmRelease, name), "Ready")
                #expect(ready?["status"] != "True", "\(name) is not Ready before its expression holds")
            }

            try await setPhase(env, group: group, name: "good-widget", "Ready")
            try await setPhase(env, group: group, name: "bad-widget", "Broken")
            await env.wait("good", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            let failed = await env.wait("bad", "Ready", "False", reason: HelmReleaseReason.installFailed)
            let message = HelmReleaseTestEnv.condition(failed, "Ready")?["message"]?.stringValue ?? ""
            #expect(message.contains("Widget/\(env.namespace)/bad-widget status: 'Failed'"), "\(message)")
        }
    }

    @Test func anExpressionThatDoesNotParseStalls() async throws {
        try await HelmReleaseTestEnv.with("hr-health-bad") { env in
            try env.repo.publish(chart: "app", version: "1.0.0")
            try await env.apply(env.release(spec: ["healthCheckExprs": [["apiVersion": "example.com/v1", "kind": "Widget", "current": "status.(("]]]))
            let stalled = await env.wait("web", "Stalled", "True", reason: ConditionReason.invalidCELExpression)
            #expect(HelmReleaseTestEnv.condition(stalled, "Stalled")?["message"]?.stringValue?.hasPrefix("spec.healthCheckExprs[0].current 'status.((': ") == true)
        }
    }
}
