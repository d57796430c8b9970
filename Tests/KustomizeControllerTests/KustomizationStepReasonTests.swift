@testable import KustomizeController
import ControllerRuntime
import FerryAPI
import Manifests
import ResourceManager
import Testing

/// Which reason, condition and retry a user sees for each way a Kustomization reconcile can
/// end, from the steps alone (no cluster: ``FakeKustomizationCluster``). The fixture retries
/// after 1m (`spec.retryInterval`) and waits 7s for sources and dependencies
/// (`--requeue-dependency`), so each delay says which rule chose it.
@Suite struct KustomizationStepReasonTests {
    static let retry = ReconcileError.Kind.retry(after: .seconds(60))
    static let waitDependency = ReconcileError.Kind.waiting(after: .seconds(7))

    struct Failure: Sendable, CustomTestStringConvertible {
        var name: String
        var setup: @Sendable (inout StepScenario) -> Void
        var reason: String
        var kind: ReconcileError.Kind
        /// Part of Ready's message.
        var message: String
        /// Whether the steps got as far as the target cluster (an apply was attempted).
        var reachedApply = false
        var testDescription: String { name }
    }

    static let failures: [Failure] = [
        Failure(name: "source not found", setup: { $0.cluster.sources = [:] },
                reason: KustomizationReason.artifactFailed, kind: waitDependency,
                message: "Source 'GitRepository/apps/repo' not found"),
        Failure(name: "source without an artifact",
                setup: { $0.cluster.sources = [FakeKustomizationCluster.sourceKey("GitRepository", ObjectKey(namespace: "apps", name: "repo")): .noArtifact] },
                reason: KustomizationReason.artifactFailed, kind: waitDependency,
                message: "Source 'GitRepository/apps/repo' is not ready, artifact not found"),
        Failure(name: "source kind not served by the API server",
                setup: { $0.object[path: "spec", "sourceRef", "kind"] = "Bucket"; $0.cluster.unservedKinds = ["Bucket"] },
                reason: KustomizationReason.artifactFailed, kind: waitDependency,
                message: "Source 'Bucket/apps/repo' cannot be read: the API server does not serve kind Bucket"),
        Failure(name: "unsupported source kind", setup: { $0.object[path: "spec", "sourceRef", "kind"] = "HelmRepository" },
                reason: KustomizationReason.artifactFailed, kind: .stalled,
                message: "source kind 'HelmRepository' is not supported"),
        Failure(name: "cross-namespace source refused",
                setup: { $0.options.noCrossNamespaceRefs = true; $0.object[path: "spec", "sourceRef", "namespace"] = "flux-system" },
                reason: ConditionReason.accessDenied, kind: .stalled,
                message: "cannot access 'GitRepository/flux-system/repo': cross-namespace references are not allowed"),
        Failure(name: "cross-namespace dependency refused",
                setup: { $0.options.noCrossNamespaceRefs = true; $0.object[path: "spec", "dependsOn"] = [["name": "infra", "namespace": "platform"]] },
                reason: ConditionReason.accessDenied, kind: .stalled,
                message: "cannot depend on 'platform/infra': cross-namespace references are not allowed"),
        Failure(name: "artifact gone from storage", setup: { $0.fetchFailure = ArtifactFetchError(.notFound, "artifact not found: 404 Not Found") },
                reason: KustomizationReason.artifactFailed, kind: waitDependencyRetry, message: "artifact not found: 404 Not Found"),
        Failure(name: "artifact download failed", setup: { $0.fetchFailure = ArtifactFetchError(.download, "failed to download artifact: 503") },
                reason: KustomizationReason.artifactFailed, kind: retry, message: "failed to download artifact: 503"),
        Failure(name: "artifact digest mismatch", setup: { $0.fetchFailure = ArtifactFetchError(.verify, "digest mismatch") },
                reason: KustomizationReason.artifactFailed, kind: retry, message: "digest mismatch"),
        Failure(name: "path missing in the artifact", setup: { $0.object[path: "spec", "path"] = "./clusters/prod" },
                reason: KustomizationReason.artifactFailed, kind: retry,
                message: "kustomization path not found: stat clusters/prod: no such file or directory"),
        Failure(name: "kustomization.yaml that is not YAML", setup: { $0.files["deploy/kustomization.yaml"] = "resources: [settings.yaml\n  - : :\n" },
                reason: KustomizationReason.buildFailed, kind: retry, message: "failed to read kustomization"),
        Failure(name: "kustomization.yaml naming a missing file",
                setup: { $0.files["deploy/kustomization.yaml"] = "resources:\n- settings.yaml\n- absent.yaml\n" },
                reason: KustomizationReason.buildFailed, kind: retry, message: "kustomize build failed"),
        Failure(name: "apply refused",
                setup: { $0.cluster.target = FakeApplyTarget(.init(applyFailure: (1, "ConfigMap/apps/settings dry-run failed: field is immutable"))) },
                reason: ConditionReason.reconciliationFailed, kind: retry,
                message: "ConfigMap/apps/settings dry-run failed: field is immutable", reachedApply: true),
        Failure(name: "prune refused",
                setup: {
                    $0.object[path: "status", "inventory"] = StepFixture.inventory(["old"])
                    $0.cluster.target = FakeApplyTarget(.init(undeletable: ["old"]))
                },
                reason: KustomizationReason.pruneFailed, kind: retry,
                message: "ConfigMap/apps/old deletion failed: the server refused the delete", reachedApply: true),
        Failure(name: "health check failed",
                setup: {
                    $0.object[path: "spec", "wait"] = true
                    $0.cluster.target = FakeApplyTarget(.init(health: .answer(.failed, message: "failed early due to stalled resources: [ConfigMap/apps/flags status: 'Failed']")))
                },
                reason: KustomizationReason.healthCheckFailed, kind: retry,
                message: "failed early due to stalled resources: [ConfigMap/apps/flags status: 'Failed']", reachedApply: true),
        Failure(name: "health check timed out",
                setup: {
                    $0.object[path: "spec", "wait"] = true
                    $0.cluster.target = FakeApplyTarget(.init(health: .answer(.timedOut, message: "timeout waiting for: [ConfigMap/apps/flags status: 'InProgress']")))
                },
                reason: KustomizationReason.healthCheckFailed, kind: retry,
                message: "timeout waiting for: [ConfigMap/apps/flags status: 'InProgress']", reachedApply: true),
        Failure(name: "health check cancelled by a spec change",
                setup: {
                    $0.object[path: "spec", "wait"] = true
                    $0.cluster.target = FakeApplyTarget(.init(health: .untilCancelled))
                    $0.cluster.generations[StepFixture.key] = 2
                },
                reason: KustomizationReason.healthCheckCanceled, kind: .retry(after: .milliseconds(200)),
                message: "Health checks canceled: a new revision or spec change is waiting to be reconciled", reachedApply: true),
        Failure(name: "dependency missing", setup: { $0.object[path: "spec", "dependsOn"] = [["name": "infra"]] },
                reason: ConditionReason.dependencyNotReady, kind: waitDependency,
                message: "unable to get 'apps/infra' dependency: Kustomization 'apps/infra' not found"),
        Failure(name: "dependency not ready",
                setup: {
                    $0.object[path: "spec", "dependsOn"] = [["name": "infra"]]
                    $0.cluster.kustomizations[ObjectKey(namespace: "apps", name: "infra")] = dependency(ready: false)
                },
                reason: ConditionReason.dependencyNotReady, kind: waitDependency, message: "dependency 'apps/infra' is not ready"),
        Failure(name: "dependency cycle",
                setup: {
                    $0.object[path: "spec", "dependsOn"] = [["name": "infra"]]
                    var infra = dependency(ready: true)
                    infra[path: "spec", "dependsOn"] = [["name": "app"]]
                    $0.cluster.kustomizations[ObjectKey(namespace: "apps", name: "infra")] = infra
                },
                reason: ConditionReason.dependencyNotReady, kind: .stalled,
                message: "circular dependency detected: apps/app -> apps/infra -> apps/app"),
    ]

