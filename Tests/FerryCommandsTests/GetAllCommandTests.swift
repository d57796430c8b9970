import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry get all`: a table per Ferry kind, names as `kind/name`.
@Suite struct GetAllCommandTests {
    @Test func printsATablePerKind() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        defer { Task { try await client.shutdown() } }
        try await plane.installFerryCRDs(client: client)
        let ns = try await plane.makeNamespace("cli-get-all", client: client)
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]

        let empty = try await FerryCLI.run(["get", "all"] + kc)
        #expect(empty.status == 0)
        #expect(empty.stdout == "")
        #expect(empty.stderr == "no Ferry objects found in \(ns) namespace\n")

        try await FerryObjects.createGitRepository(client, "repo", ns)
        try await FerryObjects.report(client, FerryObjects.gitRepository, "repo", ns, FerryObjects.fetched())
        try await FerryObjects.createKustomization(client, "apps", ns)
        try await FerryObjects.createKustomization(client, "infra", ns)
        try await FerryObjects.report(client, FerryObjects.kustomization, "infra", ns, FerryObjects.applied([]))

        let all = try await FerryCLI.run(["get", "all"] + kc)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(masked(all.stdout) == """
        NAME                 REVISION             SUSPENDED   READY   MESSAGE                                             AGE
        gitrepository/repo   main@sha1:0123abcd   False       True    stored artifact for revision 'main@sha1:0123abcd'   <age>

        NAME                  REVISION             SUSPENDED   READY     MESSAGE                                AGE
        kustomization/apps                         False       Unknown                                          <age>
        kustomization/infra   main@sha1:0123abcd   False       True      Applied revision: main@sha1:0123abcd   <age>


        """)

        let ready = try await FerryCLI.run(["get", "all", "--status-selector", "ready=true", "-A", "--kubeconfig", plane.adminKubeconfig])
        let rows = ready.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.contains { Array($0.prefix(2)) == [ns, "gitrepository/repo"] })
        #expect(rows.contains { Array($0.prefix(2)) == [ns, "kustomization/infra"] })
        #expect(!rows.contains { Array($0.prefix(2)) == [ns, "kustomization/apps"] })
    }
}
