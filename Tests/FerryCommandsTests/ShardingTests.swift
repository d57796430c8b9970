import ArgumentParser
import ControllerRuntime
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing
@testable import FerryCommands

/// Sharding `ferry controllers run` with `--watch-label-selector`, as Flux shards its
/// controllers (docs/sharding.md): a main instance with `!sharding.fluxcd.io/key`, a shard with
/// `sharding.fluxcd.io/key=shard1`, objects assigned by that label.
@Suite struct ShardingTests {
    // MARK: the flag

    /// Flux's `leaderelection.GenerateID`, with the answers of its own test table.
    @Test(arguments: [
        ("foo", nil, "foo"), ("foo", "", "foo"), ("foo", "bar", "foo-fcde2b2e"), ("", "bar", ""),
        ("ferry-controllers-leader-election", "sharding.fluxcd.io/key=shard1", "ferry-controllers-leader-election-73fdc1be"),
    ] as [(String, String?, String)])
    func theLeaseNameIsFluxsGenerateID(base: String, selector: String?, expected: String) {
        #expect(LeaderElectionConfig.leaseName(base, labelSelector: selector) == expected)
    }

    @Test func theSelectorReachesEveryControllerAndNamesTheLease() throws {
        let shard = try ControllersRunCommand.parse(["--watch-label-selector", "sharding.fluxcd.io/key=shard1"])
        let main = try ControllersRunCommand.parse(["--watch-label-selector=!sharding.fluxcd.io/key"])
        let plain = try ControllersRunCommand.parse([])
        #expect(shard.controllerOptions("kustomization", shutdownTimeout: .seconds(1)).labelSelector == "sharding.fluxcd.io/key=shard1")
        #expect(main.controllerOptions("gitrepository", shutdownTimeout: .seconds(1)).labelSelector == "!sharding.fluxcd.io/key")
        #expect(plain.controllerOptions("helmrelease", shutdownTimeout: .seconds(1)).labelSelector == nil)
        #expect(Set([shard.leaseName, main.leaseName, plain.leaseName]).count == 3, "each shard elects on its own Lease")
        #expect(plain.leaseName == "ferry-controllers-leader-election", "unsharded, the lease keeps its name")
        for selector in ["!sharding.fluxcd.io/key", "sharding.fluxcd.io/key in (shard1,shard2)", "sharding.fluxcd.io/key notin (shard1)",
                         "sharding.fluxcd.io/key", "team=a,sharding.fluxcd.io/key=shard2", "sharding.fluxcd.io/key=", " "] {
            #expect(throws: Never.self) { try ControllersRunCommand.parse(["--watch-label-selector", selector]) }
        }
    }

    @Test(arguments: ["sharding.fluxcd.io/key in ()", "Sharding.FluxCD.io/key=x", "key=shard 1", "key=bad!", "a,,b", "!"])
    func aSelectorTheAPIServerWouldRefuseIsRefusedNamingTheFlag(selector: String) throws {
        do {
            _ = try ControllersRunCommand.parse(["--watch-label-selector", selector])
            Issue.record("accepted '\(selector)'")
        } catch {
            let message = ControllersRunCommand.message(for: error)
            #expect(message.contains("--watch-label-selector"), "\(message)")
            #expect(message.contains(selector), "\(message)")
        }
    }

    // MARK: processes

