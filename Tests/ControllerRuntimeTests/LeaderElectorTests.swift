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
            let a = elector(client, ns, "a")
            let b = elector(client, ns, "b")
            let runA = RunningGroup([a])
            #expect(await eventually(timeout: .seconds(10)) { a.isLeader })
            let runB = RunningGroup([b])
            try await Task.sleep(for: .seconds(1))
            #expect(!b.isLeader, "only one leader")
            let lease = try await client.get(Self.lease, name: "widget-controller-leader-election", namespace: ns)
            #expect(lease[path: "spec", "holderIdentity"] == "a")

            let released = ContinuousClock.now
            try await runA.stop()  // SIGTERM: release the lease
            #expect(!a.isLeader)
            #expect(await eventually(timeout: .seconds(30)) { b.isLeader })
            // Well before the 35 s lease would expire (a loaded machine slows the release and
            // the standby's 200 ms retries by seconds, never by half a lease).
            #expect(ContinuousClock.now - released < .seconds(20), "at once, not after the 35 s lease duration")
            try await runB.stop()
        }
    }

    @Test func whenTheLeaderStopsRenewingTheStandbyTakesOverAfterTheLease() async throws {
        try await Widgets.with("leader-crash") { _, client, ns in
            let a = elector(client, ns, "a", lease: .seconds(6))
            let b = elector(client, ns, "b", lease: .seconds(6))
            let runA = RunningGroup([a])
            #expect(await eventually(timeout: .seconds(10)) { a.isLeader })
            let runB = RunningGroup([b])
            runA.task.cancel()  // a crash: no release
            _ = try? await runA.task.value
            let crashed = ContinuousClock.now
            try await Task.sleep(for: .seconds(2))
            #expect(!b.isLeader, "the lease is still a's until it expires")
            #expect(await eventually(timeout: .seconds(10)) { b.isLeader })
            #expect(ContinuousClock.now - crashed < .seconds(9), "taken over within the 6 s lease duration + a few retries")
            let lease = try await client.get(Self.lease, name: "widget-controller-leader-election", namespace: ns)
            #expect(lease[path: "spec", "holderIdentity"] == "b")
            #expect(lease[path: "spec", "leaseTransitions"] == 1)
            try await runB.stop()
        }
    }

    @Test func aControllerReconcilesOnlyWhileLeading() async throws {
        try await Widgets.with("leader-controller") { _, client, ns in
            let other = elector(client, ns, "other")
            let runOther = RunningGroup([other])
            #expect(await eventually(timeout: .seconds(10)) { other.isLeader })

            let me = elector(client, ns, "me")
            let reconciler = WidgetReconciler(client: client)
            let controller = Controller(client: client, kind: Widgets.kind, namespace: ns, reconciler: reconciler,
                                        options: ControllerOptions(name: "widget"), leader: me)
            let run = RunningGroup([me, controller])  // elector first: it stops last
            _ = try await client.create(Widgets.make("w", namespace: ns))
            #expect(await eventually { controller.hasSynced }, "a standby still syncs its cache")
            try await Task.sleep(for: .seconds(1))
            #expect(reconciler.count == 0, "a standby does not reconcile")

            try await runOther.stop()
            #expect(await eventually(timeout: .seconds(10)) { reconciler.count == 1 })
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
                    while true { try await Task.sleep(for: .milliseconds(20)) }
                }
            }
            #expect(await eventually(timeout: .seconds(10)) { a.isLeader })
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
