import Foundation
import KubernetesClient
import Manifests

extension LocalControlPlane {
    /// A fresh namespace named after the test, so tests running in parallel never meet.
    public func makeNamespace(_ prefix: String, client: KubernetesClient) async throws -> String {
        let safe = prefix.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let name = String(String(safe).prefix(40)) + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        _ = try await client.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]])
        return name
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
public func eventually(timeout: Duration = .seconds(30), every interval: Duration = .milliseconds(100),
                       _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}
