import FerryTesting
import KubernetesClient
import Manifests
import Testing
@testable import ResourceManager

/// `deleteAndWait` (Flux's `deletionPolicy: WaitForTermination`) against the real API server,
/// with objects held by a finalizer only the test removes.
@Suite struct ResourceDeleteAndWaitTests {
    static let configMap = GroupVersionKind(apiVersion: "v1", kind: "ConfigMap")
    static let finalizer = "ferry.test/hold"

    func held(_ f: ClusterFixture, _ name: String) -> JSONValue {
        var cm = f.configMap(name)
        cm[path: "metadata", "finalizers"] = [.string(Self.finalizer)]
        return cm
    }

    func release(_ f: ClusterFixture, _ name: String) async throws {
        _ = try await f.client.patch(Self.configMap, name: name, namespace: f.namespace, type: .merge,
                                     patch: ["metadata": ["finalizers": nil]])
    }

    @Test func waitsUntilFinalizersAreDone() async throws {
        let f = try await ClusterFixture.make("delete-wait")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier()
        let objects = try await applier.apply([held(f, "held"), f.configMap("free")]).inventory.objects()

        let waiting = Task { await applier.deleteAndWait(objects, timeout: .seconds(120), interval: .milliseconds(100)) }
        // The signal: both deletes were sent (reverse apply order: `held`, then `free`), so the
        // held object is marked for deletion and the free one gone; the wait has begun.
        #expect(try await eventually(timeout: .seconds(120)) {
            let marked = try await f.get("ConfigMap", "held")?[path: "metadata", "deletionTimestamp"] != nil
            let gone = try await f.get("ConfigMap", "free") == nil
            return marked && gone
        })
        try await release(f, "held")

        let result = await waiting.value
        #expect(result.outcome == .terminated)
        #expect(result.terminating.isEmpty)
        #expect(result.message == "")
        #expect(result.pruned.deleted.map(\.line) == ["ConfigMap/\(f.namespace)/held deleted", "ConfigMap/\(f.namespace)/free deleted"])
        #expect(try await f.get("ConfigMap", "held") == nil)
    }

    @Test func reportsWhatIsStillTerminatingAtTheDeadline() async throws {
        let f = try await ClusterFixture.make("delete-timeout")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier()
        let objects = try await applier.apply([held(f, "stuck"), f.configMap("free")]).inventory.objects()
        defer { Task { try? await release(f, "stuck") } }

        let result = await applier.deleteAndWait(objects, timeout: .milliseconds(800), interval: .milliseconds(100))
        #expect(result.outcome == .timedOut)
        #expect(result.terminating.map(\.id.name) == ["stuck"])
        #expect(result.message == "ConfigMap/\(f.namespace)/stuck termination timeout")
        #expect(Set(result.pruned.deleted.map(\.object.id.name)) == ["stuck", "free"])
        let stuck = try #require(try await f.get("ConfigMap", "stuck"))
        #expect(stuck[path: "metadata", "deletionTimestamp"] != nil)
        #expect(try await f.get("ConfigMap", "free") == nil)
    }

    @Test func objectsThatAreNotOursAnyMoreAreNeitherDeletedNorAwaited() async throws {
        let f = try await ClusterFixture.make("delete-notours")
        defer { Task { try await f.client.shutdown() } }
        let applier = f.applier()
        let objects = try await applier.apply([f.configMap("adopted")]).inventory.objects()
        _ = try await f.client.patch(Self.configMap, name: "adopted", namespace: f.namespace, type: .merge,
                                     patch: ["metadata": ["labels": [.init(stringLiteral: KustomizationOwner.nameLabel): "other"]]])
        let result = await applier.deleteAndWait(objects, timeout: .seconds(30), interval: .milliseconds(100))
        #expect(result.outcome == .terminated)
        #expect(result.pruned.skipped.map(\.reason) == [.notOwned])
        #expect(try await f.get("ConfigMap", "adopted") != nil)
    }
}
