import ServiceLifecycle

/// A service that starts only once its elector leads: Flux's source-controller starts its
/// artifact server after `mgr.Elected()`, so a standby replica does not listen. Replicas of one
/// shard can then share one `--storage-addr`/`--storage-adv-addr` (one Service in a cluster),
/// and artifact URLs keep working across a takeover: the new leader serves them once it has
/// rebuilt them (a 404 until then, which a consumer does not retry for minutes, unlike a
/// refused connection to a dead leader's own port).
///
/// A graceful shutdown while still waiting ends it without starting the service. Leadership is
/// never given back while the process runs (losing it ends the process), so the service runs
/// until shutdown once started.
public struct LeaderGatedService: Service {
    let elector: LeaderElector
    let service: any Service

    public init(_ service: any Service, elector: LeaderElector) {
        self.service = service
        self.elector = elector
    }

    public func run() async throws {
        let elector = self.elector
        let leading = await cancelWhenGracefulShutdown { (try? await elector.waitUntilLeader()) != nil }
        guard leading, !Task.isCancelled else { return }
        try await service.run()
    }
}
