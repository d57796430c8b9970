import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

extension HostileInputTests {
    /// Graceful shutdown is bounded: SIGTERM ends the process even while every worker is stuck
    /// in a reconcile that would not finish on its own for many minutes.
    @Suite struct Shutdown {
        @Test func sigtermStopsTheProcessWhileReconcilesAreStuck() async throws {
            let silent = try SilentServer()
            defer { silent.stop() }
            let env = try await KustomizationEnv.hostile("hostile-shutdown")
            do {
                // The Kustomization worker: waiting for a Deployment that never becomes ready (no kubelet here).
                try await env.push(["deploy/app.yaml": deploymentYAML("app")])
                try await env.createSource()
                try await env.applyKustomization("waiting", ["path": "./deploy", "wait": true, "timeout": "10m"])
                #expect(await eventually(timeout: .seconds(120)) { await env.get(KustomizationEnv.deployment, "app") != nil },
                        "the Kustomization reaches its health check")

                // The GitRepository worker: git talking to a server that accepts and never answers.
                try await env.createGitRepository("stuck", url: "http://127.0.0.1:\(silent.port)/stuck.git", ["timeout": "10m"])
                #expect(await eventually(timeout: .seconds(120)) { silent.connected }, "git is connected and waiting")
                #expect(await env.controllersAreRunning())
            } catch {
                Issue.record("controllers log (tail):\n\(env.controllers.log.suffix(6000))")
                await env.stop(signal: SIGKILL)
                throw error
            }

            env.controllers.process.signal(SIGTERM)
            let exited = await eventually(timeout: .seconds(120), every: .milliseconds(250)) { !env.processExists() }
            if !exited {
                Issue.record("SIGTERM did not stop the controllers; log (tail):\n\(env.controllers.log.suffix(6000))")
            }
            let status = await env.stop(signal: SIGKILL)
            #expect(exited)
            #expect(status < 128, "the process ended on its own, not by a signal (status \(status))")
        }
    }
}
