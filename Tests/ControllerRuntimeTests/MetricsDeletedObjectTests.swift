import ControllerRuntime
import FerryTesting
import KubernetesClient
import Manifests
import Testing

/// A deleted object's series leave `/metrics`: dashboards do not show ghosts, and the registry
/// does not grow with every object that ever existed.
@Suite struct MetricsDeletedObjectTests {
    @Test func forgettingAnObjectRemovesItsSeries() {
        let metrics = ControllerMetrics()
        let gone = ObjectKey(namespace: "apps", name: "gone")
        let kept = ObjectKey(namespace: "apps", name: "kept")
        for key in [gone, kept] {
            metrics.recordConditions(kind: "Widget", key: key, conditions: [], deleted: false)
            metrics.recordDuration(kind: "Widget", key: key, .milliseconds(20))
        }
        #expect(metrics.scrape().contains("name=\"gone\""))
        metrics.forget(kind: "Widget", key: gone)
        let text = metrics.scrape()
        #expect(!text.contains("name=\"gone\""), "\(text)")
        #expect(text.contains("gotk_reconcile_condition{") && text.contains("name=\"kept\""))
        #expect(text.contains("gotk_reconcile_duration_seconds_count{") )
    }

    @Test func aDeletedObjectLeavesMetrics() async throws {
        try await Widgets.with("ctl-metrics-gone") { _, client, ns in
            let metrics = ControllerMetrics()
            let controller = Controller(client: client, kind: Widgets.kind, namespace: ns, reconciler: WidgetReconciler(client: client),
                                        options: ControllerOptions(name: "widget"), metrics: metrics)
            let group = RunningGroup([controller])
            _ = try await client.create(Widgets.make("short-lived", namespace: ns))
            let series = "name=\"short-lived\""
            func lines(_ name: String) -> [Substring] {
                metrics.scrape().split(separator: "\n").filter { $0.hasPrefix(name + "{") && $0.contains(series) && $0.contains(ns) }
            }
            #expect(await eventually {
                !lines("gotk_reconcile_duration_seconds_count").isEmpty
                    && lines("gotk_reconcile_condition").contains { $0.contains("type=\"Ready\"") && $0.contains("status=\"True\"") && ($0.hasSuffix(" 1") || $0.hasSuffix(" 1.0")) }
            }, "\(metrics.scrape())")
            _ = try await client.delete(Widgets.kind, name: "short-lived", namespace: ns)
            #expect(await eventually { !metrics.scrape().contains(series) }, "\(metrics.scrape())")
            try await group.stop()
        }
    }
}
