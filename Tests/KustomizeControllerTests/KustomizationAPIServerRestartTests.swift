import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// The API server dies in the middle of an apply (on a control plane of the test's own): the
/// controller keeps running, retries, and ends with every object applied and in the inventory.
@Suite struct KustomizationAPIServerRestartTests {
    @Test func anAPIServerRestartMidApplyIsRecoveredFrom() async throws {
        let plane = try await LocalControlPlane.start(name: "ks-restart")
        do {
            try await KustomizationEnv.with("ks-restart", arguments: ["--concurrent-ssa", "4"], plane: plane) { env in
                var files: [String: String] = [:]
                for i in 0..<400 { files["apps/cm-\(i).yaml"] = configMapYAML("cm-\(i)") }
                let commit = try await env.push(files)
                try await env.createSource()
                try await env.applyKustomization("apps", ["path": "./apps", "retryInterval": "2s"])
                // Kill kube-apiserver as soon as the first objects are there.
                let started = await eventually(timeout: .seconds(180), every: .milliseconds(10)) {
                    ((try? await env.client.list(KustomizationEnv.configMap, namespace: env.namespace,
                                                 options: ListOptions(labelSelector: "kustomize.toolkit.fluxcd.io/name=apps")))?.items.count ?? 0) > 0
                }
                #expect(started)
                try await plane.stopAPIServer()
                // The outage itself (a fixture, not a wait for something): the server stays down
                // a moment so the controller's requests in flight and its next ones fail.
                try await Task.sleep(for: .seconds(2))
                try await plane.startAPIServer()

                try await env.waitReady("apps", revision: commit, timeout: .seconds(300))
                let live = try await env.client.listAll(KustomizationEnv.configMap, namespace: env.namespace,
                                                        options: ListOptions(labelSelector: "kustomize.toolkit.fluxcd.io/name=apps"))
                #expect(live.items.count == 400)
                let inventory = try await env.kustomization("apps")[path: "status", "inventory", "entries"]?.arrayValue ?? []
                #expect(inventory.count == 400)
                let health = try await env.controllers.get(port: env.controllers.healthPort, path: "/healthz")
                #expect(health.status == 0, "the controllers survived the outage")
            }
        } catch {
            try? await plane.stop()
            throw error
        }
        try await plane.stop()
    }
}