    /// A 404 from storage waits for the source's next artifact (`--requeue-dependency`), as a retry.
    static let waitDependencyRetry = ReconcileError.Kind.retry(after: .seconds(7))

    /// `apps/infra`, from another source, Ready or not at its generation.
    static func dependency(ready: Bool) -> JSONValue {
        ["metadata": ["name": "infra", "namespace": "apps", "generation": 3],
         "spec": ["interval": "5m", "prune": true, "sourceRef": ["kind": "GitRepository", "name": "infra-repo"]],
         "status": ["observedGeneration": 3, "conditions": [StepFixture.condition("Ready", ready ? "True" : "False", generation: 3)]]]
    }

    @Test(arguments: failures)
    func failureReasons(_ failure: Failure) async throws {
        var scenario = StepScenario()
        failure.setup(&scenario)
        let outcome = try await scenario.run()
        let error = try #require(outcome.report.error)
        #expect(error.reason == failure.reason)
        #expect(error.kind == failure.kind)
        #expect(error.message.contains(failure.message), "\(error.message)")
        let ready = try #require(outcome.report.condition(ConditionType.ready))
        #expect(ready.status == "False")
        #expect(ready.reason == failure.reason)
        #expect(ready.message == error.message)
        if failure.kind == .stalled {
            #expect(outcome.report.condition(ConditionType.stalled)?.reason == failure.reason)
            #expect(outcome.report.condition(ConditionType.reconciling) == nil)
            #expect(outcome.status?.observedGeneration == 1, "a stalled object has observed its spec")
        } else {
            #expect(outcome.report.condition(ConditionType.stalled) == nil)
            #expect(outcome.report.condition(ConditionType.reconciling)?.reason == ConditionReason.progressingWithRetry)
            #expect(outcome.status?.observedGeneration == nil, "a retried failure has not observed the spec yet")
        }
        #expect(outcome.status?.lastAppliedRevision == nil)
        #expect(outcome.target.record.applied.isEmpty != failure.reachedApply)
        #expect(outcome.report.finalizer == .keep)
    }

