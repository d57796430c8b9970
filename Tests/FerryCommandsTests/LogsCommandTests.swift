import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry logs`: the controllers' JSON log as one readable line per reconcile, filtered.
@Suite struct LogsCommandTests {
    @Test func showsReconcilesOfOneKind() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        let ns = try await plane.makeNamespace("logs", client: client)
        let controllers = try await FerryControllers.start(plane: plane, namespace: ns)
        defer { Task { await controllers.stop(); try? await client.shutdown() } }
        _ = try await client.create(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                                     "metadata": ["name": "unreachable", "namespace": .string(ns)],
                                     "spec": ["interval": "1m", "url": "http://127.0.0.1:1/nothing.git", "timeout": "5s"]])
        let logFile = (controllers.storagePath as NSString).deletingLastPathComponent + "/controllers.log"
        #expect(await eventually(timeout: .seconds(30)) {
            ((try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "").contains("\"name\":\"unreachable\"")
        })
        let logs = try await FerryCLI.run(["logs", "--file", logFile, "--kind", "GitRepository", "--name", "unreachable"])
        #expect(logs.status == 0, "\(logs.stderr)")
        let lines = logs.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(line.contains(" GitRepository/unreachable.\(ns) - reconciled "), "\(line)")
            #expect(line.contains("result=failed"), "\(line)")
        }
        let errorsOnly = try await FerryCLI.run(["logs", "--file", logFile, "--level", "error", "--tail", "1"])
        #expect(errorsOnly.stdout.split(separator: "\n").count == 1)
        #expect(errorsOnly.stdout.contains(" error "))
        let missing = try await FerryCLI.run(["logs", "--file", "/nonexistent/controllers.log"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "✗ cannot read the controllers log /nonexistent/controllers.log\n")
    }
}
