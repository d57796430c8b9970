import FerryAPI
import ControllerRuntime
import FerryTesting
import KubernetesClient
import Manifests
import Testing

/// A reconciler that writes Flux-style status (through the runtime's ``StepReconciler/report(for:progress:now:)``)
/// and remembers every object it was given. It writes the report's status itself, without the
/// runtime's finalizer, so deletes stay immediate for these tests.
struct WidgetReconciler: Reconciler {
    let client: KubernetesClient
    let seen = Locked<[JSONValue]>([])
    var delay: Duration = .zero

    func reconcile(_ object: JSONValue) async throws -> ReconcileResult {
        seen.withLock { $0.append(object) }
        let report = try await WidgetSteps(delay: delay).report(for: object)
        if let status = report.status { try await client.patchStatus(of: object, to: status) }
        return try report.outcome.get()
    }

    var count: Int { seen.value.count }

    /// Reconciles of the object named `name`.
    func count(of name: String) -> Int { seen.value.filter { $0.metadataName == name }.count }
}

/// The widget kind in the one reconciler shape: one step that waits, fails or succeeds as the
/// widget's spec says.
struct WidgetSteps: StepReconciler {
    struct Run: ReconcileRun {
        let object: JSONValue
        var conditions: Conditions
        var events: [EventDraft] = []
        var progressSink = ProgressSink.discard
        var statusFields: JSONValue { object["status"] ?? [:] }
    }

    var delay: Duration = .zero

    var steps: [ReconcileStep<Self>] {
        [ReconcileStep("build") { steps, run in
            if steps.delay > .zero { try await Task.sleep(for: steps.delay) }
            if run.object[path: "spec", "dependsOn"] != nil {
                throw ReconcileError.waiting(after: .milliseconds(300), reason: ConditionReason.dependencyNotReady, "dependency 'db' is not ready")
            }
            if run.object[path: "spec", "fail"] == true {
                throw ReconcileError.transient(reason: KustomizationReason.buildFailed, "widget \(run.object.metadataName ?? "") cannot be built")
            }
            return .next
        }]
    }

    func decode(_ object: JSONValue) throws -> JSONValue { object }
    func start(_ object: JSONValue, json: JSONValue) throws(ReconcileError) -> Run { Run(object: json, conditions: Conditions(of: json)) }
    func succeeded(_ run: Run) -> ReconcileSuccess {
        ReconcileSuccess(message: "size \(run.object[path: "spec", "size"]?.intValue ?? 0)", requeueAfter: nil)
    }
    func finalize(_ object: JSONValue, json: JSONValue) async throws(ReconcileError) -> [EventDraft] { [] }
}

extension Controller {
    /// Waits until every watch event delivered before now has been acted on: creates the
    /// Widget `marker`, waits for it to be reconciled (the watch hands events over in order,
    /// so whatever an earlier event enqueued was queued before the marker) and then for the
    /// queue to be idle (nothing ready or in flight). A test checks "no reconcile happened"
    /// after this instead of sleeping.
    func settle(with marker: String, client: KubernetesClient, namespace ns: String) async throws -> Bool {
        _ = try await client.create(Widgets.make(marker, namespace: ns))
        let reconciled = await eventually(timeout: .seconds(60)) {
            let w = try? await client.get(Widgets.kind, name: marker, namespace: ns)
            return w.map { Conditions(of: $0).isTrue("Ready") } ?? false
        }
        guard reconciled else { return false }
        return await eventually(timeout: .seconds(60)) {
            let queue = await self.queueSnapshot()
            return queue.ready.isEmpty && queue.processing.isEmpty
        }
    }
}

@Suite(.serialized) struct ControllerTests {
    func start(_ client: KubernetesClient, _ ns: String, _ reconciler: WidgetReconciler, metrics: ControllerMetrics? = nil,
               options: ControllerOptions = ControllerOptions(name: "widget", backoff: Backoff(base: .milliseconds(200), cap: .seconds(2))))
        -> (Controller<WidgetReconciler>, RunningGroup) {
        let controller = Controller(client: client, kind: Widgets.kind, namespace: ns, reconciler: reconciler,
                                    options: options, metrics: metrics,
                                    events: EventRecorder(client: client, component: "widget-controller"))
        return (controller, RunningGroup([controller]))
    }

