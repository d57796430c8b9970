import FerryAPI
import Metrics
import Prometheus

/// The metrics Flux's controllers publish, under Flux's names, so existing dashboards and
/// alerts (`gotk_reconcile_duration_seconds`, `gotk_reconcile_condition`) keep working.
///
/// Recorded through swift-metrics with a Prometheus factory of its own (not the global
/// `MetricsSystem`), so several controllers — and tests — share or separate registries at will.
public struct ControllerMetrics: Sendable {
    public static let durationName = "gotk_reconcile_duration_seconds"
    public static let conditionName = "gotk_reconcile_condition"
    public static let depthName = "workqueue_depth"
    /// Flux's `prometheus.ExponentialBuckets(10e-3, 10, 5)`.
    public static let durationBuckets: [Duration] = [.milliseconds(10), .milliseconds(100), .seconds(1), .seconds(10), .seconds(100)]
    /// The statuses Flux reports per condition type; exactly one of them is 1.
    public static let conditionStatuses = ["True", "False", "Unknown", "Deleted"]
    /// The condition types Flux records.
    public static let recordedConditions = [ConditionType.ready, ConditionType.reconciling, ConditionType.stalled]

    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Self.durationName] = Self.durationBuckets
        self.factory = factory
    }

    /// One reconcile of `kind` `key` took `duration`.
    public func recordDuration(kind: String, key: ObjectKey, _ duration: Duration) {
        Metrics.Timer(label: Self.durationName, dimensions: dimensions(kind, key), factory: factory).record(duration: duration)
    }

    /// Publishes the object's Ready/Reconciling/Stalled as Flux does: for each type, 1 on the
    /// current status and 0 on the others; a missing condition counts as Unknown; a deleted
    /// object reports 1 on `Deleted` only.
    public func recordConditions(kind: String, key: ObjectKey, conditions: [Condition], deleted: Bool) {
        for type in Self.recordedConditions {
            let current = conditions.first { $0.type == type }?.status ?? "Unknown"
            for status in Self.conditionStatuses {
                let on = deleted ? status == "Deleted" : status == current
                Gauge(label: Self.conditionName, dimensions: dimensions(kind, key) + [("type", type), ("status", status)],
                      factory: factory).record(on ? 1 : 0)
            }
        }
    }

    /// Removes every series of `kind` `key` (conditions and durations), once the object is gone
    /// from the API server: a deleted object must not stay on `/metrics` forever, nor its
    /// labels grow the registry without bound as objects come and go.
    public func forget(kind: String, key: ObjectKey) {
        for type in Self.recordedConditions {
            for status in Self.conditionStatuses {
                Gauge(label: Self.conditionName, dimensions: dimensions(kind, key) + [("type", type), ("status", status)],
                      factory: factory).destroy()
            }
        }
        Metrics.Timer(label: Self.durationName, dimensions: dimensions(kind, key), factory: factory).destroy()
    }

    /// Keys waiting for a worker in controller `name`.
    public func recordDepth(controller name: String, _ depth: Int) {
        Gauge(label: Self.depthName, dimensions: [("name", name)], factory: factory).record(depth)
    }

    /// The Prometheus text exposition of everything recorded.
    public func scrape() -> String { registry.emitToString() }

    private func dimensions(_ kind: String, _ key: ObjectKey) -> [(String, String)] {
        [("kind", kind), ("name", key.name), ("namespace", key.namespace)]
    }
}
