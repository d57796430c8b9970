import KubernetesClient
import Logging
import Manifests
import ServiceLifecycle
import Synchronization

/// Timing of leader election. Flux's defaults: lease 35 s, renew deadline 30 s, retry 5 s.
public struct LeaderElectionConfig: Sendable {
    /// The Lease's namespace and name (`source-controller-leader-election`).
    public var namespace: String
    public var name: String
    /// Unique per process: pod name + random suffix.
    public var identity: String
    /// How long a standby waits after the last renewal before taking over.
    public var leaseDuration: Duration
    /// How long the leader keeps trying to renew before it gives up leadership.
    public var renewDeadline: Duration
    /// How often to try to acquire or renew.
    public var retryPeriod: Duration

    public init(namespace: String, name: String, identity: String = EventRecorder.hostname() + "_" + String(UInt32.random(in: 0...UInt32.max), radix: 36),
                leaseDuration: Duration = .seconds(35), renewDeadline: Duration = .seconds(30), retryPeriod: Duration = .seconds(5)) {
        self.namespace = namespace
        self.name = name
        self.identity = identity
        self.leaseDuration = leaseDuration
        self.renewDeadline = renewDeadline
        self.retryPeriod = retryPeriod
    }
}

/// Leadership was lost: renewals failed for longer than the renew deadline, or another holder
/// took the lease. Like controller-runtime, the process should exit (the `ServiceGroup` ends)
/// and be restarted, rather than risk two leaders reconciling the same objects.
public struct LeaderElectionLost: Error, CustomStringConvertible {
    public var identity: String
    public var description: String { "leader election lost by \(identity): the lease was not renewed in time or another holder took it" }
}

/// Leader election on a `coordination.k8s.io/v1` Lease, with optimistic concurrency (every
/// write carries the resourceVersion it read, so two candidates never both win).
///
/// Run it as a `Service` placed **before** the controllers in the `ServiceGroup`: graceful
/// shutdown runs in reverse order, so controllers drain first and the elector then releases the
/// lease (empty holder, 1 s duration) for a standby to take over at once. Cancellation, unlike
/// graceful shutdown, does not release: it behaves like a crash, and the lease expires.
public final class LeaderElector: Service, Sendable {
    public let config: LeaderElectionConfig
    private let client: KubernetesClient
    private let logger: Logger
    private let state = Mutex<State>(State())

    struct State {
        var leading = false
        var lastRenew: ContinuousClock.Instant?
        var heldByOthers = 0
        /// The Lease watch saw it released (or deleted) since the last attempt.
        var releaseSeen = false
        /// The Lease watch is open (the server answered it).
        var watching = false
    }

    static let leaseKind = GroupVersionKind(group: "coordination.k8s.io", version: "v1", kind: "Lease")

    public init(client: KubernetesClient, config: LeaderElectionConfig, logger: Logger = Logger(label: "ferry.leader")) {
        self.client = client
        self.config = config
        self.logger = logger
    }

    public var isLeader: Bool { state.withLock { $0.leading } }

    /// How many attempts so far found the lease live and held by someone else: proof that this
    /// candidate read the lease and stood by. Tests wait for it to grow instead of sleeping
    /// to show that a standby does not take over.
    public var standbyAttempts: Int { state.withLock { $0.heldByOthers } }

    /// Whether the watch that wakes a standby when the lease is released is open now.
    public var isWatchingLease: Bool { state.withLock { $0.watching } }

    /// For `/healthz`: unhealthy when we believe we lead but have not renewed for longer than
    /// the lease duration plus the renew deadline (the renew loop is stuck).
    public var isHealthy: Bool {
        state.withLock { s in
            guard s.leading, let last = s.lastRenew else { return true }
            return ContinuousClock.now - last <= config.leaseDuration + config.renewDeadline
        }
    }

