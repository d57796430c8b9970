import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// Bad input after a good release: values the chart's schema refuses, a chart version no
/// repository has, a repository that stops answering. Each leaves Ready=False naming the cause,
/// the deployed release and its objects untouched, and nothing uninstalled.
@Suite struct HelmReleaseBadInputTests {
    static let chart: [String: String] = [
        "values.yaml": "replicas: 1\n",
        "values.schema.json": """
        {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
         "properties": {"replicas": {"type": "integer", "minimum": 1}}, "required": ["replicas"]}
        """,
        "templates/main.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-main
        data:
          replicas: "{{ .Values.replicas }}"
        """,
    ]

    /// v1 deployed, its ConfigMap as v1 made it, no other record.
    func expectUntouched(_ env: HelmReleaseTestEnv, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(try await env.recordStatuses().values.filter { $0 == "deployed" }.count == 1, sourceLocation: sourceLocation)
        #expect(try await env.recordStatuses()[1] == "deployed", sourceLocation: sourceLocation)
        #expect(await env.get(HelmReleaseTestEnv.configMap, "web-main")?[path: "data", "replicas"] == "1", sourceLocation: sourceLocation)
    }

    @Test func valuesTheSchemaRefusesChangeNothing() async throws {
        try await HelmReleaseTestEnv.with("hr-bad-schema") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(env.release(spec: ["values": ["replicas": 1]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)

            try await env.apply(env.release(spec: ["values": ["replicas": "many"]]))
            let failed = await env.wait("web", "Ready", "False", reason: HelmReleaseReason.upgradeFailed)
            let message = HelmReleaseTestEnv.condition(failed, "Ready")?["message"]?.stringValue ?? ""
            #expect(message.contains("values don't meet the specifications of the schema(s)"), "\(message)")
            #expect(message.contains("replicas"), "names the field: \(message)")
            try await expectUntouched(env)

            // `upgrade.disableSchemaValidation` (Helm's --skip-schema-validation) lets them through.
            try await env.apply(env.release(spec: ["values": ["replicas": "many"], "upgrade": ["disableSchemaValidation": true]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.upgradeSucceeded)
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-main")?[path: "data", "replicas"] == "many")
        }
    }

    @Test func aMissingVersionWaitsForTheChart() async throws {
        try await HelmReleaseTestEnv.with("hr-bad-version") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(env.release(spec: ["values": ["replicas": 1]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)

            var release = env.release(spec: ["values": ["replicas": 1]])
            release[path: "spec", "chart", "spec", "version"] = "9.x"
            try await env.apply(release)
            await env.wait("web", "Ready", "False", reason: HelmReleaseReason.helmChartNotReady)
            // The HelmChart's verdict reaches the release by its watch (the interval is 5m).
            var message = ""
            let named = await eventually(timeout: .seconds(30), every: .milliseconds(250)) {
                message = HelmReleaseTestEnv.condition(await env.get(HelmReleaseTestEnv.helmRelease, "web"), "Ready")?["message"]?.stringValue ?? ""
                return message.contains("no 'app' chart with version matching '9.x' found")
            }
            #expect(named, "\(message)")
            try await expectUntouched(env)
        }
    }

    @Test func anUnreachableRepositoryLeavesTheReleaseAlone() async throws {
        try await HelmReleaseTestEnv.with("hr-bad-repo") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(env.release(spec: ["values": ["replicas": 1]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)

            // The repository moves to a port nothing listens on, and the release asks for a new
            // chart version: the HelmChart cannot get one, the release waits with its cause.
            try await env.apply(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
                                 "metadata": ["name": "charts", "namespace": .string(env.namespace)],
                                 "spec": ["interval": "1m", "url": "http://127.0.0.1:9/charts", "timeout": "5s"]])
            var release = env.release(spec: ["values": ["replicas": 1]])
            release[path: "spec", "chart", "spec", "version"] = "2.x"
            try await env.apply(release)
            let waiting = await env.wait("web", "Ready", "False", reason: HelmReleaseReason.helmChartNotReady)
            let message = HelmReleaseTestEnv.condition(waiting, "Ready")?["message"]?.stringValue ?? ""
            #expect(message.hasPrefix("HelmChart '\(env.namespace)/\(env.namespace)-web' is not ready"), "\(message)")
            try await expectUntouched(env)
        }
    }
}
