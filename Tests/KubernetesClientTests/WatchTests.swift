import Foundation
import FerryTesting
import Manifests
import Testing
@testable import KubernetesClient

@Suite struct WatchTests {
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")

    func cm(_ name: String, _ ns: String, _ value: String = "1") -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": .string(ns)], "data": ["v": .string(value)]]
    }

    /// Collects ListWatch events in the background.
    final class Recorder: @unchecked Sendable {
        private let events = LockedBox<[String]>([])
        private var task: Task<Void, Never>?

        init(_ stream: AsyncStream<ListWatchEvent>) {
            task = Task {
                for await e in stream {
                    let line: String
                    switch e {
                    case .synced(let items): line = "synced:" + items.compactMap(\.metadataName).filter { $0 != "kube-root-ca.crt" }.sorted().joined(separator: ",")
                    case .added(let o): line = "added:\(o.metadataName ?? "")"
                    case .modified(let o): line = "modified:\(o.metadataName ?? ""):\(o[path: "data", "v"]?.stringValue ?? "")"
                    case .deleted(let o): line = "deleted:\(o.metadataName ?? "")"
                    }
                    events.update { $0.append(line) }
                }
            }
        }
        var lines: [String] { events.update { $0.filter { !$0.contains("kube-root-ca.crt") } } }
        func stop() { task?.cancel() }
    }

    @Test func rawWatchStreamsEventsInOrder() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        defer { Task { try await client.shutdown() } }
        let ns = try await plane.makeNamespace("watch", client: client)
        let list = try await client.list(Self.configMap, namespace: ns)
        let stream = try await client.watch(Self.configMap, namespace: ns, resourceVersion: list.resourceVersion,
                                            fieldSelector: "metadata.name=w", timeoutSeconds: 20)
        _ = try await client.create(cm("w", ns))
        _ = try await client.patch(Self.configMap, name: "w", namespace: ns, type: .merge, patch: ["data": ["v": "2"]])
        try await client.delete(Self.configMap, name: "w", namespace: ns)
        var seen: [String] = []
        for try await event in stream {
            switch event {
            case .added(let o): seen.append("added \(o[path: "data", "v"]?.stringValue ?? "")")
            case .modified(let o): seen.append("modified \(o[path: "data", "v"]?.stringValue ?? "")")
            case .deleted: seen.append("deleted")
            case .bookmark: continue
            }
            if seen.count == 3 { break }
        }
        #expect(seen == ["added 1", "modified 2", "deleted"])
    }

    @Test func bookmarksArriveBeforeTheWatchTimesOut() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        defer { Task { try await client.shutdown() } }
        let ns = try await plane.makeNamespace("bookmark", client: client)
        let list = try await client.list(Self.configMap, namespace: ns)
        // The API server sends the bookmark shortly before the watch's timeout; 20 s leaves a
        // loaded server room to do so (with 4 s it sometimes timed out first).
        let stream = try await client.watch(Self.configMap, namespace: ns, resourceVersion: list.resourceVersion, timeoutSeconds: 20)
        var bookmark: String?
        for try await event in stream {
            if case .bookmark(let rv) = event { bookmark = rv; break }
        }
        let rv = try #require(bookmark)
        #expect(!rv.isEmpty)
    }

    @Test func listWatchResumesAcrossAnAPIServerRestartAndRelistsOnGone() async throws {
        // A control plane of our own: this test kills its API server, and ConfigMap watches
        // read etcd directly (no watch cache) so that compaction makes old versions 410 Gone.
        let plane = try await LocalControlPlane.start(name: "watch-restart", apiserverArgs: ["--watch-cache-sizes=configmaps#0"])
        let client = try plane.adminClient()
        defer { Task { try await client.shutdown(); try await plane.stop() } }
        let ns = try await plane.makeNamespace("lw", client: client)
        _ = try await client.create(cm("before", ns))

        let recorder = Recorder(client.listWatch(Self.configMap, namespace: ns))
        defer { recorder.stop() }
        #expect(await eventually { recorder.lines == ["synced:before"] })
        _ = try await client.create(cm("a", ns))
        #expect(await eventually { recorder.lines.last == "added:a" })

        // Restart: the stream breaks; the watcher reconnects from the last version it saw and
        // so sees a change made right after the restart, without a re-list.
        try await plane.stopAPIServer()
        try await plane.startAPIServer()
        _ = try await client.patch(Self.configMap, name: "a", namespace: ns, type: .merge, patch: ["data": ["v": "after-restart"]])
        #expect(await eventually(timeout: .seconds(60)) { recorder.lines.last == "modified:a:after-restart" }, "\(recorder.lines)")
        #expect(recorder.lines.filter { $0.hasPrefix("synced") }.count == 1)

        // Gone: a raw watch from a version older than etcd's compaction answers 410...
        let old = try await client.list(Self.configMap, namespace: ns).resourceVersion
        _ = try await client.create(cm("b", ns))
        _ = try await client.patch(Self.configMap, name: "before", namespace: ns, type: .merge, patch: ["data": ["v": "2"]])
        try await plane.compactEtcd()
        let gone = try await #require(throws: APIError.self) {
            for try await _ in try await client.watch(Self.configMap, namespace: ns, resourceVersion: old, timeoutSeconds: 10) {}
        }
        #expect(gone.isGone, "\(gone)")
        // ...and a list-watch resuming from it re-lists and hands over the whole current set.
        let resumed = Recorder(client.listWatch(Self.configMap, namespace: ns, resumeFrom: old))
        defer { resumed.stop() }
        #expect(await eventually(timeout: .seconds(30)) { resumed.lines.first == "synced:a,b,before" }, "\(resumed.lines)")
    }
}
