import ControllerRuntime
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing
@testable import FerryCommands

/// Two replicas of one shard as processes, leader-elected on the shard's Lease: the first leads
/// and reconciles, the second stands by; SIGKILL the first (no release, as in a node crash) and
/// the second takes the Lease once it runs out and reconciles a change made after the kill. Both
/// are given one artifact address, which only the leader serves.
/// (LeaderElectorTests covers the elector itself in-process: release on shutdown, expiry times,
/// usurping; GitRepositoryControllerTests an unsharded GitRepository handover. This is the
/// shard's own Lease, a Kustomization, and the artifact address shared by the replicas.)
@Suite struct ShardLeaderHandoverTests {
    static let leaseDuration = 4.0

    @Test func aStandbyReplicaOfTheShardTakesOverWhenTheLeaderIsKilled() async throws {
        let world = try await ShardWorld.make("shard-handover")
        let selector = "\(ShardWorld.key)=shard1"
        let leaseName = LeaderElectionConfig.leaseName("ferry-controllers-leader-election", labelSelector: selector)
        // One artifact address for both replicas, as one Service in a cluster: only the leader listens.
        let storagePort = try #require(ControllersRunCommand.freePort())
        let flags = ["--storage-addr", "127.0.0.1:\(storagePort)", "--leader-elect", "true", "--leader-election-lease-duration", "\(Int(Self.leaseDuration))s",
                     "--leader-election-renew-deadline", "3s", "--leader-election-retry-period", "500ms"]
        try await world.with { processes in
            let first = try await world.start(selector: selector, flags)
            processes["first"] = first
            var firstHolder = ""
            #expect(await eventually(timeout: .seconds(60)) {
                firstHolder = await world.get(ShardWorld.lease, leaseName)?[path: "spec", "holderIdentity"]?.stringValue ?? ""
                return !firstHolder.isEmpty
            }, "the first replica leads the shard's Lease \(leaseName)")
            let second = try await world.start(selector: selector, flags, waitForReady: false)
            processes["second"] = second

            try await world.push(["before": "before-cm", "after": "after-cm"])
            try await world.createGitRepository("repo", shard: "shard1")
            try await world.createKustomization("app", path: "./before", source: "repo", shard: "shard1")
            try await world.waitReady("app")
            #expect(first.reconciles("Kustomization", "app") > 0)
            #expect(second.reconciles("Kustomization", "app") == 0 && second.reconciles("GitRepository", "repo") == 0,
                    "the standby reconciles nothing")
            #expect(await world.get(ShardWorld.lease, leaseName)?[path: "spec", "holderIdentity"]?.stringValue == firstHolder)

            await first.stop(signal: SIGKILL)
            processes["first"] = nil
            let killed = Timestamp.now
            _ = try await world.client.patch(ShardWorld.kustomization, name: "app", namespace: world.namespace, type: .merge,
                                             patch: ["spec": ["path": "./after"]])
            try await world.waitReady("app", timeout: .seconds(120))
            #expect(await world.get(ShardWorld.configMap, "after-cm") != nil, "the change made after the kill is applied")
            #expect(await world.get(ShardWorld.configMap, "before-cm") == nil, "and what it no longer builds is pruned")
            #expect(second.reconciles("Kustomization", "app") > 0)

            let lease = try #require(await world.get(ShardWorld.lease, leaseName))
            let record = LeaseRecord(lease: lease)
            #expect(record.holderIdentity != firstHolder && !record.holderIdentity.isEmpty, "the second replica holds the Lease")
            #expect(record.leaseTransitions == 1)
            #expect(second.log.contains("\"msg\":\"became leader\"") && second.log.contains(leaseName))
            #expect(await world.artifactURL("repo")?.hasPrefix("http://localhost:\(storagePort)/") == true, "the same artifact address throughout")
            if let acquired = record.acquireTime {
                print("shard1 takeover: Lease acquired \(String(format: "%.1f", acquired.secondsSince1970 - killed.secondsSince1970))s after SIGKILL (lease duration \(Self.leaseDuration)s)")
            }
        }
    }
}
