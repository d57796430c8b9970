import FerryTesting
import KubernetesClient
import Manifests
import Testing
@testable import ResourceManager

/// `spec.ignore` against the real API server: a field another controller manages (an HPA's
/// `/spec/replicas`) is neither drift nor reverted while a rule covers it, and is reverted as
/// before without one.
@Suite struct ResourceDriftIgnoreTests {
    static let deployment = GroupVersionKind(apiVersion: "apps/v1", kind: "Deployment")

    static func rules(_ target: ObjectSelector?) throws -> ApplyOptions {
        ApplyOptions(ignoreRules: try CompiledIgnoreRules([DriftIgnoreRule(paths: ["/spec/replicas"], target: target)]))
    }

    /// What an autoscaler that uses server-side apply does: force-applies only the replicas.
    func scale(_ f: ClusterFixture, _ name: String, to replicas: Int, manager: String = "autoscaler") async throws {
        let patch: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": .string(f.namespace)], "spec": ["replicas": .int(replicas)],
        ]
        _ = try await f.client.apply(patch, fieldManager: manager, force: true)
    }

    /// Waits for the Deployment controller's one metadata write (the revision annotation of
    /// the first rollout): until then a re-apply can see it land between its GET and its
    /// dry-run, which is drift to Flux's rule as much as to Ferry's.
    func settle(_ f: ClusterFixture, _ name: String) async throws {
        let settled = try await eventually {
            try await f.get("Deployment", name, apiVersion: "apps/v1")?[path: "metadata", "annotations", "deployment.kubernetes.io/revision"] != nil
        }
        #expect(settled)
    }

    func replicas(_ f: ClusterFixture, _ name: String) async throws -> Int? {
        try await f.get("Deployment", name, apiVersion: "apps/v1")?[path: "spec", "replicas"]?.intValue
    }

    @Test func aFieldOwnedByAnotherApplyManagerIsKeptAndNotDrift() async throws {
        let f = try await ClusterFixture.make("ignore-strip")
        defer { Task { try await f.client.shutdown() } }
        let memory = AppliedStateMemory()
        let applier = f.applier(memory: memory)
        let ignoring = try Self.rules(ObjectSelector(group: "apps", kind: "Deployment"))
        let web = f.deployment("web", replicas: 2)
        let subject = f.subject("Deployment", "web")

        // Created whole: the rules are about what others change later.
        #expect(try await applier.apply([web], options: ignoring).actions == [subject: .created])
        #expect(try await replicas(f, "web") == 2)
        try await settle(f, "web")

        try await scale(f, "web", to: 5)
        // Re-applies with the rule: no drift, nothing written, the autoscaler's value stays.
        for _ in 0..<2 {
            #expect(try await applier.apply([web], options: ignoring).actions == [subject: .unchanged])
            #expect(try await replicas(f, "web") == 5)
        }
        let diff = try await applier.diff([web], options: ignoring)
        #expect(diff.map(\.action) == [.unchanged])

        // Something else drifts: the object is applied without the autoscaler's field.
        var changed = web
        changed[path: "spec", "minReadySeconds"] = 4
        #expect(try await applier.apply([changed], options: ignoring).actions == [subject: .configured])
        let live = try #require(try await f.get("Deployment", "web", apiVersion: "apps/v1"))
        #expect(live[path: "spec", "replicas"] == 5)
        #expect(live[path: "spec", "minReadySeconds"] == 4)
        let ours = live[path: "metadata", "managedFields"]?.arrayValue?.first { $0["manager"] == "kustomize-controller" }
        #expect(ours?[path: "fieldsV1", "f:spec", "f:replicas"] == nil, "Flux gave the field up")
        #expect(ours?[path: "fieldsV1", "f:spec", "f:minReadySeconds"] != nil)

        // The autoscaler keeps scaling; still no drift.
        try await scale(f, "web", to: 7)
        #expect(try await applier.apply([changed], options: ignoring).actions == [subject: .unchanged])
        #expect(try await replicas(f, "web") == 7)

        // Without the rule (same memory: the rule is part of what was remembered) Flux reverts it.
        #expect(try await applier.apply([changed]).actions == [subject: .configured])
        #expect(try await replicas(f, "web") == 2)
    }

    @Test func aFieldChangedThroughTheScaleSubresourceIsAdopted() async throws {
        let f = try await ClusterFixture.make("ignore-adopt")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier()
        let ignoring = try Self.rules(nil)
        let web = f.deployment("web", replicas: 2)
        _ = try await applier.apply([web], options: ignoring)
        try await settle(f, "web")

        // The HPA itself writes through the scale subresource (an Update, not an Apply owner).
        _ = try await f.client.patch(Self.deployment, name: "web", namespace: f.namespace, type: .merge,
                                     patch: ["spec": ["replicas": 4]], subresource: "scale",
                                     options: WriteOptions(fieldManager: "horizontal-pod-autoscaler"))
        #expect(try await applier.apply([web], options: ignoring).actions == [f.subject("Deployment", "web"): .unchanged])

        var changed = web
        changed[path: "spec", "minReadySeconds"] = 2
        #expect(try await applier.apply([changed], options: ignoring).actions == [f.subject("Deployment", "web"): .configured])
        let live = try #require(try await f.get("Deployment", "web", apiVersion: "apps/v1"))
        #expect(live[path: "spec", "replicas"] == 4, "the live value was adopted into what Flux applied")
        #expect(live[path: "spec", "minReadySeconds"] == 2)
    }

    @Test func aRuleWhoseTargetDoesNotMatchChangesNothing() async throws {
        let f = try await ClusterFixture.make("ignore-nomatch")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier()
        let elsewhere = try Self.rules(ObjectSelector(kind: "StatefulSet"))
        let otherName = try Self.rules(ObjectSelector(name: "api-.*", labelSelector: "scale=auto"))
        let web = f.deployment("web", replicas: 2)
        _ = try await applier.apply([web], options: elsewhere)
        for options in [elsewhere, otherName] {
            try await scale(f, "web", to: 6)
            #expect(try await applier.apply([web], options: options).actions == [f.subject("Deployment", "web"): .configured])
            #expect(try await replicas(f, "web") == 2)
        }
    }

    @Test func pathsAbsentFromTheObjectAreFine() async throws {
        let f = try await ClusterFixture.make("ignore-absent")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier()
        let options = ApplyOptions(ignoreRules: try CompiledIgnoreRules([
            DriftIgnoreRule(paths: ["/data/not-there", "/metadata/annotations/none", "/spec/replicas"], target: ObjectSelector(kind: "ConfigMap")),
        ]))
        let cm = f.configMap("settings", data: ["key": "v1"])
        let subject = f.subject("ConfigMap", "settings")
        #expect(try await applier.apply([cm], options: options).actions == [subject: .created])
        #expect(try await applier.apply([cm], options: options).actions == [subject: .unchanged])
        // A field no rule names is still repaired.
        _ = try await f.client.patch(GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"), name: "settings", namespace: f.namespace,
                                     type: .merge, patch: ["data": ["key": "edited"]], options: WriteOptions(fieldManager: "someone"))
        #expect(try await applier.apply([cm], options: options).actions == [subject: .configured])
        #expect(try await f.get("ConfigMap", "settings")?[path: "data", "key"] == "v1")
    }
}
