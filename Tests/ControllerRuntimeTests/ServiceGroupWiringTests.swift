import ControllerRuntime
import FerryTesting
import KubernetesClient
import Logging
import Manifests
import ServiceLifecycle
import Testing

/// Everything wired the way `ferry controllers run` does it: one ServiceGroup with the leader
/// elector, the controller, and the metrics and health servers; SIGTERM (graceful shutdown)
/// stops it all cleanly.
@Suite struct ServiceGroupWiringTests {
    @Test func theWholeRuntimeStartsServesAndStopsCleanly() async throws {
        try await Widgets.with("wiring") { _, client, ns in
            let metrics = ControllerMetrics()
            let health = HealthChecks()
            let elector = LeaderElector(client: client, config: LeaderElectorTests.config(ns, "wiring"))
            let reconciler = WidgetReconciler(client: client)
            let controller = Controller(client: client, kind: Widgets.kind, namespace: ns, reconciler: reconciler,
                                        options: ControllerOptions(name: "widget", concurrency: 2), metrics: metrics,
                                        events: EventRecorder(client: client, component: "widget-controller"), leader: elector)
            health.addLiveness("leader-election") { elector.isHealthy }
            health.addReadiness("widget") { controller.hasSynced }
            let metricsServer = try HTTPServer(address: "127.0.0.1:0", routes: [.metrics(metrics)])
            let healthServer = try HTTPServer(address: "127.0.0.1:0", routes: health.routes)

            var logger = Logger(label: "test")
            logger.logLevel = .warning
            // Graceful shutdown runs in reverse order: servers, then the controller drains, then
            // the elector releases the lease.
            let group = ServiceGroup(configuration: .init(
                services: ([elector, controller, metricsServer, healthServer] as [any Service]).map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm], logger: logger))
            let running = Task { try await group.run() }

            _ = try await client.create(Widgets.make("w", namespace: ns))
            let healthURL = "http://127.0.0.1:\(try await healthServer.boundPort())"
            let metricsURL = "http://127.0.0.1:\(try await metricsServer.boundPort())"
            #expect(await eventually { (try? await fetch(healthURL + "/readyz"))?.status == 200 })
            #expect(try await fetch(healthURL + "/healthz").status == 200)
            #expect(await eventually {
                ((try? await fetch(metricsURL + "/metrics"))?.body ?? "").contains("gotk_reconcile_duration_seconds_count")
            })
            #expect(reconciler.count == 1)

            await group.triggerGracefulShutdown()
            try await running.value
            let lease = try await client.get(GroupVersionKind(group: "coordination.k8s.io", version: "v1", kind: "Lease"),
                                             name: "widget-controller-leader-election", namespace: ns)
            #expect(lease[path: "spec", "holderIdentity"] == "")
            await #expect(throws: (any Error).self, "the servers no longer listen") { try await fetch(healthURL + "/healthz") }
        }
    }
}