    /// A main instance and shard1, both leader-elected: each leads a Lease of its own, serves the
    /// sources and reconciles the Kustomizations of its shard only (their logs and the artifact
    /// URLs say who did what); a shard1 Kustomization may use main's source; relabelling moves a
    /// Kustomization and a GitRepository from one process to the other.
    @Test func eachShardReconcilesOnlyItsObjectsAndARelabelMovesThem() async throws {
        let world = try await ShardWorld.make("sharding")
        try await world.with { processes in
            let main = try await world.start(selector: "!\(ShardWorld.key)", ["--leader-elect", "true"])
            processes["main"] = main
            let shard1 = try await world.start(selector: "\(ShardWorld.key)=shard1", ["--leader-elect", "true"])
            processes["shard1"] = shard1
            try await world.push(["main": "main-cm", "shard": "shard-cm", "cross": "cross-cm", "moved": "moved-cm"])
            try await world.createGitRepository("main-repo", shard: nil)
            try await world.createGitRepository("shard-repo", shard: "shard1")
            try await world.createKustomization("main-ks", path: "./main", source: "main-repo", shard: nil)
            try await world.createKustomization("shard-ks", path: "./shard", source: "shard-repo", shard: "shard1")
            try await world.createKustomization("cross-ks", path: "./cross", source: "main-repo", shard: "shard1")
            for name in ["main-ks", "shard-ks", "cross-ks"] { try await world.waitReady(name) }
            for name in ["main-cm", "shard-cm", "cross-cm"] { #expect(await world.get(ShardWorld.configMap, name) != nil, "\(name) applied") }

            // Each source is served by its own shard's artifact server.
            #expect(await world.artifactURL("main-repo")?.hasPrefix(main.artifactPrefix) == true)
            #expect(await world.artifactURL("shard-repo")?.hasPrefix(shard1.artifactPrefix) == true)
            // Each object is reconciled by its own shard only.
            for (process, other, names) in [(main, shard1, ["main-ks"]), (shard1, main, ["shard-ks", "cross-ks"])] {
                for name in names {
                    #expect(process.reconciles("Kustomization", name) > 0)
                    #expect(other.reconciles("Kustomization", name) == 0, "\(name) reconciled by the other shard")
                }
            }
            #expect(main.reconciles("GitRepository", "main-repo") > 0 && shard1.reconciles("GitRepository", "main-repo") == 0)
            #expect(shard1.reconciles("GitRepository", "shard-repo") > 0 && main.reconciles("GitRepository", "shard-repo") == 0)

            // Each shard leads its own Lease; both lead at once.
            let mainLease = await world.get(ShardWorld.lease, LeaderElectionConfig.leaseName(
                "ferry-controllers-leader-election", labelSelector: "!\(ShardWorld.key)"))
            let shardLease = await world.get(ShardWorld.lease, LeaderElectionConfig.leaseName(
                "ferry-controllers-leader-election", labelSelector: "\(ShardWorld.key)=shard1"))
            let holders = [mainLease, shardLease].map { $0?[path: "spec", "holderIdentity"]?.stringValue ?? "" }
            #expect(holders.allSatisfy { !$0.isEmpty } && holders[0] != holders[1], "holders \(holders)")

            // main-ks joins shard1: shard1 takes it over, main never touches it again.
            try await world.relabel(ShardWorld.kustomization, "main-ks", shard: "shard1")
            #expect(await eventually(timeout: .seconds(60)) { shard1.reconciles("Kustomization", "main-ks") > 0 }, "shard1 picks main-ks up")
            let mainBefore = main.reconciles("Kustomization", "main-ks")
            _ = try await world.client.patch(ShardWorld.kustomization, name: "main-ks", namespace: world.namespace, type: .merge,
                                             patch: ["spec": ["path": "./moved"]])
            try await world.waitReady("main-ks")
            #expect(await world.get(ShardWorld.configMap, "moved-cm") != nil, "the change after the move is applied")
            #expect(await world.get(ShardWorld.configMap, "main-cm") == nil, "and pruned what it no longer builds")
            #expect(main.reconciles("Kustomization", "main-ks") == mainBefore, "main reconciled main-ks after it left")

            // shard-repo leaves shard1: main serves it from now on, and shard-ks (still shard1's)
            // follows a new commit fetched from main's artifact server.
            try await world.relabel(ShardWorld.gitRepository, "shard-repo", shard: nil)
            #expect(await eventually(timeout: .seconds(60)) { await world.artifactURL("shard-repo")?.hasPrefix(main.artifactPrefix) == true },
                    "main serves shard-repo's artifact")
            let shardBefore = shard1.reconciles("GitRepository", "shard-repo")
            let commit = try await world.push(["shard": "shard-cm2"])
            try await world.requestReconcile(ShardWorld.gitRepository, "shard-repo")
            try await world.waitReady("shard-ks", commit: commit)
            #expect(await world.get(ShardWorld.configMap, "shard-cm2") != nil)
            #expect(shard1.reconciles("GitRepository", "shard-repo") == shardBefore, "shard1 reconciled shard-repo after it left")
            #expect(main.reconciles("Kustomization", "shard-ks") == 0)
        }
    }

