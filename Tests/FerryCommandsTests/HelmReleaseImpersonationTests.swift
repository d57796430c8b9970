import FerryTesting
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `spec.serviceAccountName`: the release is made as that account, so it can do only what RBAC
/// lets the account do.
@Suite struct HelmReleaseImpersonationTests {
    static let chart: [String: String] = [
        "templates/main.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-main\ndata:\n  ok: \"yes\"\n",
    ]

    @Test func anAccountWithoutRightsIsRefusedUntilARoleBindingGrantsThem() async throws {
        try await HelmReleaseTestEnv.with("hr-impersonate") { env in
            let ns = JSONValue.string(env.namespace)
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "deployer", "namespace": ns]])
            try await env.apply(env.release(spec: ["serviceAccountName": "deployer"]))
            let refused = await env.wait("web", "Ready", "False", reason: HelmReleaseReason.getLastReleaseFailed)
            let message = HelmReleaseTestEnv.condition(refused, "Ready")?["message"]?.stringValue ?? ""
            #expect(message.contains("system:serviceaccount:\(env.namespace):deployer"), "\(message)")
            #expect(message.contains("forbidden") && message.contains("secrets"), "names the refused action: \(message)")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-main") == nil, "nothing is created")
            #expect(try await env.recordStatuses().isEmpty)

            try await env.apply(["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                                 "metadata": ["name": "deployer", "namespace": ns],
                                 "rules": [["apiGroups": [""], "resources": ["configmaps", "secrets"], "verbs": ["*"]]]])
            try await env.apply(["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                                 "metadata": ["name": "deployer", "namespace": ns],
                                 "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "deployer"],
                                 "subjects": [["kind": "ServiceAccount", "name": "deployer", "namespace": ns]]])
            try await env.requestReconcile()
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-main")?[path: "data", "ok"] == "yes")
            #expect(try await env.recordStatuses() == [1: "deployed"])
        }
    }

    /// The lockdown flags of a multi-tenant controller: `--default-service-account` makes a
    /// release that names no account act as that one (never as the controller), and
    /// `--no-cross-namespace-refs` refuses a chart source in another namespace.
    @Test func lockdownFlagsConfineReleasesThatAskForNothing() async throws {
        try await HelmReleaseTestEnv.with("hr-lockdown", controllerArguments: ["--default-service-account", "tenant",
                                                                                "--no-cross-namespace-refs", "true"]) { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(env.release())
            let refused = await env.wait("web", "Ready", "False", reason: HelmReleaseReason.getLastReleaseFailed)
            let message = HelmReleaseTestEnv.condition(refused, "Ready")?["message"]?.stringValue ?? ""
            #expect(message.contains("system:serviceaccount:\(env.namespace):tenant"), "acts as the default account: \(message)")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-main") == nil)

            var elsewhere = env.release("other")
            elsewhere[path: "spec", "chart", "spec", "sourceRef", "namespace"] = "flux-system"
            try await env.apply(elsewhere)
            let denied = await env.wait("other", "Stalled", "True", reason: ConditionReason.accessDenied)
            #expect(HelmReleaseTestEnv.condition(denied, "Stalled")?["message"]?.stringValue
                    == "spec.chart.spec.sourceRef: cannot reference namespace 'flux-system': cross-namespace references are not allowed")
        }
    }
}
