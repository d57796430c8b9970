import KubernetesClient
import Logging
import Manifests
import ServiceLifecycle
import Synchronization

/// How a controller runs, with Flux's defaults.
public struct ControllerOptions: Sendable {
    /// Short lower-case name (`gitrepository`): logs and the work-queue metric.
    public var name: String
    /// Reconciles running at once (`--concurrent`); one object is never reconciled twice at once.
    public var concurrency: Int
    public var backoff: Backoff
    /// Applied to every `requeueAfter` a reconciler returns.
    public var jitter: Jitter
    /// On graceful shutdown, how long in-flight reconciles may take before they are cancelled.
    public var shutdownTimeout: Duration
    /// Watch only objects with these labels (`--watch-label-selector`, for sharding).
    public var labelSelector: String?
    /// The deadline of one reconcile when the reconciler names none (``Reconciler/deadline(for:)``).
    public var reconcileTimeout: Duration
    /// Periodic requeues (`spec.interval`) are never sooner than this after a success.
    public var minimumRequeue: Duration
    /// No requeue or retry is scheduled further out than this (a year-long interval comes back
    /// sooner: harmless), so no clock arithmetic sees an absurd delay.
    public static let maximumDelay: Duration = .seconds(30 * 24 * 3600)

    public init(name: String, concurrency: Int = 4, backoff: Backoff = Backoff(), jitter: Jitter = Jitter(),
                shutdownTimeout: Duration = .seconds(30), labelSelector: String? = nil,
                reconcileTimeout: Duration = .seconds(15 * 60), minimumRequeue: Duration = .seconds(1)) {
        self.name = name
        self.concurrency = max(1, concurrency)
        self.backoff = backoff
        self.jitter = jitter
        self.shutdownTimeout = max(.zero, shutdownTimeout)
        self.labelSelector = labelSelector
        self.reconcileTimeout = reconcileTimeout
        self.minimumRequeue = minimumRequeue
    }

    /// `outcome` with its delay brought within [``minimumRequeue``, ``maximumDelay``] for
    /// periodic requeues and [0, ``maximumDelay``] for waits.
    public func bounded(_ outcome: WorkQueue<ObjectKey>.Outcome) -> WorkQueue<ObjectKey>.Outcome {
        switch outcome {
        case .succeeded(let after?): return .succeeded(requeueAfter: min(max(after, minimumRequeue), Self.maximumDelay))
        case .waiting(let after): return .waiting(after: min(max(after, .zero), Self.maximumDelay))
        default: return outcome
        }
    }
}

/// Watches one kind and runs a ``Reconciler`` for each object that needs it.
///
/// - The watch fills ``cache`` and enqueues on first sight, generation change, a new
///   `reconcile.fluxcd.io/requestedAt` and deletion (``EnqueuePolicy``) — never on status-only
///   updates, so the reconciler's own status patch does not loop.
/// - ``concurrency`` workers take keys from a de-duplicating ``WorkQueue``; results and errors
///   become requeue-after (jittered), backoff, a delay or nothing.
/// - With an ``EventRecorder``, every failed reconcile leaves a Warning event (Normal for
///   `waiting`) with the error's reason and message, aggregated when it repeats; events about
///   what changed are the reconciler's to record, since only it knows.
/// - With a ``LeaderElector``, the cache syncs at once but workers start only once leading.
/// - Each reconcile has a deadline (``Reconciler/deadline(for:)``, else `reconcileTimeout`):
///   when it passes the reconcile is cancelled, Ready=False says it timed out, and the worker
///   moves on at once — even when the reconcile ignores cancellation (a parser in a long
///   computation). The key stays in flight until that reconcile really returns, so an object
///   is still never reconciled twice at once.
/// - As a `Service`: on graceful shutdown it stops watching and taking work, lets in-flight
///   reconciles finish for up to `shutdownTimeout`, then abandons them (logging each one) and
///   returns, whether or not they heed the cancellation.
public final class Controller<R: Reconciler>: Service, Sendable {
    public let kind: GroupVersionKind
    public let namespace: String?
    public let cache: ObjectCache
    public let options: ControllerOptions
    let client: KubernetesClient
    let reconciler: R
    let metrics: ControllerMetrics?
    let events: EventRecorder?
    let leader: LeaderElector?
    let logger: Logger
    let queue: WorkQueueDriver<ObjectKey>
    private let tasks = Mutex<RunTasks>(RunTasks())

    struct RunTasks {
        var watch: Task<Void, Never>?
        var work: Task<Void, Never>?
        var deadline: Task<Void, Never>?
        var working = false
    }

    public init(client: KubernetesClient, kind: GroupVersionKind, namespace: String? = nil, reconciler: R,
                cache: ObjectCache = ObjectCache(), options: ControllerOptions, metrics: ControllerMetrics? = nil,
                events: EventRecorder? = nil, leader: LeaderElector? = nil, logger: Logger = Logger(label: "ferry.controller")) {
        self.client = client
        self.kind = kind
        self.namespace = namespace
        self.reconciler = reconciler
        self.cache = cache
        self.options = options
        self.metrics = metrics
        self.events = events
        self.leader = leader
        var logger = logger
        logger[metadataKey: "controller"] = .string(options.name)
        self.logger = logger
        let name = options.name
        queue = WorkQueueDriver(backoff: options.backoff) { depth in metrics?.recordDepth(controller: name, depth) }
    }

    /// Whether the first complete list has arrived (what `/readyz` waits for).
    public var hasSynced: Bool { cache.hasSynced }

    /// Reconcile `key` soon: for other watches (a source's new artifact, a dependency turning Ready).
    public func enqueue(_ key: ObjectKey) async {
        await queue.add(key)
    }

    public func enqueue(_ key: ObjectKey, after delay: Duration) async {
        await queue.add(key, after: delay)
    }

    /// A copy of the work queue's bookkeeping (depth, backoff counts), for tests and diagnostics.
    public func queueSnapshot() async -> WorkQueue<ObjectKey> { await queue.snapshot }

    public func run() async throws {
        let watch = Task { await self.watchLoop() }
        let work = Task { await self.workLoop() }
        tasks.withLock {
            $0.watch = watch
            $0.work = work
        }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await work.value
            } onGracefulShutdown: {
                self.beginShutdown()
            }
        } onCancel: {
            watch.cancel()
            work.cancel()
        }
        watch.cancel()
        await watch.value
        tasks.withLock { $0.deadline?.cancel() }
        logger.debug("controller stopped")
    }

    /// Stop watching and taking work; abandon what is still running after the timeout.
    func beginShutdown() {
        let (watch, work, working) = tasks.withLock { ($0.watch, $0.work, $0.working) }
        watch?.cancel()
        guard working else {
            work?.cancel()  // still waiting to lead: nothing in flight
            return
        }
        let queue = self.queue
        let timeout = options.shutdownTimeout
        let deadline = Task {
            await queue.shutDown()
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { work?.cancel() }
        }
        tasks.withLock { $0.deadline = deadline }
    }

    private func workLoop() async {
        let queue = self.queue
        await withTaskCancellationHandler {
            if let leader {
                do { try await leader.waitUntilLeader() } catch { return }
            }
            tasks.withLock { $0.working = true }
            logger.debug("starting workers", metadata: ["workers": "\(options.concurrency)"])
            await withDiscardingTaskGroup { group in
                for _ in 0..<options.concurrency {
                    group.addTask {
                        while self.leader?.isLeader ?? true, let key = await queue.next() {
                            await self.process(key)
                        }
                    }
                }
            }
        } onCancel: {
            Task { await queue.shutDown() }
        }
    }
}