    /// Flux resolves the source before it looks at `dependsOn`, so a source without an artifact
    /// (or refused as cross-namespace) is what the user is told, not a dependency. Known issue:
    /// `KustomizationReconciler.steps` runs checkDependencies before resolveSource.
    @Test func theSourceIsReportedBeforeDependencies() async throws {
        var scenario = StepScenario()
        scenario.cluster.sources = [FakeKustomizationCluster.sourceKey("GitRepository", ObjectKey(namespace: "apps", name: "repo")): .noArtifact]
        scenario.object[path: "spec", "dependsOn"] = [["name": "infra"]]
        let error = try #require(try await scenario.run().report.error)
        #expect(error.reason == KustomizationReason.artifactFailed)
    }

    @Test func successSaysWhichRevisionWasApplied() async throws {
        let outcome = try await StepScenario().run()
        let ready = try #require(outcome.report.condition(ConditionType.ready))
        #expect(ready.status == "True")
        #expect(ready.reason == ConditionReason.reconciliationSucceeded)
        #expect(ready.message == "Applied revision: \(StepFixture.revision)")
        #expect(outcome.report.condition(ConditionType.reconciling) == nil)
        #expect(outcome.report.condition(ConditionType.stalled) == nil)
        #expect(outcome.report.condition(ConditionType.healthy) == nil, "no health checks configured")
        #expect(try outcome.report.outcome.get() == ReconcileResult(requeueAfter: .seconds(600), revision: StepFixture.revision))

        let status = try #require(outcome.status)
        #expect(status.lastAppliedRevision == StepFixture.revision)
        #expect(status.lastAttemptedRevision == StepFixture.revision)
        #expect(status.lastAppliedOriginRevision == nil)
        #expect(status.observedGeneration == 1)
        #expect(Set(outcome.inventoryNames) == ["settings", "flags"])
        #expect(outcome.fetcher.fetched == [StepFixture.artifactURL])

        let history = try #require(status.history)
        #expect(history.count == 1)
        let applied = try #require(outcome.target.record.applied.first)
        #expect(history.first?.digest == KustomizationReconciler.digest(of: applied), "the digest of what was applied")
        #expect(history.first?.digest.hasPrefix("sha256:") == true)
        #expect(history.first?.digest.count == 71)
        #expect(history.first?.lastReconciledStatus == ConditionReason.reconciliationSucceeded)
        #expect(history.first?.metadata?["revision"] == StepFixture.revision)
        #expect(history.first?.totalReconciliations == 1)

        #expect(outcome.report.events.count == 1)
        let event = try #require(outcome.report.events.first)
        #expect(event.type == .normal && event.reason == ConditionReason.progressing)
        #expect(Set(event.message.split(separator: "\n")) == ["ConfigMap/apps/settings created", "ConfigMap/apps/flags created"])
    }

    @Test func originRevisionOfAnOCIArtifactIsRecorded() async throws {
        var scenario = StepScenario()
        var artifact = StepFixture.artifact
        artifact.originRevision = "v2.1.0@sha1:0a9b8c"
        scenario.cluster.sources = [FakeKustomizationCluster.sourceKey("GitRepository", ObjectKey(namespace: "apps", name: "repo")): .artifact(artifact)]
        let status = try #require(try await scenario.run().status)
        #expect(status.lastAppliedOriginRevision == "v2.1.0@sha1:0a9b8c")
        #expect(status.history?.first?.metadata?["originRevision"] == "v2.1.0@sha1:0a9b8c")
    }