    /// Returns once this process leads; throws `CancellationError` when cancelled first.
    /// (Polls every 50 ms: leadership changes at `retryPeriod` granularity anyway.)
    public func waitUntilLeader() async throws {
        while !isLeader {
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Runs `body` once leading, cancelling it if leadership is lost; `nil` if cancelled first.
    public func runWhileLeader<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await waitUntilLeader()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                while self.isLeader { try await Task.sleep(for: .milliseconds(50)) }
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await self.electionLoop() }
        } catch is CancellationError where !Task.isCancelled {
            // Graceful shutdown cancelled the loop (a cancelled task is a crash: no release).
        }
        if isLeader, !Task.isCancelled { await release() }
        state.withLock { $0.leading = false }
    }

    private func electionLoop() async throws {
        let watcher = Task { await self.watchForRelease() }
        defer { watcher.cancel() }
        while true {
            let attemptStart = ContinuousClock.now
            let attempt = await tryAcquireOrRenew()
            let (wasLeading, last) = state.withLock { s in
                if case .heldByOther = attempt { s.heldByOthers += 1 }
                return (s.leading, s.lastRenew)
            }
            if wasLeading, case .heldByOther(let holder) = attempt {
                // Someone took over (our renewals stopped reaching the server for a lease term).
                state.withLock { $0.leading = false }
                logger.error("leader election lost", metadata: ["lease": "\(config.namespace)/\(config.name)", "holder": "\(holder)"])
                throw LeaderElectionLost(identity: config.identity)
            }
            if attempt == .held {
                if !wasLeading { logger.info("became leader", metadata: ["lease": "\(config.namespace)/\(config.name)", "identity": "\(config.identity)"]) }
                state.withLock {
                    $0.leading = true
                    $0.lastRenew = attemptStart
                }
            } else if wasLeading, let last, ContinuousClock.now - last > config.renewDeadline {
                state.withLock { $0.leading = false }
                logger.error("leader election lost", metadata: ["lease": "\(config.namespace)/\(config.name)"])
                throw LeaderElectionLost(identity: config.identity)
            }
            try await pause(leading: state.withLock { $0.leading })
        }
    }

    /// Between two attempts: a retry period — for a standby, less when the Lease watch sees the
    /// lease released, so a leader stepping down is succeeded at once rather than up to a retry
    /// period later (client-go, and so Flux's controllers, only poll).
    private func pause(leading: Bool) async throws {
        guard !leading else {
            try await Task.sleep(for: config.retryPeriod)
            return
        }
        let deadline = ContinuousClock.now + config.retryPeriod
        while ContinuousClock.now < deadline, !state.withLock({ $0.releaseSeen }) {
            try await Task.sleep(for: min(.milliseconds(100), deadline - ContinuousClock.now))
        }
        state.withLock { $0.releaseSeen = false }
    }

    /// Watches the Lease and notes when it is released (no holder) or deleted; re-watches when
    /// the server ends a watch or it fails (a retry period later when that came at once). Only
    /// a hint for ``pause(leading:)``: every decision is still the attempt's, on the Lease as
    /// read then.
    private func watchForRelease() async {
        while !Task.isCancelled {
            let started = ContinuousClock.now
            do {
                let events = try await client.watch(Self.leaseKind, namespace: config.namespace, resourceVersion: nil,
                                                    fieldSelector: "metadata.name=\(config.name)", timeoutSeconds: 300)
                state.withLock { $0.watching = true }
                defer { state.withLock { $0.watching = false } }
                for try await event in events {
                    switch event {
                    case .deleted:
                        state.withLock { $0.releaseSeen = true }
                    case .added(let lease), .modified(let lease):
                        if LeaseRecord(lease: lease).holderIdentity.isEmpty { state.withLock { $0.releaseSeen = true } }
                    case .bookmark:
                        break
                    }
                }
            } catch {
                logger.debug("lease watch failed", metadata: ["error": "\(error)"])
            }
            // A watch that failed or ended at once (not after its timeout) is not asked again at once.
            if ContinuousClock.now - started < .seconds(1) { try? await Task.sleep(for: config.retryPeriod) }
        }
    }

    enum Attempt: Equatable {
        case held
        case heldByOther(String)
        case failed
    }

    /// One attempt to take or keep the lease.
    func tryAcquireOrRenew() async -> Attempt {
        let seconds = max(1, Int((config.leaseDuration / .seconds(1)).rounded(.up)))
        do {
            let lease: JSONValue
            do {
                lease = try await client.get(Self.leaseKind, name: config.name, namespace: config.namespace)
            } catch let error as APIError where error.isNotFound {
                let record = LeaseRecord(holderIdentity: config.identity, leaseDurationSeconds: seconds, acquireTime: .now,
                                         renewTime: .now, leaseTransitions: 0)
                _ = try await client.create(["apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                                             "metadata": ["name": .string(config.name), "namespace": .string(config.namespace)],
                                             "spec": record.spec])
                return .held
            }
            switch LeaseRecord(lease: lease).decide(identity: config.identity, leaseDuration: seconds, now: .now) {
            case .heldByOther(let holder):
                return .heldByOther(holder)
            case .write(let record):
                var updated = lease
                updated["spec"] = record.spec
                _ = try await client.update(updated)  // carries the resourceVersion we read
                return .held
            }
        } catch {
            logger.debug("lease acquire/renew failed", metadata: ["error": "\(error)"])
            return .failed
        }
    }

    /// Steps down: tells standbys the lease is free now.
    func release() async {
        state.withLock { $0.leading = false }
        do {
            var lease = try await client.get(Self.leaseKind, name: config.name, namespace: config.namespace)
            guard LeaseRecord(lease: lease).holderIdentity == config.identity else { return }
            lease["spec"] = LeaseRecord(lease: lease).released(now: .now).spec
            _ = try await client.update(lease)
            logger.info("released leadership", metadata: ["lease": "\(config.namespace)/\(config.name)"])
        } catch {
            logger.debug("lease release failed", metadata: ["error": "\(error)"])
        }
    }
}
