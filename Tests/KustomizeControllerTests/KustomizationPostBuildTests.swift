import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// postBuild: `substitute` and `substituteFrom` ConfigMaps/Secrets (optional or not), defaults,
/// the opt-out annotation, and Flux's build options (targetNamespace, namePrefix, commonMetadata).
@Suite struct KustomizationPostBuildTests {
    @Test func substitutesVariablesFromTheSpecConfigMapsAndSecrets() async throws {
        try await KustomizationEnv.with("ks-postbuild") { env in
            let template = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  namespace: ${NS}
                data:
                  env: "${cluster_env}"
                  region: "${region:=eu-west-1}"
                  token: "${token}"
                  replicas: "${replicas}"
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: literal
                  namespace: ${NS}
                  annotations:
                    kustomize.toolkit.fluxcd.io/substitute: disabled
                data:
                  script: "echo ${HOME}"

                """
            let commit = try await env.push(["apps/settings.yaml": template.replacingOccurrences(of: "${NS}", with: env.namespace)])
            _ = try await env.client.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "vars", "namespace": .string(env.namespace)],
                                             "data": ["cluster_env": "from-configmap", "replicas": "3"]])
            _ = try await env.client.create(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "secret-vars", "namespace": .string(env.namespace)],
                                             "data": ["token": .string(Data("s3cr3t".utf8).base64EncodedString())]])
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps", "postBuild": [
                "substitute": ["cluster_env": "production"],
                "substituteFrom": [["kind": "ConfigMap", "name": "vars"], ["kind": "Secret", "name": "secret-vars"],
                                   ["kind": "ConfigMap", "name": "absent", "optional": true]],
            ]])
            try await env.waitReady("apps", revision: commit)
            let settings = try #require(await env.get(KustomizationEnv.configMap, "settings"))
            #expect(settings[path: "data", "env"]?.stringValue == "production", "substitute wins over substituteFrom")
            #expect(settings[path: "data", "region"]?.stringValue == "eu-west-1")
            #expect(settings[path: "data", "token"]?.stringValue == "s3cr3t")
            #expect(settings[path: "data", "replicas"]?.stringValue == "3")
            #expect(await env.get(KustomizationEnv.configMap, "literal")?[path: "data", "script"]?.stringValue == "echo ${HOME}")

            // A required source of variables that is missing: BuildFailed, nothing changes.
            try await env.applyKustomization("strict", ["path": "./apps", "postBuild": ["substituteFrom": [["kind": "Secret", "name": "absent"]]]])
            let missing = try await env.waitNotReady("strict", reason: "BuildFailed")
            #expect(missing == "substitute from 'Secret/absent' error: Secret '\(env.namespace)/absent' not found")
            #expect(await env.get(KustomizationEnv.configMap, "settings")?[path: "data", "env"]?.stringValue == "production")
            let events = try await env.events(for: "apps").joined(separator: "\n") + (try await env.events(for: "strict")).joined(separator: "\n")
            #expect(!events.contains("s3cr3t"))
        }
    }

    @Test func aWatchedConfigMapChangeIsAppliedAtOnce() async throws {
        try await KustomizationEnv.with("ks-watch-config") { env in
            let commit = try await env.push(["apps/cm.yaml": configMapYAML("settings", ["color": "${color}"])])
            _ = try await env.client.create(["apiVersion": "v1", "kind": "ConfigMap",
                                             "metadata": ["name": "vars", "namespace": .string(env.namespace),
                                                          "labels": ["reconcile.fluxcd.io/watch": "Enabled"]],
                                             "data": ["color": "blue"]])
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps", "interval": "1h",
                                                      "postBuild": ["substituteFrom": [["kind": "ConfigMap", "name": "vars"]]]])
            try await env.waitReady("apps", revision: commit)
            #expect(await env.get(KustomizationEnv.configMap, "settings")?[path: "data", "color"]?.stringValue == "blue")
            // No new commit, no request: the watched variables changed, and that is enough.
            _ = try await env.client.patch(KustomizationEnv.configMap, name: "vars", namespace: env.namespace, type: .merge,
                                           patch: ["data": ["color": "green"]])
            #expect(await eventually(timeout: .seconds(30)) {
                await env.get(KustomizationEnv.configMap, "settings")?[path: "data", "color"]?.stringValue == "green"
            })
        }
    }

    @Test func fluxBuildOptionsApply() async throws {
        try await KustomizationEnv.with("ks-options") { env in
            let commit = try await env.push(["apps/a.yaml": configMapYAML("a", namespace: "somewhere-else")])
            try await env.createSource()
            try await env.applyKustomization("apps", [
                "path": "./apps", "targetNamespace": .string(env.namespace), "namePrefix": "pre-", "nameSuffix": "-post",
                "commonMetadata": ["labels": ["team": "blue"], "annotations": ["owner": "ops"]],
            ])
            try await env.waitReady("apps", revision: commit)
            let a = try #require(await env.get(KustomizationEnv.configMap, "pre-a-post"))
            #expect(a[path: "metadata", "labels", "team"]?.stringValue == "blue")
            #expect(a[path: "metadata", "annotations", "owner"]?.stringValue == "ops")
        }
    }
}