    @Test func reconcilesOnCreateSpecChangeAndRequestedAtButNotOnStatusOrLabelChanges() async throws {
        try await Widgets.with("ctl-triggers") { _, client, ns in
            let reconciler = WidgetReconciler(client: client)
            let (controller, group) = start(client, ns, reconciler)

            _ = try await client.create(Widgets.make("w", namespace: ns))
            let ready = await eventually {
                let w = try? await client.get(Widgets.kind, name: "w", namespace: ns)
                return w.map { Conditions(of: $0).isTrue("Ready") && $0[path: "status", "observedGeneration"] == 1 } ?? false
            }
            #expect(ready)
            #expect(controller.cache.get(namespace: ns, name: "w") != nil, "the reconciler can read the object from the cache")
            // Our own status patch came back through the watch: it must not cause another reconcile.
            #expect(try await controller.settle(with: "marker-1", client: client, namespace: ns))
            #expect(reconciler.count(of: "w") == 1)

            // Spec change → new generation → reconcile.
            _ = try await client.patch(Widgets.kind, name: "w", namespace: ns, type: .merge, patch: ["spec": ["size": 2]])
            #expect(await eventually { reconciler.seen.value.last { $0.metadataName == "w" }?.generation == 2 })
            #expect(await eventually { (try? await client.get(Widgets.kind, name: "w", namespace: ns))?[path: "status", "observedGeneration"] == 2 })

            // Labels and someone else's status write: no reconcile.
            _ = try await client.patch(Widgets.kind, name: "w", namespace: ns, type: .merge, patch: ["metadata": ["labels": ["team": "a"]]])
            _ = try await client.patch(Widgets.kind, name: "w", namespace: ns, type: .merge, patch: ["status": ["note": "hi"]], subresource: "status")
            #expect(try await controller.settle(with: "marker-2", client: client, namespace: ns))
            #expect(reconciler.count(of: "w") == 2)

            // `flux reconcile`: the requestedAt annotation → reconcile, echoed in lastHandledReconcileAt.
            let requested = Timestamp.now.rfc3339Micro
            _ = try await client.patch(Widgets.kind, name: "w", namespace: ns, type: .merge,
                                       patch: ["metadata": ["annotations": ["reconcile.fluxcd.io/requestedAt": .string(requested)]]])
            #expect(await eventually {
                (try? await client.get(Widgets.kind, name: "w", namespace: ns))?[path: "status", "lastHandledReconcileAt"]?.stringValue == requested
            })
            #expect(reconciler.count(of: "w") == 3)
            try await group.stop()
        }
    }

    @Test func failuresAreRetriedWithGrowingBackoffUntilTheSpecIsFixed() async throws {
        try await Widgets.with("ctl-backoff") { _, client, ns in
            let reconciler = WidgetReconciler(client: client)
            let (controller, group) = start(client, ns, reconciler)
            _ = try await client.create(Widgets.make("broken", namespace: ns, spec: ["fail": true]))
            // 200 ms, 400 ms, 800 ms: four attempts within about 1.5 s.
            #expect(await eventually(timeout: .seconds(10)) { reconciler.count >= 4 })
            let w = try await client.get(Widgets.kind, name: "broken", namespace: ns)
            let ready = try #require(Conditions(of: w)["Ready"])
            #expect(ready.status == "False" && ready.reason == KustomizationReason.buildFailed)
            #expect(Conditions(of: w)["Reconciling"]?.reason == ConditionReason.progressingWithRetry)
            #expect(await controller.queueSnapshot().failures[ObjectKey(namespace: ns, name: "broken")] ?? 0 >= 3)
            // Every failure is an event; the repeats aggregate into one with a count.
            let events = try await client.list(GroupVersionKind(group: "", version: "v1", kind: "Event"), namespace: ns).items
            let warning = try #require(events.first { $0["reason"] == "BuildFailed" })
            #expect(events.count == 1 && warning["type"] == "Warning" && warning["message"] == "widget broken cannot be built")
            #expect((warning["count"]?.intValue ?? 0) >= 3)

            _ = try await client.patch(Widgets.kind, name: "broken", namespace: ns, type: .merge, patch: ["spec": ["fail": false]])
            #expect(await eventually {
                (try? await client.get(Widgets.kind, name: "broken", namespace: ns)).map { Conditions(of: $0).isTrue("Ready") } ?? false
            })
            #expect(await eventually { await controller.queueSnapshot().failures.isEmpty }, "success resets the backoff")
            try await group.stop()
        }
    }

    @Test func waitingRequeuesAfterItsDelayWithoutBackoffAndSaysSoInANormalEvent() async throws {
        try await Widgets.with("ctl-waiting") { _, client, ns in
            let reconciler = WidgetReconciler(client: client)
            let (controller, group) = start(client, ns, reconciler)
            _ = try await client.create(Widgets.make("app", namespace: ns, spec: ["dependsOn": "db"]))
            #expect(await eventually { reconciler.count >= 4 })
            #expect(await controller.queueSnapshot().failures.isEmpty, "waiting is not a failure: no backoff")
            let events = try await client.list(GroupVersionKind(group: "", version: "v1", kind: "Event"), namespace: ns).items
            let event = try #require(events.first)
            #expect(event["type"] == "Normal" && event["reason"] == "DependencyNotReady")
            try await group.stop()
        }
    }

    @Test func gracefulShutdownLetsAnInFlightReconcileFinish() async throws {
        try await Widgets.with("ctl-drain") { _, client, ns in
            var reconciler = WidgetReconciler(client: client)
            reconciler.delay = .seconds(1)
            let (_, group) = start(client, ns, reconciler)
            _ = try await client.create(Widgets.make("slow", namespace: ns))
            #expect(await eventually { reconciler.count == 1 })
            try await group.stop()  // while the reconcile sleeps
            let w = try await client.get(Widgets.kind, name: "slow", namespace: ns)
            #expect(Conditions(of: w).isTrue("Ready"), "the reconcile in flight finished and wrote its status")
        }
    }

    @Test func aReconcileThatOutlivesTheShutdownTimeoutIsAbandoned() async throws {
        try await Widgets.with("ctl-abandon") { _, client, ns in
            var reconciler = WidgetReconciler(client: client)
            reconciler.delay = .seconds(180)
            let (_, group) = start(client, ns, reconciler, options: ControllerOptions(name: "widget", shutdownTimeout: .milliseconds(300)))
            _ = try await client.create(Widgets.make("stuck", namespace: ns))
            #expect(await eventually { reconciler.count == 1 })
            let before = ContinuousClock.now
            try await group.stop()
            // Generous for a loaded machine, yet well short of the 180 s reconcile it must not wait for.
            #expect(ContinuousClock.now - before < .seconds(60), "shutdown does not wait for the 180 s reconcile")
            let w = try await client.get(Widgets.kind, name: "stuck", namespace: ns)
            #expect(w["status"] == nil, "the abandoned reconcile wrote nothing")
        }
    }
}
