import FerryTesting
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `spec.valuesFrom` through the controller: the chart shows the values it was given, so what the
/// user sees in the cluster is what Flux's composition rules promise.
@Suite struct HelmReleaseValuesFromTests {
    /// A chart whose one ConfigMap holds `.Values` as JSON.
    static let showValues: [String: String] = [
        "values.yaml": "a: chart-default\nkeep: from-chart\n",
        "templates/values.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-values
        data:
          values: {{ toJson .Values | quote }}
        """,
    ]

    func shown(_ env: HelmReleaseTestEnv) async throws -> JSONValue {
        let config = try #require(await env.get(HelmReleaseTestEnv.configMap, "web-values"))
        return try JSONValue(json: try #require(config[path: "data", "values"]?.stringValue))
    }

    func configMap(_ env: HelmReleaseTestEnv, _ name: String, _ data: JSONObject) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": .string(env.namespace)], "data": .object(data)]
    }

    @Test func composesConfigMapsSecretsAndInlineValuesAndUpgradesOnChange() async throws {
        try await HelmReleaseTestEnv.with("hr-valuesfrom") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.showValues)
            try await env.apply(configMap(env, "base", ["values.yaml": "a: from-base\nnested:\n  x: 1\n  label: base\n"]))
            try await env.apply(configMap(env, "extra", ["custom.yaml": "nested:\n  label: extra\nb: from-key\n"]))
            try await env.apply(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "creds", "namespace": .string(env.namespace)],
                                 "stringData": ["password": "s3cret"]])
            let references: JSONValue = [
                ["kind": "ConfigMap", "name": "base"],
                ["kind": "ConfigMap", "name": "extra", "valuesKey": "custom.yaml"],
                ["kind": "Secret", "name": "creds", "valuesKey": "password", "targetPath": "auth.password"],
                ["kind": "ConfigMap", "name": "not-there", "optional": true],
            ]
            try await env.apply(env.release(spec: ["valuesFrom": references, "values": ["a": "inline"]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            var values = try await shown(env)
            #expect(values["a"] == "inline", "spec.values wins over every valuesFrom")
            #expect(values[path: "nested", "x"] == 1)
            #expect(values[path: "nested", "label"] == "extra", "a later reference wins over an earlier one")
            #expect(values["b"] == "from-key")
            #expect(values[path: "auth", "password"] == "s3cret")
            #expect(values["keep"] == "from-chart")

            // The ConfigMap changes; a requested reconcile picks it up as an upgrade.
            try await env.apply(configMap(env, "base", ["values.yaml": "a: from-base\nnested:\n  x: 2\n"]))
            try await env.requestReconcile()
            let upgraded = await env.wait("web", "Ready", "True", reason: HelmReleaseReason.upgradeSucceeded)
            #expect(upgraded?[path: "status", "lastReleaseRevision"] == 2)
            values = try await shown(env)
            #expect(values[path: "nested", "x"] == 2)

            // A reference that is not optional and names nothing: InitFailed naming it, v2 stays.
            let missing: JSONValue = [["kind": "ConfigMap", "name": "base"], ["kind": "Secret", "name": "absent"]]
            try await env.apply(env.release(spec: ["valuesFrom": missing]))
            let failed = await env.wait("web", "Ready", "False", reason: HelmReleaseReason.initFailed)
            let message = HelmReleaseTestEnv.condition(failed, "Ready")?["message"]?.stringValue ?? ""
            #expect(message.contains("Secret '\(env.namespace)/absent'"), "\(message)")
            #expect(try await env.recordStatuses() == [1: "superseded", 2: "deployed"])
            #expect(try await shown(env)[path: "nested", "x"] == 2)

            // A missing key in an existing object is named too.
            try await env.apply(env.release(spec: ["valuesFrom": [["kind": "ConfigMap", "name": "extra", "valuesKey": "nope.yaml"]]]))
            let noKey = await env.wait("web", "Ready", "False", reason: HelmReleaseReason.initFailed)
            let keyMessage = HelmReleaseTestEnv.condition(noKey, "Ready")?["message"]?.stringValue ?? ""
            #expect(keyMessage.contains("missing key 'nope.yaml' in ConfigMap '\(env.namespace)/extra'"), "\(keyMessage)")
        }
    }
}
