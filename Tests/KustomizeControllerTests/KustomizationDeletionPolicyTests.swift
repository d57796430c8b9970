@testable import KustomizeController
import ControllerRuntime
import FerryAPI
import Manifests
import ResourceManager
import Testing

/// What deleting a Kustomization does to the objects it applied, per `spec.deletionPolicy`,
/// without a cluster: the fake target records deletions and answers termination waits.
@Suite struct KustomizationDeletionPolicyTests {
    static let inventory = ["settings", "flags"]
    static var inventoryObjects: [InventoryObject] { inventory.map { InventoryObject(id: StepFixture.configMapID($0), version: "v1") } }

    /// `apps/app` being deleted, still holding our finalizer, with two ConfigMaps in its inventory.
    static func deleting(policy: String?, prune: Bool, suspend: Bool = false, inventory: [String] = inventory) -> StepScenario {
        var scenario = StepScenario()
        scenario.object[path: "metadata", "deletionTimestamp"] = "2026-03-01T10:00:00Z"
        scenario.object[path: "metadata", "finalizers"] = [.string(Finalizers.flux)]
        scenario.object[path: "spec", "prune"] = .bool(prune)
        if let policy { scenario.object[path: "spec", "deletionPolicy"] = .string(policy) }
        if suspend { scenario.object[path: "spec", "suspend"] = true }
        scenario.object[path: "status", "inventory"] = StepFixture.inventory(inventory)
        scenario.object[path: "status", "lastAppliedRevision"] = .string(StepFixture.revision)
        return scenario
    }

    struct Policy: Sendable, CustomTestStringConvertible {
        var name: String
        var policy: String?
        var prune: Bool
        var suspend = false
        var deletes: Bool
        var waits = false
        var testDescription: String { name }
    }

    static let policies: [Policy] = [
        Policy(name: "MirrorPrune (default) with prune", policy: nil, prune: true, deletes: true),
        Policy(name: "MirrorPrune with prune", policy: "MirrorPrune", prune: true, deletes: true),
        Policy(name: "MirrorPrune without prune", policy: "MirrorPrune", prune: false, deletes: false),
        Policy(name: "Delete without prune", policy: "Delete", prune: false, deletes: true),
        Policy(name: "Orphan with prune", policy: "Orphan", prune: true, deletes: false),
        Policy(name: "WaitForTermination", policy: "WaitForTermination", prune: false, deletes: true, waits: true),
        Policy(name: "suspended Delete orphans", policy: "Delete", prune: true, suspend: true, deletes: false),
        Policy(name: "suspended MirrorPrune orphans", policy: nil, prune: true, suspend: true, deletes: false),
    ]

    @Test(arguments: policies)
    func policyDecidesWhatIsDeleted(_ policy: Policy) async throws {
        let outcome = try await Self.deleting(policy: policy.policy, prune: policy.prune, suspend: policy.suspend).run()
        #expect(outcome.report.finalizer == .remove)
        #expect(outcome.report.status == nil, "a deleted object's status is not written")
        #expect(outcome.report.error == nil)
        #expect(outcome.fetcher.fetched.isEmpty)
        #expect(outcome.target.record.applied.isEmpty)
        #expect(outcome.target.record.pruned == (policy.deletes ? [Self.inventoryObjects] : []))
        #expect(outcome.target.record.terminationWaited == (policy.waits ? [Self.inventoryObjects] : []))
        if policy.deletes {
            #expect(outcome.report.events == [EventDraft(.normal, reason: ConditionReason.progressing,
                                                         message: "ConfigMap/apps/settings deleted\nConfigMap/apps/flags deleted")])
        } else {
            #expect(outcome.report.events.isEmpty)
        }
    }

    @Test func waitForTerminationGivesUpWithAWarningAndRemovesTheFinalizer() async throws {
        var scenario = Self.deleting(policy: "WaitForTermination", prune: true)
        scenario.cluster.target = FakeApplyTarget(.init(terminating: ["flags"]))
        let outcome = try await scenario.run()
        #expect(outcome.report.finalizer == .remove)
        #expect(outcome.report.error == nil)
        let warning = try #require(outcome.report.events.first { $0.type == .warning })
        #expect(warning.reason == KustomizationReason.deletionFailed)
        #expect(warning.message == "timeout waiting for termination of: ConfigMap/apps/flags; finalizer removed")
    }

    @Test func anUnreachableTargetOrphansWithAWarningAndRemovesTheFinalizer() async throws {
        var scenario = Self.deleting(policy: "Delete", prune: true)
        scenario.cluster.unreachable = .stalled(reason: ConditionReason.reconciliationFailed,
                                                "kubeconfig Secret 'apps/member-kubeconfig' not found")
        let outcome = try await scenario.run()
        #expect(outcome.report.finalizer == .remove)
        #expect(outcome.report.error == nil)
        #expect(outcome.target.record.pruned.isEmpty)
        #expect(outcome.report.events == [EventDraft(.warning, reason: KustomizationReason.deletionFailed,
                                                     message: "garbage collection skipped, objects orphaned: kubeconfig Secret 'apps/member-kubeconfig' not found")])
    }

    @Test func anEmptyInventoryNeedsNoTarget() async throws {
        var scenario = Self.deleting(policy: "Delete", prune: true, inventory: [])
        scenario.cluster.unreachable = .stalled(reason: ConditionReason.reconciliationFailed, "unreachable")
        let outcome = try await scenario.run()
        #expect(outcome.report.finalizer == .remove)
        #expect(outcome.report.events.isEmpty, "nothing to delete, so nothing to warn about")
    }

    @Test func aRefusedDeleteKeepsTheFinalizerAndRetries() async throws {
        var scenario = Self.deleting(policy: "Delete", prune: true)
        scenario.cluster.target = FakeApplyTarget(.init(undeletable: ["flags"]))
        let outcome = try await scenario.run()
        #expect(outcome.report.finalizer == .keep)
        let error = try #require(outcome.report.error)
        #expect(error.kind == .transient)
        #expect(error.reason == KustomizationReason.deletionFailed)
        #expect(error.message == "ConfigMap/apps/flags deletion failed: the server refused the delete")
    }

    @Test func withoutOurFinalizerNothingIsDone() async throws {
        var scenario = Self.deleting(policy: "Delete", prune: true)
        scenario.object[path: "metadata", "finalizers"] = ["example.com/other"]
        let outcome = try await scenario.run()
        #expect(outcome.report.finalizer == .keep)
        #expect(outcome.report.status == nil)
        #expect(outcome.target.record.pruned.isEmpty)
    }
}
