import FerryTesting
import KubernetesClient
import Manifests
import Testing
@testable import ResourceManager

/// The `CustomHealthEvaluator` hook of the health wait (what `healthCheckExprs` plugs into),
/// against a real custom resource whose status the test writes through the status subresource.
@Suite struct ResourceCustomHealthTests {
    struct BadPhase: Error, CustomStringConvertible {
        var description: String { "status.phase is not a string" }
    }

    /// A plain Swift stand-in for the controller's CEL evaluator: Widgets of one group are
    /// judged by `status.phase` (inProgress, then failed, then current, as Flux orders the
    /// expressions; none true → InProgress); every other kind is left to kstatus.
    struct PhaseEvaluator: CustomHealthEvaluator {
        var group: String

        func health(of object: JSONValue) throws -> HealthStatus? {
            guard object.groupVersionKind?.group == group, object.kind == "Widget" else { return nil }
            let phase = object[path: "status", "phase"]
            if let phase, phase.stringValue == nil { throw BadPhase() }
            switch phase?.stringValue {
            case "Provisioning"?: return HealthStatus(.inProgress, "provisioning")
            case "Broken"?: return HealthStatus(.failed, "widget is broken")
            case "Ready"?: return HealthStatus(.current, "widget is ready")
            default: return HealthStatus(.inProgress, "no expression is true")
            }
        }
    }

    func setPhase(_ f: ClusterFixture, group: String, _ name: String, _ phase: JSONValue) async throws {
        _ = try await f.client.patch(GroupVersionKind(apiVersion: "\(group)/v1", kind: "Widget"), name: name, namespace: f.namespace,
                                     type: .merge, patch: ["status": ["phase": phase]], subresource: "status")
    }

    @Test func customVerdictsDecideForTheirKindsAndKstatusForTheRest() async throws {
        let f = try await ClusterFixture.make("health-custom")
        defer { Task { try await f.client.shutdown() } }
        let group = "\(f.namespace).ferry.test"
        let crdKind = GroupVersionKind(apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition")
        defer { Task { try? await f.client.delete(crdKind, name: "widgets.\(group)") } }
        let widget = { (name: String) -> JSONValue in
            ["apiVersion": .string("\(group)/v1"), "kind": "Widget", "metadata": ["name": .string(name), "namespace": .string(f.namespace)]]
        }
        let applier = f.applier()
        let changes = try await applier.apply([TestCRD.widget(group: group), widget("w1"), f.configMap("plain")])
        let objects = try changes.inventory.objects().filter { $0.id.kind != "CustomResourceDefinition" }
        let custom = PhaseEvaluator(group: group)

        // kstatus alone knows nothing about a Widget without conditions: Current at once.
        #expect(await applier.waitForHealth(objects, timeout: .seconds(5), interval: .milliseconds(100)).outcome == .healthy)

        // The evaluator says InProgress (no phase yet): the wait times out, naming the Widget only.
        let early = await applier.waitForHealth(objects, timeout: .milliseconds(400), interval: .milliseconds(100), custom: custom)
        #expect(early.outcome == .timedOut)
        #expect(early.message == "timeout waiting for: [Widget/\(f.namespace)/w1 status: 'InProgress']")
        #expect(early.statuses.map(\.status) == [HealthStatus(.current, "Resource is always ready"),
                                                 HealthStatus(.inProgress, "no expression is true")])

        try await setPhase(f, group: group, "w1", "Ready")
        let ready = await applier.waitForHealth(objects, timeout: .seconds(30), interval: .milliseconds(100), custom: custom)
        #expect(ready.outcome == .healthy)
        #expect(ready.statuses.last?.status == HealthStatus(.current, "widget is ready"))

        // A failed verdict stops the wait early.
        try await setPhase(f, group: group, "w1", "Broken")
        let broken = await applier.waitForHealth(objects, timeout: .seconds(60), interval: .milliseconds(100), custom: custom)
        #expect(broken.outcome == .failed)
        #expect(broken.message == "failed early due to stalled resources: [Widget/\(f.namespace)/w1 status: 'Failed']")

        // An evaluator error fails the object with the error as its message.
        try await setPhase(f, group: group, "w1", 7)
        let erred = await applier.waitForHealth(objects, timeout: .seconds(60), interval: .milliseconds(100), custom: custom)
        #expect(erred.outcome == .failed)
        #expect(erred.message == "failed early due to stalled resources: [Widget/\(f.namespace)/w1 status: 'Failed': status.phase is not a string]")
    }
}
