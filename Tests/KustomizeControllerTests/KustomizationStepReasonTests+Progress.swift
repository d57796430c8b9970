@testable import KustomizeController
import ControllerRuntime
import FerryAPI
import Manifests
import Testing

/// Progress a user sees while a reconcile runs (`kubectl get` shows Reconciling=True before the
/// slow work on something new), and its absence when nothing changed.
extension KustomizationStepReasonTests {
    static let fetching = "Fetching manifests for revision \(StepFixture.revision) with a timeout of 9m30s"

    @Test func newRevisionShowsProgressBeforeTheFetch() async throws {
        var scenario = StepScenario()
        scenario.object[path: "status", "lastAppliedRevision"] = "main@sha1:0000"
        // The fetch fails: whatever progress was written came before it.
        scenario.fetchFailure = ArtifactFetchError(.download, "failed to download artifact: connection refused")
        let outcome = try await scenario.run()
        #expect(outcome.fetcher.fetched == [StepFixture.artifactURL])
        #expect(outcome.progress.count == 1)
        let progress = try #require(outcome.progress.first)
        let conditions = Conditions(json: progress["conditions"])
        #expect(conditions[ConditionType.reconciling]?.status == "True")
        #expect(conditions[ConditionType.reconciling]?.reason == ConditionReason.progressing)
        #expect(conditions[ConditionType.reconciling]?.message == Self.fetching)
        #expect(conditions[ConditionType.ready]?.status == "Unknown")
        #expect(conditions[ConditionType.ready]?.reason == ConditionReason.progressing)
        #expect(progress["observedGeneration"] == nil)
    }

    /// Flux keeps the last progress message in Reconciling after a failure and only turns its
    /// reason to ProgressingWithRetry (`finalizeStatus`), so a user still reads what was being
    /// attempted. Known issue: `ReconcileRun.reportProgress` (ControllerRuntime/StepReconciler.swift)
    /// writes the progress without recording it in `run.conditions`, so the final status replaces
    /// it with "Reconciliation in progress".
    @Test func failureAfterProgressKeepsTheProgressMessage() async throws {
        var scenario = StepScenario()
        scenario.fetchFailure = ArtifactFetchError(.download, "failed to download artifact: connection refused")
        let reconciling = try #require(try await scenario.run().report.condition(ConditionType.reconciling))
        #expect(reconciling.status == "True")
        #expect(reconciling.reason == ConditionReason.progressingWithRetry)
        #expect(reconciling.message == Self.fetching)
    }

    @Test func healthChecksShowProgressWithHealthyUnknown() async throws {
        var scenario = StepScenario()
        scenario.object[path: "spec", "wait"] = true
        let outcome = try await scenario.run()
        #expect(outcome.progress.count == 2)
        let running = "Running health checks for revision \(StepFixture.revision) with a timeout of 9m30s"
        let last = Conditions(json: outcome.progress.last?["conditions"])
        #expect(last[ConditionType.reconciling]?.message == running)
        #expect(last[ConditionType.healthy]?.status == "Unknown")
        #expect(last[ConditionType.healthy]?.message == running)
        #expect(outcome.report.condition(ConditionType.healthy)?.status == "True")
    }

    /// A second turn on the object as the first left it: same revision, same generation,
    /// nothing changed on the cluster, healthy.
    @Test(arguments: [false, true])
    func idleReRunWritesNoProgress(wait: Bool) async throws {
        var scenario = StepScenario()
        if wait { scenario.object[path: "spec", "wait"] = true }
        let first = try await scenario.run()
        #expect(!first.progress.isEmpty)
        let status: JSONValue = try #require(first.report.status)
        scenario.object["status"] = status
        scenario.cluster.kustomizations = [:]
        let second = try await scenario.run()
        #expect(second.progress.isEmpty)
        #expect(second.report.condition(ConditionType.ready)?.message == "Applied revision: \(StepFixture.revision)")
        #expect(second.target.record.applied.count == 2, "it still applies (drift correction)")
        #expect(second.target.record.healthChecked.count == (wait ? 1 : 0), "the passed health check is not repeated")
        #expect(second.report.events.isEmpty, "nothing was created or configured")
        #expect(second.status?.history?.first?.totalReconciliations == 2)
    }

    @Test func specChangeAtTheSameRevisionShowsProgress() async throws {
        var scenario = StepScenario()
        let first = try await scenario.run()
        let status: JSONValue = try #require(first.report.status)
        scenario.object["status"] = status
        scenario.object[path: "metadata", "generation"] = 2
        scenario.cluster.kustomizations = [:]
        let second = try await scenario.run()
        #expect(second.progress.count == 1)
        #expect(Conditions(json: second.progress.first?["conditions"])[ConditionType.reconciling]?.message == Self.fetching)
        #expect(second.status?.observedGeneration == 2)
    }
}
