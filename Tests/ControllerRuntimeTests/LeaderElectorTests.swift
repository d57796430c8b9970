import ControllerRuntime
import FerryTesting
import KubernetesClient
import Manifests
import Testing

@Suite(.serialized) struct LeaderElectorTests {
    static let lease = GroupVersionKind(group: "coordination.k8s.io", version: "v1", kind: "Lease")

    /// Flux's 35 s lease with a fast retry: tests that never wait for an expiry stay robust
    /// when a busy shared machine (etcd fsyncs, parallel builds) slows renewals for seconds.
    /// The expiry test shortens the lease.
    static func config(_ ns: String, _ id: String, lease: Duration = .seconds(35)) -> LeaderElectionConfig {
        LeaderElectionConfig(namespace: ns, name: "widget-controller-leader-election", identity: id,
                             leaseDuration: lease, renewDeadline: lease * 2 / 3, retryPeriod: .milliseconds(200))
    }

    func elector(_ client: KubernetesClient, _ ns: String, _ id: String, lease: Duration = .seconds(35)) -> LeaderElector {
        LeaderElector(client: client, config: Self.config(ns, id, lease: lease))
    }

    @Test func oneLeadsAndAStandbyTakesOverAtOnceWhenTheLeaderReleases() async throws {
        try await Widgets.with("leader-release") { _, client, ns in
            // A ten-minute lease: a takeover within the minute below can only be the release.
            let a = elector(client, ns, "a", lease: .seconds(600))
            let b = elector(client, ns, "b", lease: .seconds(600))
            let runA = RunningGroup([a])
            #expect(await eventually(timeout: .seconds(60)) { a.isLeader })
            let runB = RunningGroup([b])
            // b has read the lease (twice) and found it a's: it stands by.
            #expect(await eventually(timeout: .seconds(60)) { b.standbyAttempts >= 2 })
            #expect(!b.isLeader, "only one leader")
            let lease = try await client.get(Self.lease, name: "widget-controller-leader-election", namespace: ns)
            #expect(lease[path: "spec", "holderIdentity"] == "a")

            try await runA.stop()  // SIGTERM: release the lease
            #expect(!a.isLeader)
            #expect(await eventually(timeout: .seconds(60)) { b.isLeader }, "at once, not after the ten-minute lease")
            try await runB.stop()
        }
    }

    @Test func aStandbyAsksAgainAsSoonAsTheLeaseIsReleasedNotAfterItsRetryPeriod() async throws {
        try await Widgets.with("leader-wake") { _, client, ns in
            let a = elector(client, ns, "a", lease: .seconds(600))
            // A standby that would poll only every 30 s: taking over within seconds of the release
            // can only be its Lease watch waking it.
            let b = LeaderElector(client: client, config: LeaderElectionConfig(
                namespace: ns, name: "widget-controller-leader-election", identity: "b",
                leaseDuration: .seconds(600), renewDeadline: .seconds(400), retryPeriod: .seconds(30)))
            let runA = RunningGroup([a])
            #expect(await eventually(timeout: .seconds(60)) { a.isLeader })
            let runB = RunningGroup([b])
            #expect(await eventually(timeout: .seconds(60)) { b.standbyAttempts >= 1 && b.isWatchingLease })
            try await runA.stop()  // SIGTERM: release the lease
            let released = ContinuousClock.now
            #expect(await eventually(timeout: .seconds(25), every: .milliseconds(50)) { b.isLeader }, "not before its 30 s retry period")
            #expect(ContinuousClock.now - released < .seconds(10))
            #expect(b.standbyAttempts == 1, "one look at a's lease, then the release woke it")
            try await runB.stop()
        }
    }

