import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// SIGTERM stops `ferry controllers run` within `--graceful-shutdown-timeout` even while a
/// reconcile is stuck in something that does not heed cancellation — here an exec credential
/// plugin (allowed by flag) that never answers, which only its own 30 s limit would end.
@Suite struct ControllersBoundedShutdownTests {
    @Test func sigtermEndsTheProcessWhileAReconcileIsStuck() async throws {
        let env = try await KustomizationEnv.start("ks-shutdown", arguments: ["--insecure-kubeconfig-exec", "--graceful-shutdown-timeout", "1s"])
        let marker = NSTemporaryDirectory() + "ferry-stuck-plugin-" + UUID().uuidString
        do {
            try await env.push(["apps/cm.yaml": configMapYAML("cm")])
            try await env.createSource()
            let kubeconfig = """
                apiVersion: v1
                kind: Config
                current-context: remote
                clusters: [{name: remote, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: tenant, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: [-c, 'touch \(marker); exec sleep 600']}}}]
                contexts: [{name: remote, context: {cluster: remote, user: tenant}}]
                """
            _ = try await env.client.create(["apiVersion": "v1", "kind": "Secret",
                                             "metadata": ["name": "stuck-kubeconfig", "namespace": .string(env.namespace)],
                                             "stringData": ["value": .string(kubeconfig)]])
            try await env.applyKustomization("stuck", ["path": "./apps", "kubeConfig": ["secretRef": ["name": "stuck-kubeconfig"]]])
            #expect(await eventually(timeout: .seconds(60)) { FileManager.default.fileExists(atPath: marker) }, "the plugin started")

            let signalled = ContinuousClock.now
            let status = await env.controllers.stop()
            let took = ContinuousClock.now - signalled
            // The plugin's own limit is 30 s: stopping well before it shows the shutdown did not wait for it.
            #expect(took < .seconds(20), "exited after \(took) (grace 1 s), status \(status)")
            #expect(env.controllers.log.contains("\"result\":\"abandoned\""), "the abandoned reconcile is logged")
            #expect(env.controllers.log.contains("\"name\":\"stuck\""))
        } catch {
            Issue.record("controllers log (tail):\n\(env.controllers.log.suffix(4000))")
            await env.stop()
            throw error
        }
        try? await env.client.shutdown()
        try? FileManager.default.removeItem(atPath: marker)
    }
}
