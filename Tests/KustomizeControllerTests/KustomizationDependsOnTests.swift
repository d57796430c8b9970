import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// dependsOn: the app waits for its infrastructure (also in another namespace), a chain moves
/// link by link, and a cycle is reported instead of waited on forever.
@Suite struct KustomizationDependsOnTests {
    @Test func aChainAcrossNamespacesWaitsForEachLink() async throws {
        try await KustomizationEnv.with("ks-deps") { env in
            // The infrastructure lives in a second namespace with its own controllers process.
            let infraNS = try await env.plane.makeNamespace("ks-deps-infra", client: env.client)
            let infraControllers = try await FerryControllers.start(
                plane: env.plane, namespace: infraNS, arguments: ["--requeue-dependency", "2s", "--health-check-interval", "500ms"])
            defer { Task { await infraControllers.stop() } }

            let commit = try await env.push([
                "infra/db.yaml": deploymentYAML("db", namespace: infraNS),
                "apps/app.yaml": configMapYAML("app"),
                "late/late.yaml": configMapYAML("late"),
            ])
            try await env.createSource()
            // The dependants first: they must wait.
            try await env.applyKustomization("apps", ["path": "./apps", "dependsOn": [["name": "infra", "namespace": .string(infraNS)]]])
            try await env.applyKustomization("late", ["path": "./late", "dependsOn": [["name": "apps"]]])
            let waiting = try await env.waitNotReady("apps", reason: "DependencyNotReady")
            #expect(waiting == "unable to get '\(infraNS)/infra' dependency: Kustomization '\(infraNS)/infra' not found")

            // The infrastructure (built from the source in the first namespace) waits for its database.
            _ = try await env.client.apply([
                "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                "metadata": ["name": "infra", "namespace": .string(infraNS)],
                "spec": ["interval": "10m", "prune": true, "path": "./infra", "wait": true, "timeout": "2m",
                         "sourceRef": ["kind": "GitRepository", "name": "repo", "namespace": .string(env.namespace)]],
            ], fieldManager: "test", force: true)
            let notReady = try await env.waitNotReady("apps", reason: "DependencyNotReady", containing: "is not ready")
            #expect(notReady == "dependency '\(infraNS)/infra' is not ready")
            #expect(await env.condition("late")?["reason"]?.stringValue == "DependencyNotReady")
            #expect(await env.get(KustomizationEnv.configMap, "app") == nil)
            #expect(await env.get(KustomizationEnv.configMap, "late") == nil)

            // The database becomes available: the chain follows, each link after the one before.
            try await env.makePodsReady(app: "db", namespace: infraNS)
            try await env.waitReady("late", revision: commit, timeout: .seconds(90))
            try await env.waitReady("apps", revision: commit)
            #expect(await env.get(KustomizationEnv.configMap, "app") != nil)
            let infra = try await env.client.get(KustomizationEnv.kustomization, name: "infra", namespace: infraNS)
            let infraReady = readyCondition(infra)
            let appsApplied = try await env.kustomization("apps")[path: "status", "history"]?.arrayValue?.last?["firstReconciled"]?.stringValue
            #expect(infraReady != nil)
            // apps applied its objects only after infra was Ready.
            let infraReadySince = infraReady?["lastTransitionTime"]?.stringValue ?? ""
            #expect((appsApplied ?? "") >= infraReadySince)
        }
    }

    @Test func aCycleIsStalledAndSpelledOut() async throws {
        try await KustomizationEnv.with("ks-cycle") { env in
            try await env.push(["x/x.yaml": configMapYAML("x"), "y/y.yaml": configMapYAML("y")])
            try await env.createSource()
            try await env.applyKustomization("x", ["path": "./x", "dependsOn": [["name": "y"]]])
            try await env.applyKustomization("y", ["path": "./y", "dependsOn": [["name": "x"]]])
            let ns = env.namespace
            #expect(await eventually(timeout: .seconds(30)) {
                await env.condition("x", "Stalled")?["message"]?.stringValue == "circular dependency detected: \(ns)/x -> \(ns)/y -> \(ns)/x"
            })
            #expect(await eventually(timeout: .seconds(30)) {
                await env.condition("y", "Stalled")?["message"]?.stringValue == "circular dependency detected: \(ns)/y -> \(ns)/x -> \(ns)/y"
            })
            #expect(await env.condition("x")?["status"]?.stringValue == "False")
            #expect(await env.get(KustomizationEnv.configMap, "x") == nil)

            // Breaking the cycle lets both through.
            try await env.applyKustomization("y", ["path": "./y"])
            try await env.waitReady("y")
            try await env.requestReconcile(KustomizationEnv.kustomization, "x")
            try await env.waitReady("x")
        }
    }
}

/// The Ready condition of a Kustomization object.
func readyCondition(_ object: JSONValue) -> JSONValue? {
    object[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
}