    /// A HelmRelease's HelmChart carries `spec.chart.metadata.labels` (Flux's rule; the release's
    /// own labels are not copied): labelled for shard1, shard1 builds it from shard1's
    /// HelmRepository; unlabelled, it goes to main, which cannot read shard1's repository index
    /// from its own storage (docs/sharding.md, "keep these in one shard").
    @Test func aHelmReleasesChartGoesToTheShardItsTemplateLabelsName() async throws {
        let world = try await ShardWorld.make("shard-helm")
        var charts = try await ChartRepoFixture(prefix: "shard")
        try charts.publish(chart: "hello", version: "1.0.0")
        try await world.with { processes in
            let main = try await world.start(selector: "!\(ShardWorld.key)")
            processes["main"] = main
            let shard1 = try await world.start(selector: "\(ShardWorld.key)=shard1")
            processes["shard1"] = shard1
            let ns = world.namespace
            _ = try await world.client.create([
                "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
                "metadata": ["name": "charts", "namespace": .string(ns), "labels": world.labels("shard1")],
                "spec": ["url": .string(charts.url()), "interval": "10m"],
            ])
            for (name, template) in [("sharded", world.labels("shard1")), ("unsharded", [:])] as [(String, JSONValue)] {
                _ = try await world.client.create([
                    "apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
                    "metadata": ["name": .string(name), "namespace": .string(ns), "labels": world.labels("shard1")],
                    "spec": ["interval": "10m", "chart": [
                        "metadata": ["labels": template],
                        "spec": ["chart": "hello", "version": "1.0.0", "sourceRef": ["kind": "HelmRepository", "name": "charts"]],
                    ]],
                ])
            }
            let helmChart = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "HelmChart")
            let helmRelease = GroupVersionKind(group: "helm.toolkit.fluxcd.io", version: "v2", kind: "HelmRelease")
            func ready(_ gvk: GroupVersionKind, _ name: String) async -> JSONValue? {
                await world.get(gvk, name)?[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
            }
            let installed = await eventually(timeout: .seconds(90)) { await ready(helmRelease, "sharded")?["status"]?.stringValue == "True" }
            let releaseReady = await ready(helmRelease, "sharded")
            #expect(installed, "\(String(describing: releaseReady))")
            #expect(await world.get(ShardWorld.configMap, "sharded-hello") != nil, "the chart is installed")
            let sharded = await world.get(helmChart, "\(ns)-sharded")
            #expect(sharded?[path: "metadata", "labels", ShardWorld.key] == "shard1")
            #expect(sharded?[path: "status", "artifact", "url"]?.stringValue?.hasPrefix(shard1.artifactPrefix) == true)
            #expect(shard1.reconciles("HelmChart", "\(ns)-sharded") > 0 && main.reconciles("HelmChart", "\(ns)-sharded") == 0)
            #expect(shard1.reconciles("HelmRelease", "sharded") > 0 && main.reconciles("HelmRelease", "sharded") == 0)

            // Without the template label the chart is main's, and main has no copy of shard1's index.
            let refused = await eventually(timeout: .seconds(90)) {
                await ready(helmChart, "\(ns)-unsharded")?["message"]?.stringValue == "no artifact available for HelmRepository source 'charts'"
            }
            let chartReady = await ready(helmChart, "\(ns)-unsharded")
            #expect(refused, "\(String(describing: chartReady))")
            #expect(await world.get(helmChart, "\(ns)-unsharded")?[path: "metadata", "labels", ShardWorld.key] == nil)
            #expect(main.reconciles("HelmChart", "\(ns)-unsharded") > 0 && shard1.reconciles("HelmChart", "\(ns)-unsharded") == 0)
        }
    }
}
