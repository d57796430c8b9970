import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `dependsOn` across kinds, through the controllers: a HelmRelease waits for the HelmRelease
/// it depends on, an app Kustomization waits for a HelmRelease (`kind: HelmRelease`, a Ferry
/// extension Flux lacks), a HelmRelease waits for a Kustomization, and a cycle through both
/// kinds is reported instead of waited on. Each wait ends because the dependency's watch wakes
/// the dependent, not because an interval passed (the intervals here are an hour).
@Suite struct HelmReleaseDependsOnTests {
    static let kustomization = GroupVersionKind(group: "kustomize.toolkit.fluxcd.io", version: "v1", kind: "Kustomization")

    static let chart: [String: String] = [
        "values.yaml": "message: hello\n",
        "templates/main.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-main
        data:
          message: {{ .Values.message | quote }}
        """,
    ]

    func release(_ env: HelmReleaseTestEnv, _ name: String, dependsOn: [JSONValue]) -> JSONValue {
        env.release(name, spec: ["interval": "1h", "dependsOn": .array(dependsOn)])
    }

    /// A Kustomization of `path` in a Git repository holding one ConfigMap there.
    func kustomization(_ env: HelmReleaseTestEnv, _ name: String, source: String, dependsOn: [JSONValue] = []) -> JSONValue {
        var spec: JSONObject = ["interval": "1h", "path": "./deploy", "prune": true, "targetNamespace": .string(env.namespace),
                                "sourceRef": ["kind": "GitRepository", "name": .string(source)]]
        if !dependsOn.isEmpty { spec["dependsOn"] = .array(dependsOn) }
        return ["apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                "metadata": ["name": .string(name), "namespace": .string(env.namespace)], "spec": .object(spec)]
    }

    func gitSource(_ env: HelmReleaseTestEnv, name: String) async throws {
        let repo = try await GitRepoFixture.create(name, on: try await GitServer.shared())
        try await repo.commit(files: ["deploy/config.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)-config\ndata:\n  a: b\n"],
                              message: "config")
        try await repo.push()
        try await env.apply(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                             "metadata": ["name": .string(name), "namespace": .string(env.namespace)],
                             "spec": ["interval": "1h", "url": .string(repo.url(.http)), "ref": ["branch": "main"]]])
    }

    func readyCondition(_ object: JSONValue?) -> (status: String?, reason: String?, message: String) {
        let c = HelmReleaseTestEnv.condition(object, "Ready")
        return (c?["status"]?.stringValue, c?["reason"]?.stringValue, c?["message"]?.stringValue ?? "")
    }

    @Test func aHelmReleaseWaitsForTheHelmReleaseItDependsOn() async throws {
        try await HelmReleaseTestEnv.with("hr-deps") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(release(env, "app", dependsOn: [["name": "infra"]]))
            let waiting = await env.wait("app", "Ready", "False", reason: ConditionReason.dependencyNotReady)
            #expect(readyCondition(waiting).message
                    == "dependencies do not meet ready condition: unable to get '\(env.namespace)/infra' dependency: HelmRelease '\(env.namespace)/infra' not found")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "app-main") == nil, "nothing released before the dependency is ready")

            try await env.apply(env.release("infra", spec: ["interval": "1h"]))
            await env.wait("infra", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            await env.wait("app", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            #expect(await env.get(HelmReleaseTestEnv.configMap, "app-main") != nil)
        }
    }

    @Test func kustomizationsAndHelmReleasesWaitForEachOther() async throws {
        try await HelmReleaseTestEnv.with("hr-deps-kinds") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await gitSource(env, name: "apps")
            // The app Kustomization waits for the ingress HelmRelease, which waits for the
            // crds Kustomization, whose source does not exist yet.
            try await env.apply(kustomization(env, "app", source: "apps", dependsOn: [["kind": "HelmRelease", "name": "ingress"]]))
            try await env.apply(release(env, "ingress", dependsOn: [["kind": "Kustomization", "name": "crds"]]))
            try await env.apply(kustomization(env, "crds", source: "crds-source"))

            let ingress = await env.wait("ingress", "Ready", "False", reason: ConditionReason.dependencyNotReady)
            #expect(readyCondition(ingress).message == "dependencies do not meet ready condition: dependency '\(env.namespace)/crds' is not ready")
            var app: JSONValue?
            let appWaits = await eventually(timeout: .seconds(60), every: .milliseconds(250)) {
                app = await env.get(Self.kustomization, "app")
                return readyCondition(app).reason == ConditionReason.dependencyNotReady
            }
            #expect(appWaits, "\(app?[path: "status"]?.jsonString() ?? "")")
            #expect(readyCondition(app).message == "dependency '\(env.namespace)/ingress' is not ready")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "apps-config") == nil)

            // The missing source appears: crds, then ingress, then app follow by their watches.
            try await gitSource(env, name: "crds-source")
            await env.wait("ingress", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            let appReady = await eventually(timeout: .seconds(90), every: .milliseconds(250)) {
                app = await env.get(Self.kustomization, "app")
                return readyCondition(app).status == "True"
            }
            #expect(appReady, "\(app?[path: "status"]?.jsonString() ?? "")\n\(env.controllers.log.suffix(2000))")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "apps-config") != nil)
        }
    }

    @Test func aCycleThroughBothKindsStallsNamingIt() async throws {
        try await HelmReleaseTestEnv.with("hr-deps-cycle") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await gitSource(env, name: "cyc")
            try await env.apply(kustomization(env, "base", source: "cyc", dependsOn: [["kind": "HelmRelease", "name": "web"]]))
            try await env.apply(release(env, "web", dependsOn: [["kind": "Kustomization", "name": "base"]]))
            let stalled = await env.wait("web", "Stalled", "True", reason: ConditionReason.dependencyNotReady)
            let ns = env.namespace
            #expect(HelmReleaseTestEnv.condition(stalled, "Stalled")?["message"]?.stringValue
                    == "circular dependency detected: HelmRelease/\(ns)/web -> Kustomization/\(ns)/base -> HelmRelease/\(ns)/web")
            #expect(try await env.recordStatuses().isEmpty, "a release in a cycle is never installed")
        }
    }
}
