import ControllerRuntime
import FerryTesting
import KubernetesClient
import Manifests
import Synchronization
import Testing

/// Holds callers until opened, deaf to cancellation: a reconcile stuck the way a parser in a
/// long computation is.
final class Gate: Sendable {
    private let waiters = Mutex<(open: Bool, list: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = waiters.withLock { state in
                if !state.open { state.list.append(continuation) }
                return state.open
            }
            if isOpen { continuation.resume() }
        }
    }

    func open() {
        let list = waiters.withLock { state in
            state.open = true
            defer { state.list = [] }
            return state.list
        }
        for continuation in list { continuation.resume() }
    }
}

/// Widgets with `spec.hang: true` never finish on their own; others succeed at once.
struct HangingReconciler: Reconciler {
    let client: KubernetesClient
    let gate = Gate()
    let entered = Locked<[String]>([])
    var limit: Duration

    func reconcile(_ object: JSONValue) async throws -> ReconcileResult {
        entered.withLock { $0.append(object.metadataName ?? "") }
        if object[path: "spec", "hang"] == true { await gate.wait() }
        let report = try await WidgetSteps().report(for: object)
        if let status = report.status { try await client.patchStatus(of: object, to: status) }
        return try report.outcome.get()
    }

    func deadline(for object: JSONValue) -> ReconcileDeadline? {
        ReconcileDeadline(limit, origin: "the test's deadline")
    }
}

/// Every reconcile has a deadline, and a stuck one cannot hold a worker or the shutdown.
@Suite(.serialized) struct ControllerDeadlineTests {
    @Test func aReconcilePastItsDeadlineSaysSoAndFreesItsWorker() async throws {
        try await Widgets.with("ctl-deadline") { _, client, ns in
            let reconciler = HangingReconciler(client: client, limit: .seconds(1))
            let controller = Controller(client: client, kind: Widgets.kind, namespace: ns, reconciler: reconciler,
                                        options: ControllerOptions(name: "widget", concurrency: 1))
            let group = RunningGroup([controller])
            _ = try await client.create(Widgets.make("stuck", namespace: ns, spec: ["hang": true]))
            let timedOut = await eventually {
                let w = try? await client.get(Widgets.kind, name: "stuck", namespace: ns)
                guard let ready = w.flatMap({ Conditions(of: $0)["Ready"] }) else { return false }
                return ready.status == "False" && ready.message.contains("reconciliation timed out after 1s (the test's deadline)")
            }
            #expect(timedOut)
            // One worker only: it must be free again for the next object.
            _ = try await client.create(Widgets.make("next", namespace: ns))
            #expect(await eventually {
                let w = try? await client.get(Widgets.kind, name: "next", namespace: ns)
                return w.map { Conditions(of: $0).isTrue("Ready") } ?? false
            })
            #expect(reconciler.entered.value.filter { $0 == "stuck" }.count == 1, "the stuck object is not reconciled twice at once")
            reconciler.gate.open()
            try await group.stop()
        }
    }

    @Test func shutdownAbandonsAReconcileThatIgnoresCancellation() async throws {
        try await Widgets.with("ctl-deaf") { _, client, ns in
            let reconciler = HangingReconciler(client: client, limit: .seconds(3600))
            let controller = Controller(client: client, kind: Widgets.kind, namespace: ns, reconciler: reconciler,
                                        options: ControllerOptions(name: "widget", shutdownTimeout: .milliseconds(300)))
            let group = RunningGroup([controller])
            _ = try await client.create(Widgets.make("deaf", namespace: ns, spec: ["hang": true]))
            #expect(await eventually { reconciler.entered.value.contains("deaf") })
            // Returns although the reconcile never will (until the gate opens below).
            try await group.stop()
            let w = try await client.get(Widgets.kind, name: "deaf", namespace: ns)
            #expect(w["status"] == nil, "the abandoned reconcile wrote nothing")
            reconciler.gate.open()
        }
    }

    @Test("delays are kept within sane bounds", arguments: [
        (WorkQueue<ObjectKey>.Outcome.succeeded(requeueAfter: .zero), WorkQueue<ObjectKey>.Outcome.succeeded(requeueAfter: .seconds(1))),
        (.succeeded(requeueAfter: .seconds(9_223_372_036)), .succeeded(requeueAfter: ControllerOptions.maximumDelay)),
        (.waiting(after: .seconds(-5)), .waiting(after: .zero)),
        (.waiting(after: .milliseconds(200)), .waiting(after: .milliseconds(200))),
        (.succeeded(requeueAfter: nil), .succeeded(requeueAfter: nil)),
    ])
    func bounded(outcome: WorkQueue<ObjectKey>.Outcome, expected: WorkQueue<ObjectKey>.Outcome) {
        #expect(ControllerOptions(name: "widget").bounded(outcome) == expected)
    }
}
