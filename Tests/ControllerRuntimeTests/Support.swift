import Synchronization

/// A lock-protected value tests can share with tasks and closures.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
    var value: Value { mutex.withLock { $0 } }
}

import ControllerRuntime
import FerryTesting
import KubernetesClient
import Logging
import Manifests
import ServiceLifecycle

/// A tiny namespaced custom resource with a status subresource: it has a generation, unlike
/// ConfigMaps, so it shows the controller's generation and status-only rules for real.
enum Widgets {
    static let group = "runtime.ferry.test"
    static let kind = GroupVersionKind(group: group, version: "v1", kind: "Widget")

    /// Runs `body` with the shared control plane, an admin client (shut down afterwards), a
    /// fresh namespace and the Widget CRD.
    static func with(_ name: String, _ body: (LocalControlPlane, KubernetesClient, String) async throws -> Void) async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        do {
            let ns = try await setUp(name, plane, client)
            try await body(plane, client, ns)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    static func setUp(_ name: String, _ plane: LocalControlPlane, _ client: KubernetesClient) async throws -> String {
        let ns = try await plane.makeNamespace(name, client: client)
        do {
            _ = try await client.create(TestCRD.widget(group: group))
        } catch let error as APIError where error.isAlreadyExists {}
        let established = await eventually { (try? await client.list(kind, namespace: ns)) != nil }
        guard established else { throw TestFailure("the Widget CRD did not become usable") }
        return ns
    }

    static func make(_ name: String, namespace: String, spec: JSONValue = ["size": 1]) -> JSONValue {
        ["apiVersion": .string(kind.apiVersion), "kind": "Widget",
         "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": spec]
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs services in a `ServiceGroup` (as `ferry controllers run` does) until `stop()`.
final class RunningGroup: Sendable {
    let group: ServiceGroup
    let task: Task<Void, any Error>

    init(_ services: [any Service]) {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
        self.group = group
        task = Task { try await group.run() }
    }

    /// Graceful shutdown (what SIGTERM does), then waits for every service to return.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}

/// `curl` against a local server: status code, headers and body.
struct Fetched {
    var status: Int
    var body: String
    var headers: String
}

func fetch(_ url: String, method: String = "GET") async throws -> Fetched {
    let verb = method == "HEAD" ? ["-I"] : ["-X", method]
    let out = try await LocalControlPlane.run("/usr/bin/curl", ["-sS", "--max-time", "20"] + verb + ["-D", "-", "-o", "/dev/stdout", "-w", "\n%{http_code}", url])
    var lines = out.split(separator: "\n", omittingEmptySubsequences: false)
    let status = Int(lines.removeLast()) ?? 0
    let text = lines.joined(separator: "\n")
    guard let split = text.range(of: "\r\n\r\n") else { return Fetched(status: status, body: "", headers: text) }
    return Fetched(status: status, body: String(text[split.upperBound...]), headers: String(text[..<split.lowerBound]))
}
