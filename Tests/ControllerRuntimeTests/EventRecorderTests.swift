import FerryAPI
import ControllerRuntime
import FerryTesting
import KubernetesClient
import Manifests
import Testing

@Suite struct EventRecorderTests {
    static let eventKind = GroupVersionKind(group: "", version: "v1", kind: "Event")

    @Test func eventsDescribeTheObjectAndRepeatsBumpTheCount() async throws {
        try await Widgets.with("events") { _, client, ns in
            let widget = try await client.create(Widgets.make("w", namespace: ns))
            let recorder = EventRecorder(client: client, component: "widget-controller", instance: "test-pod")

            await recorder.record(widget, type: .warning, reason: KustomizationReason.buildFailed, message: "widget w cannot be built")
            await recorder.record(widget, type: .warning, reason: KustomizationReason.buildFailed, message: "widget w cannot be built")
            await recorder.record(widget, type: .warning, reason: KustomizationReason.buildFailed, message: "widget w cannot be built")
            await recorder.record(widget, type: .normal, reason: ConditionReason.reconciliationSucceeded, message: "size 1")

            let events = try await client.list(Self.eventKind, namespace: ns).items
            #expect(events.count == 2, "three identical warnings aggregate into one event")
            let warning = try #require(events.first { $0["reason"] == "BuildFailed" })
            #expect(warning["count"] == 3)
            #expect(warning["type"] == "Warning")
            #expect(warning["message"] == "widget w cannot be built")
            #expect(warning[path: "involvedObject", "kind"] == "Widget")
            #expect(warning[path: "involvedObject", "apiVersion"] == .string(Widgets.kind.apiVersion))
            #expect(warning[path: "involvedObject", "name"] == "w")
            #expect(warning[path: "involvedObject", "namespace"] == .string(ns))
            #expect(warning[path: "involvedObject", "uid"] == widget[path: "metadata", "uid"])
            #expect(warning[path: "source", "component"] == "widget-controller")
            #expect(warning["reportingComponent"] == "widget-controller")
            let first = try #require(warning["firstTimestamp"]?.stringValue.flatMap { Timestamp(rfc3339: $0) })
            let last = try #require(warning["lastTimestamp"]?.stringValue.flatMap { Timestamp(rfc3339: $0) })
            #expect(first <= last)
            let normal = try #require(events.first { $0["reason"] == "ReconciliationSucceeded" })
            #expect(normal["type"] == "Normal" && normal["count"] == 1)
        }
    }

    @Test func repeatsOutsideTheWindowStartANewEvent() async throws {
        try await Widgets.with("events-window") { _, client, ns in
            let widget = try await client.create(Widgets.make("w", namespace: ns))
            // The recorder's clock, moved by hand: the window is crossed without waiting for it.
            let now = Locked(Timestamp.now)
            let recorder = EventRecorder(client: client, component: "widget-controller", aggregationWindow: 600,
                                         clock: { now.value })
            await recorder.record(widget, type: .warning, reason: KustomizationReason.buildFailed, message: "boom")
            now.withLock { $0 = $0 + 599 }  // within the window of the first: aggregated
            await recorder.record(widget, type: .warning, reason: KustomizationReason.buildFailed, message: "boom")
            now.withLock { $0 = $0 + 601 }  // past the window of the last repeat: a new event
            await recorder.record(widget, type: .warning, reason: KustomizationReason.buildFailed, message: "boom")
            let events = try await client.list(Self.eventKind, namespace: ns).items
            #expect(events.count == 2)
            #expect(events.compactMap { $0["count"]?.intValue }.sorted() == [1, 2])
        }
    }
}
