import FerryTesting
import Foundation
import Testing

/// `ferry version` and `ferry check`, run as a user runs them, output compared exactly.
@Suite struct CheckCommandTests {
    @Test func versionPrintsClientAndServer() async throws {
        let plane = try await LocalControlPlane.shared()
        let r = try await FerryCLI.run(["version", "--kubeconfig", plane.adminKubeconfig])
        #expect(r.status == 0)
        #expect(r.stdout == "ferry: v0.1.0\nkubernetes: v1.20.2 (\(plane.server))\n")
        let client = try await FerryCLI.run(["version", "--client"])
        #expect(client.stdout == "ferry: v0.1.0\n")
    }

    @Test func checkPassesForAnAdmin() async throws {
        let plane = try await LocalControlPlane.shared()
        let r = try await FerryCLI.run(["check"], environment: ["KUBECONFIG": plane.adminKubeconfig])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
        ► checking prerequisites
        ✔ Kubernetes 1.20.2 >=1.20.0
        ► checking permissions
        ✔ can create customresourcedefinitions.apiextensions.k8s.io
        ✔ can list namespaces
        ✔ can create namespaces
        ✔ can watch gitrepositories.source.toolkit.fluxcd.io
        ✔ can watch kustomizations.kustomize.toolkit.fluxcd.io
        ✔ can get secrets
        ✔ can create events
        ✔ can create leases.coordination.k8s.io
        ✔ can patch *.*
        ✔ can delete *.*
        ✔ can impersonate serviceaccounts
        ✔ all checks passed

        """)
    }

    @Test func checkFailsForAnUnprivilegedUserAndSaysWhatIsMissing() async throws {
        let plane = try await LocalControlPlane.shared()
        let r = try await FerryCLI.run(["check", "--kubeconfig", plane.userTokenKubeconfig])
        #expect(r.status == 1)
        #expect(r.stdout.contains("✗ cannot create customresourcedefinitions.apiextensions.k8s.io (needed to install Ferry's CRDs)\n"))
        #expect(r.stdout.hasSuffix("✗ the current user lacks 11 permissions Ferry's controllers need: create customresourcedefinitions.apiextensions.k8s.io, list namespaces, create namespaces, watch gitrepositories.source.toolkit.fluxcd.io, watch kustomizations.kustomize.toolkit.fluxcd.io, get secrets, create events, create leases.coordination.k8s.io, patch *.*, delete *.*, impersonate serviceaccounts\n"))
        let pre = try await FerryCLI.run(["check", "--pre", "--kubeconfig", plane.userTokenKubeconfig])
        #expect(pre.status == 0)
        #expect(pre.stdout == "► checking prerequisites\n✔ Kubernetes 1.20.2 >=1.20.0\n✔ prerequisites checks passed\n")
    }

    @Test func unreachableServerIsOneSentenceAndExitOne() async throws {
        let dir = NSTemporaryDirectory() + "cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
        current-context: c
        clusters: [{name: k, cluster: {server: "https://127.0.0.1:1"}}]
        contexts: [{name: c, context: {cluster: k, user: u}}]
        users: [{name: u, user: {token: do-not-print-me}}]
        """.write(toFile: dir + "/config", atomically: true, encoding: .utf8)
        let r = try await FerryCLI.run(["version", "--kubeconfig", dir + "/config"])
        #expect(r.status == 1)
        #expect(r.stderr == "✗ cannot reach the Kubernetes API server at https://127.0.0.1:1: connection refused\n")
        #expect(!(r.stdout + r.stderr).contains("do-not-print-me"))
    }

    @Test func malformedKubeconfigIsOneSentence() async throws {
        let dir = NSTemporaryDirectory() + "cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "clusters: [unclosed\n".write(toFile: dir + "/config", atomically: true, encoding: .utf8)
        let r = try await FerryCLI.run(["check", "--kubeconfig", dir + "/config"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("✗ kubeconfig \(dir)/config:2:"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}
