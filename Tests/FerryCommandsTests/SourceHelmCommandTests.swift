import ChildProcess
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry create|get|suspend|resume|reconcile|export|delete source helm` against the real API
/// server, output compared exactly. No controller runs: the tests write what one would report.
@Suite struct SourceHelmCommandTests {
    static let gvk = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "HelmRepository")
    /// An index digest, shortened so the tables below stay readable.
    static let digest = "sha256:3b5d7f9a"

    func setUp(_ name: String) async throws -> (LocalControlPlane, KubernetesClient, String) {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        return (plane, client, try await plane.makeNamespace(name, client: client))
    }

    /// What the HelmRepository controller reports after storing an index.
    static func indexed(_ revision: String = digest) -> JSONObject {
        ["artifact": ["revision": .string(revision), "digest": .string(revision), "path": "p", "url": "u", "lastUpdateTime": .string(FerryObjects.time)],
         "conditions": [FerryObjects.ready("True", "stored artifact: revision '\(revision)'")]]
    }

    @Test func exportPrintsFluxCompatibleYAML() async throws {
        let https = try await FerryCLI.run(["create", "source", "helm", "charts", "--url=https://charts.example.org/stable", "--interval=10m",
                                            "--secret-ref=basic-auth", "--pass-credentials", "--cert-secret-ref=client-tls",
                                            "--fetch-timeout=2m", "--oci-provider=gcp", "--export"])
        #expect(https.status == 0, "\(https.stderr)")
        // Keys sorted, durations as Go prints them; the provider is for OCI repositories only.
        #expect(https.stdout == """
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata:
          name: charts
          namespace: ferry-system
        spec:
          certSecretRef:
            name: client-tls
          interval: 10m0s
          passCredentials: true
          secretRef:
            name: basic-auth
          timeout: 2m0s
          url: https://charts.example.org/stable

        """)

        let oci = try await FerryCLI.run(["create", "source", "helm", "registry", "--url=oci://registry.example.org/charts", "--interval=5m",
                                          "--oci-provider=aws", "--pass-credentials", "--label=team=web", "-n", "apps", "--export"])
        #expect(oci.status == 0, "\(oci.stderr)")
        // An oci:// URL makes `type: oci`; --pass-credentials without --secret-ref is dropped, as flux does.
        #expect(oci.stdout == """
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata:
          labels:
            team: web
          name: registry
          namespace: apps
        spec:
          interval: 5m0s
          provider: aws
          type: oci
          url: oci://registry.example.org/charts

        """)
    }

    @Test func invalidFlagsAreRejectedBeforeContactingTheCluster() async throws {
        let scheme = try await FerryCLI.run(["create", "source", "helm", "x", "--url=git://example.org/charts", "--export"])
        #expect(scheme.status != 0)
        #expect(scheme.stdout == "")
        #expect(scheme.stderr.contains("url scheme 'git' not supported, can be: http, https and oci"))
        let noHost = try await FerryCLI.run(["create", "source", "helm", "x", "--url=charts.example.org", "--export"])
        #expect(noHost.stderr.contains("--url charts.example.org must look like https://host/path or oci://host/path"))
        let interval = try await FerryCLI.run(["create", "source", "helm", "x", "--url=https://e.org", "--interval=often", "--export"])
        #expect(interval.stderr.contains("--interval often is not a positive duration such as 1m or 30s"))
        let provider = try await FerryCLI.run(["create", "source", "helm", "x", "--url=oci://e.org/c", "--oci-provider=ibm", "--export"])
        #expect(provider.stderr.contains("--oci-provider ibm is not supported, can be one of: generic, aws, azure, gcp"))
    }

    @Test func createAppliesTheObjectAndWaitsForTheIndex() async throws {
        let (plane, client, ns) = try await setUp("cli-helm-create")
        defer { Task { try await client.shutdown() } }
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]

        async let created = FerryCLI.run(["create", "source", "helm", "podinfo", "--url=https://charts.example.org/podinfo", "--interval=10m",
                                          "--secret-ref=auth", "--timeout=30s"] + kc)
        var live: JSONValue?
        #expect(await eventually {
            live = try? await client.get(Self.gvk, name: "podinfo", namespace: ns)
            return live != nil
        })
        #expect(live?[path: "spec", "url"] == "https://charts.example.org/podinfo")
        #expect(live?[path: "spec", "interval"] == "10m0s")
        #expect(live?[path: "spec", "secretRef", "name"] == "auth")
        #expect(live?[path: "spec", "type"] == nil)
        try await FerryObjects.report(client, Self.gvk, "podinfo", ns, Self.indexed())
        let r = try await created
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
        ✚ generating HelmRepository source
        ► applying HelmRepository source
        ✔ source created
        ◎ waiting for HelmRepository reconciliation
        ✔ HelmRepository reconciliation completed
        ✔ fetched revision \(Self.digest)

        """)

        // An OCI repository is static: created, and nothing is waited for.
        let oci = try await FerryCLI.run(["create", "source", "helm", "registry", "--url=oci://registry.example.org/charts", "--timeout=2s"] + kc)
        #expect(oci.status == 0, "\(oci.stderr)")
        #expect(oci.stdout == "✚ generating HelmRepository source\n► applying HelmRepository source\n✔ source created\n")
        #expect(try await client.get(Self.gvk, name: "registry", namespace: ns)[path: "spec", "type"] == "oci")
        let reconcile = try await FerryCLI.run(["reconcile", "source", "helm", "registry"] + kc)
        #expect(reconcile.status == 0)
        #expect(reconcile.stdout == "✔ reconciliation not supported by the object\n")
    }

    @Test func getSuspendResumeReconcileExportDelete() async throws {
        let (plane, client, ns) = try await setUp("cli-helm")
        defer { Task { try await client.shutdown() } }
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]
        for name in ["stable", "bitnami"] {
            _ = try await client.create(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
                                         "metadata": ["name": .string(name), "namespace": .string(ns)],
                                         "spec": ["interval": "10m", "url": .string("https://charts.example.org/\(name)")]])
        }
        try await FerryObjects.report(client, Self.gvk, "bitnami", ns, Self.indexed())

        let get = try await FerryCLI.run(["get", "sources", "helm"] + kc)
        #expect(get.status == 0, "\(get.stderr)")
        #expect(masked(get.stdout) == """
        NAME      REVISION          SUSPENDED   READY     MESSAGE                                       AGE
        bitnami   sha256:3b5d7f9a   False       True      stored artifact: revision 'sha256:3b5d7f9a'   <age>
        stable                      False       Unknown                                                 <age>

        """)
        let ready = try await FerryCLI.run(["get", "sources", "helm", "--status-selector", "ready=true"] + kc)
        #expect(ready.stdout.split(separator: "\n").map { $0.prefix(8) } == ["NAME    ", "bitnami "])

        let suspend = try await FerryCLI.run(["suspend", "source", "helm", "stable"] + kc)
        #expect(suspend.stdout == "► suspending source helm stable in \(ns) namespace\n✔ source suspended\n")
        let afterSuspend = try await FerryCLI.run(["get", "sources", "helm"] + kc)
        let stableRow = afterSuspend.stdout.split(separator: "\n").last.map { $0.split(separator: " ").map(String.init) }
        #expect(stableRow.map { Array($0.prefix(3)) } == ["stable", "True", "Unknown"])
        let refused = try await FerryCLI.run(["reconcile", "source", "helm", "stable"] + kc)
        #expect(refused.status == 1)
        #expect(refused.stderr == "✗ resource is suspended\n")
        let resume = try await FerryCLI.run(["resume", "source", "helm", "stable", "--wait=false"] + kc)
        #expect(resume.stdout == "► resuming source helm stable in \(ns) namespace\n✔ source resumed\n")
        #expect(try await client.get(Self.gvk, name: "stable", namespace: ns)[path: "spec", "suspend"] == nil)

        async let reconciled = FerryCLI.run(["reconcile", "source", "helm", "bitnami", "--timeout=30s"] + kc)
        let newer = "sha256:e5e5e5e5"
        try await FerryObjects.answerReconcileRequest(client, Self.gvk, "bitnami", ns, status: Self.indexed(newer))
        let r = try await reconciled
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
        ► annotating HelmRepository bitnami in \(ns) namespace
        ✔ HelmRepository annotated
        ◎ waiting for HelmRepository reconciliation
        ✔ HelmRepository reconciliation completed
        ✔ fetched revision \(newer)

        """)

        // Export: spec as stored (the CRD's default provider included), never status or the
        // reconcile request; applying it back gives the same object.
        let export = try await FerryCLI.run(["export", "source", "helm", "bitnami"] + kc)
        let expected = """
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata:
          name: bitnami
          namespace: \(ns)
        spec:
          interval: 10m
          provider: generic
          url: https://charts.example.org/bitnami

        """
        #expect(export.stdout == expected)
        let all = try await FerryCLI.run(["export", "source", "helm", "--all"] + kc)
        #expect(all.stdout.components(separatedBy: "---\n").count == 3)
        #expect(all.stdout.hasPrefix(expected))

        let deleted = try await FerryCLI.run(["delete", "source", "helm", "bitnami", "--silent"] + kc)
        #expect(deleted.stdout == "► deleting source helm bitnami in \(ns) namespace\n✔ source deleted\n")
        #expect(await eventually { (try? await client.get(Self.gvk, name: "bitnami", namespace: ns)) == nil })
        for document in try YAML.documents(export.stdout) { _ = try await client.create(document) }
        let again = try await FerryCLI.run(["export", "source", "helm", "bitnami"] + kc)
        #expect(again.stdout == expected)

        let missing = try await FerryCLI.run(["delete", "source", "helm", "gone", "--silent"] + kc)
        #expect(missing.status == 1)
        #expect(missing.stderr == "✗ HelmRepository \(ns)/gone not found\n")
    }
}
