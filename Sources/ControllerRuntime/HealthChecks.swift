import Synchronization

/// `/healthz` (liveness: restart me if failing) and `/readyz` (readiness: do not count me yet),
/// each the conjunction of named checks, answering like controller-runtime's healthz:
/// `ok`, or 500 with one `[-]name failed` line per failing check.
public final class HealthChecks: Sendable {
    public typealias Check = @Sendable () -> Bool
    private let checks = Mutex<(liveness: [(String, Check)], readiness: [(String, Check)])>(([], []))

    public init() {}

    /// E.g. the leader elector's ``LeaderElector/isHealthy``.
    public func addLiveness(_ name: String, _ check: @escaping Check) {
        checks.withLock { $0.liveness.append((name, check)) }
    }

    /// E.g. a controller's ``Controller/hasSynced``.
    public func addReadiness(_ name: String, _ check: @escaping Check) {
        checks.withLock { $0.readiness.append((name, check)) }
    }

    public var routes: [HTTPRoute] {
        [
            .get("/healthz") { _ in self.answer(self.checks.withLock { $0.liveness }) },
            .get("/readyz") { _ in self.answer(self.checks.withLock { $0.readiness }) },
        ]
    }

    private func answer(_ checks: [(String, Check)]) -> HTTPResponse {
        let failing = checks.filter { !$0.1() }.map(\.0)
        guard failing.isEmpty else {
            return .text(failing.map { "[-]\($0) failed\n" }.joined() + "check failed\n", status: .internalServerError)
        }
        return .text("ok")
    }
}

extension HTTPRoute {
    /// `GET /metrics` in the Prometheus text format.
    public static func metrics(_ metrics: ControllerMetrics, path: String = "/metrics") -> HTTPRoute {
        .get(path) { _ in .text(metrics.scrape(), contentType: "text/plain; version=0.0.4; charset=utf-8") }
    }
}