    @Test func whenTheLeaderStopsRenewingTheStandbyTakesOverAfterTheLease() async throws {
        try await Widgets.with("leader-crash") { _, client, ns in
            // Long enough that the lease read below is still a's on a loaded machine.
            let duration = 15.0
            let a = elector(client, ns, "a", lease: .seconds(duration))
            let b = elector(client, ns, "b", lease: .seconds(duration))
            let runA = RunningGroup([a])
            #expect(await eventually(timeout: .seconds(60)) { a.isLeader })
            let runB = RunningGroup([b])
            runA.task.cancel()  // a crash: no release
            _ = try? await runA.task.value
            let crashed = LeaseRecord(lease: try await client.get(Self.lease, name: "widget-controller-leader-election", namespace: ns))
            #expect(crashed.holderIdentity == "a")
            #expect(await eventually(timeout: .seconds(120)) { b.isLeader }, "the standby takes over once the lease runs out")
            let lease = LeaseRecord(lease: try await client.get(Self.lease, name: "widget-controller-leader-election", namespace: ns))
            #expect(lease.holderIdentity == "b")
            #expect(lease.leaseTransitions == 1)
            // The lease times say when: not before a's last renewal + the lease duration.
            let expiry = try #require(crashed.renewTime) + duration
            let acquired = try #require(lease.acquireTime)
            #expect(acquired >= expiry, "the lease is still a's until it expires (acquired \(acquired.rfc3339Micro), expiry \(expiry.rfc3339Micro))")
            try await runB.stop()
        }
    }

    @Test func aControllerReconcilesOnlyWhileLeading() async throws {
        try await Widgets.with("leader-controller") { _, client, ns in
            let other = elector(client, ns, "other")
            let runOther = RunningGroup([other])
            #expect(await eventually(timeout: .seconds(60)) { other.isLeader })

            let me = elector(client, ns, "me")
            let reconciler = WidgetReconciler(client: client)
            let controller = Controller(client: client, kind: Widgets.kind, namespace: ns, reconciler: reconciler,
                                        options: ControllerOptions(name: "widget"), leader: me)
            let run = RunningGroup([me, controller])  // elector first: it stops last
            _ = try await client.create(Widgets.make("w", namespace: ns))
            #expect(await eventually { controller.hasSynced }, "a standby still syncs its cache")
            // The widget waits in the queue (workers parked in next() would have taken it at
            // once) while the elector keeps finding the lease taken.
            let key = ObjectKey(namespace: ns, name: "w")
            #expect(await eventually { await controller.queueSnapshot().ready.contains(key) }, "queued, not handed to a worker")
            let attempts = me.standbyAttempts
            #expect(await eventually(timeout: .seconds(60)) { me.standbyAttempts >= attempts + 2 })
            #expect(reconciler.count == 0, "a standby does not reconcile")
            #expect(await controller.queueSnapshot().ready.contains(key))

            try await runOther.stop()
            #expect(await eventually(timeout: .seconds(60)) { reconciler.count == 1 })
            try await run.stop()
            let lease = try await client.get(Self.lease, name: "widget-controller-leader-election", namespace: ns)
            #expect(lease[path: "spec", "holderIdentity"] == "", "released on graceful shutdown")
        }
    }

    @Test func aLeaderThatFindsAnotherHolderStopsItsWorkAndEnds() async throws {
        try await Widgets.with("leader-usurped") { _, client, ns in
            let a = elector(client, ns, "a")
            let runA = Task { try await a.run() }
            let work = Task {
                try await a.runWhileLeader { () async throws -> Void in
                    // Work that never ends on its own: only cancellation ends the wait.
                    let (never, continuation) = AsyncStream.makeStream(of: Never.self)
                    for await _ in never {}
                    continuation.finish()
                    try Task.checkCancellation()
                }
            }
            #expect(await eventually(timeout: .seconds(60)) { a.isLeader })
            // Someone else takes the lease (say a's renewals never reached the server for a term).
            // (Retried: a's renewal may win the race for a resourceVersion.)
            let usurped = await eventually {
                guard var lease = try? await client.get(Self.lease, name: "widget-controller-leader-election", namespace: ns) else { return false }
                lease[path: "spec", "holderIdentity"] = "intruder"
                lease[path: "spec", "renewTime"] = .string(Timestamp.now.rfc3339Micro)
                return (try? await client.update(lease)) != nil
            }
            #expect(usurped)

            await #expect(throws: LeaderElectionLost.self) { try await runA.value }
            #expect(!a.isLeader)
            let result: Void? = try await work.value
            #expect(result == nil, "the work done while leading was cancelled")
        }
    }
}
