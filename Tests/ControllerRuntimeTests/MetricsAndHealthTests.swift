import ControllerRuntime
import FerryTesting
import KubernetesClient
import Manifests
import Testing

/// What Prometheus and the kubelet see: `/metrics`, `/readyz`, `/healthz` over real HTTP.
@Suite(.serialized) struct MetricsAndHealthTests {
    @Test func aScrapeShowsFluxsReconcileMetricsAndReadyzWaitsForTheCache() async throws {
        try await Widgets.with("metrics") { _, client, ns in
            let metrics = ControllerMetrics()
            let health = HealthChecks()
            let reconciler = WidgetReconciler(client: client)
            let controller = Controller(client: client, kind: Widgets.kind, namespace: ns, reconciler: reconciler,
                                        options: ControllerOptions(name: "widget"), metrics: metrics)
            health.addReadiness("widget-cache") { controller.hasSynced }
            let server = HTTPServer(host: "127.0.0.1", port: 0, routes: [.metrics(metrics)] + health.routes)
            let serving = RunningGroup([server])
            let base = "http://127.0.0.1:\(try await server.boundPort())"

            let notReady = try await fetch(base + "/readyz")
            #expect(notReady.status == 500 && notReady.body.contains("[-]widget-cache failed"))

            _ = try await client.create(Widgets.make("w", namespace: ns))
            let running = RunningGroup([controller])
            // Bounds here are generous: a whole test run on two cores can make the shared API
            // server take many seconds for the list and the status patch awaited.
            #expect(await eventually(timeout: .seconds(120)) { (try? await fetch(base + "/readyz"))?.status == 200 })
            #expect(try await fetch(base + "/healthz").body == "ok")

            // The reconcile is timed, and the Ready condition our status patch wrote is published.
            let labels = #"kind="Widget",name="w",namespace="\#(ns)""#
            var scrape = ""
            let published = await eventually(timeout: .seconds(120)) {
                scrape = (try? await fetch(base + "/metrics"))?.body ?? ""
                return scrape.contains(#"gotk_reconcile_condition{\#(labels),type="Ready",status="True"} 1"#)
            }
            #expect(published, "scrape:\n\(scrape)")
            #expect(scrape.contains(#"gotk_reconcile_duration_seconds_count{\#(labels)} 1"#))
            // Flux's buckets; which one the reconcile fell in depends on how busy the machine was.
            #expect(scrape.contains(#"gotk_reconcile_duration_seconds_bucket{\#(labels),le="10.0"} "#))
            #expect(scrape.contains(#"gotk_reconcile_duration_seconds_bucket{\#(labels),le="+Inf"} 1"#))
            #expect(scrape.contains(#"gotk_reconcile_condition{\#(labels),type="Ready",status="False"} 0"#))
            #expect(scrape.contains(#"gotk_reconcile_condition{\#(labels),type="Stalled",status="Unknown"} 1"#))
            #expect(scrape.contains(#"workqueue_depth{name="widget"} 0"#))

            // A deleted object's series leave /metrics (see MetricsDeletedObjectTests).
            try await client.delete(Widgets.kind, name: "w", namespace: ns)
            #expect(await eventually(timeout: .seconds(120)) {
                let body = (try? await fetch(base + "/metrics"))?.body ?? ""
                return body.contains("workqueue_depth") && !body.contains(labels)
            })
            try await running.stop()
            try await serving.stop()
        }
    }

    @Test func healthzFailsWhenALivenessCheckFails() async throws {
        let health = HealthChecks()
        let alive = Locked(true)
        health.addLiveness("leader-election") { alive.value }
        let server = HTTPServer(host: "127.0.0.1", port: 0, routes: health.routes)
        let serving = RunningGroup([server])
        let base = "http://127.0.0.1:\(try await server.boundPort())"
        #expect(try await fetch(base + "/healthz").status == 200)
        alive.withLock { $0 = false }
        let failing = try await fetch(base + "/healthz")
        #expect(failing.status == 500 && failing.body.contains("[-]leader-election failed"))
        try await serving.stop()
    }
}
