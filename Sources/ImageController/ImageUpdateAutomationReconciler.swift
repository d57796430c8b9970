import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import SourceController

/// Writes the images ImagePolicies picked back to Git, in the runtime's one reconciler shape
/// (``StepReconciler``): the steps of `ImageUpdateAutomationReconciler+Steps.swift` run in
/// order on an ``ImageUpdateAutomationRun``; the runtime summarises, writes the status once,
/// records the events and requeues after `spec.interval`. Ready=True/Succeeded "repository
/// up-to-date" after a run that pushed or found nothing to change (Flux's ready message).
public struct ImageUpdateAutomationReconciler: StepReconciler {
    public var sources: any ImageAutomationSources
    public var secrets: any SecretReader
    public var driver: GitDriver
    /// Where checkouts are made (one private directory per run, removed after it).
    public var workDirectory: String
    public var gitHubApps: GitHubAppTokenSource = .shared
    /// Refuse a `sourceRef` in another namespace (Flux's `--no-cross-namespace-refs`).
    public var noCrossNamespaceRefs = false
    public var pushRetry = PushRetry()
    /// Called before each push to the push branch (tests make a competing push here).
    public var beforePush: (@Sendable (_ attempt: Int) async -> Void)?
    public var now: @Sendable () -> Date

    /// A rejected push to the push branch is retried on top of the remote's new tip (Flux's
    /// `commitAndPushWithRetry`): up to `maxAttempts` pushes, the delay doubling from `baseDelay`
    /// with up to 50 % jitter, none started later than min(interval / 2, `maxBudget`) after the
    /// first failure. Flux gates this behind its `GitPushRetryOnFailure` feature; Ferry always does it.
    public struct PushRetry: Sendable {
        public var maxAttempts = 5
        public var baseDelay: Duration = .seconds(2)
        public var maxBudget: Duration = .seconds(120)

        public init(maxAttempts: Int = 5, baseDelay: Duration = .seconds(2), maxBudget: Duration = .seconds(120)) {
            self.maxAttempts = maxAttempts
            self.baseDelay = baseDelay
            self.maxBudget = maxBudget
        }
    }

    public static let readyMessage = "repository up-to-date"

    public init(sources: any ImageAutomationSources, secrets: any SecretReader, driver: GitDriver = GitDriver(),
                workDirectory: String = NSTemporaryDirectory(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.sources = sources
        self.secrets = secrets
        self.driver = driver
        self.workDirectory = workDirectory
        self.now = now
    }

    public var steps: [ReconcileStep<Self>] {
        [
            ReconcileStep("checkSpec") { try await $0.checkSpec(&$1) },
            ReconcileStep("checkSource") { try await $0.checkSource(&$1) },
            ReconcileStep("listPolicies") { try await $0.listPolicies(&$1) },
            ReconcileStep("checkRemote") { try await $0.checkRemote(&$1) },
            ReconcileStep("checkout") { try await $0.checkout(&$1) },
            ReconcileStep("applyPolicies") { try await $0.applyPolicies(&$1) },
            ReconcileStep("commitAndPush") { try await $0.commitAndPush(&$1) },
        ]
    }

    public func decode(_ object: JSONValue) throws -> ImageUpdateAutomation {
        try APIConversion.decode(ImageUpdateAutomation.self, from: object)
    }

    public func isSuspended(_ automation: ImageUpdateAutomation) -> Bool { automation.spec.suspend == true }

    /// Records `lastAutomationRunTime` first, as Flux does for every run that gets this far.
    public func start(_ automation: ImageUpdateAutomation, json: JSONValue) throws(ReconcileError) -> ImageUpdateAutomationRun {
        var run = ImageUpdateAutomationRun(automation: automation, object: json, now: now())
        run.status.lastAutomationRunTime = run.timestamp.rfc3339
        return run
    }

    public func succeeded(_ run: ImageUpdateAutomationRun) -> ReconcileSuccess {
        ReconcileSuccess(reason: ConditionReason.succeeded, message: Self.readyMessage,
                         requeueAfter: run.settings?.interval ?? .seconds(60), revision: run.status.observedSourceRevision)
    }

    public func cleanUp(_ run: ImageUpdateAutomationRun) {
        if let directory = run.workDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Nothing is kept per automation outside Git: deleting needs no work.
    public func finalize(_ automation: ImageUpdateAutomation, json: JSONValue) async throws(ReconcileError) -> [EventDraft] { [] }

    /// The whole reconcile's bound: the retry budget plus five git timeouts (checkout, switch,
    /// push, refresh, refspec push) and grace; the timeout is the GitRepository's, not known
    /// here, so Flux's default 60 s is assumed per operation.
    @Sendable public static func deadline(for object: JSONValue) -> ReconcileDeadline? {
        ReconcileDeadline(.seconds(120 + 5 * 60 + 30), origin: "push retry budget 2m0s + 5 × git timeout 1m0s + 30s")
    }

    public func runtime(client: KubernetesClient, events: EventRecorder?) -> StepReconcilerRuntime<Self> {
        StepReconcilerRuntime(self, client: client, events: events, deadline: Self.deadline)
    }
}