    @Test(arguments: [true, false])
    func objectsLeavingGitArePrunedOnlyWithPrune(_ prune: Bool) async throws {
        var scenario = StepScenario()
        scenario.object[path: "spec", "prune"] = .bool(prune)
        scenario.object[path: "status", "inventory"] = StepFixture.inventory(["settings", "retired"])
        let outcome = try await scenario.run()
        #expect(outcome.report.error == nil)
        #expect(Set(outcome.inventoryNames) == ["settings", "flags"], "the inventory is what Git holds now")
        #expect(outcome.target.record.pruned == (prune ? [[InventoryObject(id: StepFixture.configMapID("retired"), version: "v1")]] : []))
        let lines = outcome.report.events.first?.message.split(separator: "\n").map(String.init) ?? []
        #expect(lines.contains("ConfigMap/apps/retired deleted") == prune)
    }

    @Test func aRefusedApplyKeepsWhatWasAppliedAndPrunesNothing() async throws {
        var scenario = StepScenario()
        scenario.object[path: "status"] = ["inventory": StepFixture.inventory(["retired"]), "lastAppliedRevision": "main@sha1:0000"]
        scenario.cluster.target = FakeApplyTarget(.init(applyFailure: (1, "ConfigMap/apps/settings is invalid")))
        let outcome = try await scenario.run()
        #expect(outcome.report.error?.reason == ConditionReason.reconciliationFailed)
        let appliedFirst = try #require(outcome.target.record.applied.first?.first?.objectID?.name)
        #expect(outcome.inventoryNames == ["retired", appliedFirst], "the old inventory plus what did get applied")
        #expect(outcome.target.record.pruned.isEmpty)
        #expect(outcome.status?.lastAppliedRevision == "main@sha1:0000")
        #expect(outcome.status?.lastAttemptedRevision == StepFixture.revision)
        #expect(outcome.status?.history?.first?.lastReconciledStatus == ConditionReason.reconciliationFailed)
    }

    @Test func aRefusedDeleteStaysInTheInventory() async throws {
        var scenario = StepScenario()
        scenario.object[path: "status", "inventory"] = StepFixture.inventory(["settings", "old-a", "old-b"])
        scenario.cluster.target = FakeApplyTarget(.init(undeletable: ["old-b"]))
        let outcome = try await scenario.run()
        #expect(outcome.report.error?.reason == KustomizationReason.pruneFailed)
        #expect(Set(outcome.inventoryNames) == ["settings", "flags", "old-b"])
        let lines = outcome.report.events.first?.message.split(separator: "\n").map(String.init) ?? []
        #expect(lines.contains("ConfigMap/apps/old-a deleted"))
        #expect(!lines.contains("ConfigMap/apps/old-b deleted"))
    }

    @Test func failedHealthChecksShowInHealthy() async throws {
        var scenario = StepScenario()
        scenario.object[path: "spec", "wait"] = true
        let message = "timeout waiting for: [ConfigMap/apps/flags status: 'InProgress']"
        scenario.cluster.target = FakeApplyTarget(.init(health: .answer(.timedOut, message: message)))
        let outcome = try await scenario.run()
        let healthy = try #require(outcome.report.condition(ConditionType.healthy))
        #expect(healthy.status == "False")
        #expect(healthy.reason == KustomizationReason.healthCheckFailed)
        #expect(healthy.message == message)
        #expect(outcome.status?.lastAppliedRevision == nil)
        #expect(Set(outcome.inventoryNames) == ["settings", "flags"], "applied objects are tracked even when unhealthy")
        #expect(Set(outcome.target.record.healthChecked.first?.map(\.id.name) ?? []) == ["settings", "flags"])
    }

    @Test func cancelledHealthChecksShowInHealthy() async throws {
        var scenario = StepScenario()
        scenario.object[path: "spec", "wait"] = true
        scenario.cluster.target = FakeApplyTarget(.init(health: .untilCancelled))
        scenario.cluster.generations[StepFixture.key] = 2
        let healthy = try #require(try await scenario.run().report.condition(ConditionType.healthy))
        #expect(healthy.status == "False")
        #expect(healthy.reason == KustomizationReason.healthCheckCanceled)
    }

    @Test func passedHealthChecksShowInHealthy() async throws {
        var scenario = StepScenario()
        scenario.object[path: "spec", "healthChecks"] = [["apiVersion": "apps/v1", "kind": "Deployment", "name": "web"]]
        let outcome = try await scenario.run()
        let healthy = try #require(outcome.report.condition(ConditionType.healthy))
        #expect(healthy.status == "True")
        #expect(healthy.reason == ConditionReason.succeeded)
        #expect(healthy.message.hasPrefix("Health check passed in "))
        #expect(outcome.target.record.healthChecked == [[InventoryObject(id: ObjectID(group: "apps", kind: "Deployment", namespace: "apps", name: "web"),
                                                                          version: "v1")]], "spec.healthChecks, namespace defaulted")
        #expect(outcome.report.condition(ConditionType.ready)?.status == "True")
    }
}
