import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry create|get|suspend|resume|reconcile|export|delete source chart` and `get sources all`
/// against the real API server, output compared exactly. No controller runs: the tests write
/// what one would report.
@Suite struct SourceChartCommandTests {
    static let gvk = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "HelmChart")

    func setUp(_ name: String) async throws -> (LocalControlPlane, KubernetesClient, String) {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        return (plane, client, try await plane.makeNamespace(name, client: client))
    }

    /// What the HelmChart controller reports after pulling a chart version from a repository.
    static func pulled(_ chart: String, _ version: String) -> JSONObject {
        ["artifact": ["revision": .string(version), "digest": "sha256:00", "path": "p", "url": "u", "lastUpdateTime": .string(FerryObjects.time)],
         "conditions": [FerryObjects.ready("True", "pulled '\(chart)' chart with version '\(version)'")]]
    }

    static func createChart(_ client: KubernetesClient, _ name: String, _ ns: String) async throws {
        _ = try await client.create(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmChart",
                                     "metadata": ["name": .string(name), "namespace": .string(ns)],
                                     "spec": ["chart": .string(name), "interval": "5m", "sourceRef": ["kind": "HelmRepository", "name": "charts"]]])
    }

    @Test func exportPrintsFluxCompatibleYAML() async throws {
        // The source kind is matched in any case and written as the API spells it.
        let fromRepository = try await FerryCLI.run(["create", "source", "chart", "podinfo", "--source=helmrepository/charts", "--chart=podinfo",
                                                     "--chart-version=6.x", "--values-files=values.yaml,values-prod.yaml", "--export"])
        #expect(fromRepository.status == 0, "\(fromRepository.stderr)")
        #expect(fromRepository.stdout == """
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmChart
        metadata:
          name: podinfo
          namespace: ferry-system
        spec:
          chart: podinfo
          interval: 1m0s
          reconcileStrategy: ChartVersion
          sourceRef:
            kind: HelmRepository
            name: charts
          valuesFiles:
          - values.yaml
          - values-prod.yaml
          version: 6.x

        """)

        let fromGit = try await FerryCLI.run(["create", "source", "chart", "webapp", "--source", "GitRepository/monorepo", "--chart", "./charts/webapp",
                                              "--reconcile-strategy", "Revision", "--interval", "90s", "-n", "apps", "--export"])
        #expect(fromGit.status == 0, "\(fromGit.stderr)")
        #expect(fromGit.stdout == """
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmChart
        metadata:
          name: webapp
          namespace: apps
        spec:
          chart: ./charts/webapp
          interval: 1m30s
          reconcileStrategy: Revision
          sourceRef:
            kind: GitRepository
            name: monorepo

        """)
    }

    @Test func invalidFlagsAreRejectedBeforeContactingTheCluster() async throws {
        func stderr(_ args: [String]) async throws -> String {
            let r = try await FerryCLI.run(["create", "source", "chart", "x"] + args + ["--export"])
            #expect(r.status != 0)
            #expect(r.stdout == "")
            return r.stderr
        }
        #expect(try await stderr(["--source=Bucket/b", "--chart=x"]).contains("source kind 'Bucket' is not supported, must be one of: HelmRepository, GitRepository"))
        #expect(try await stderr(["--source=charts", "--chart=x"]).contains("invalid helm chart source 'charts', must be in format <kind>/<name>"))
        #expect(try await stderr(["--source=HelmRepository/", "--chart=x"]).contains("must be in format <kind>/<name>"))
        #expect(try await stderr(["--source=HelmRepository/charts", "--chart", " "]).contains("chart name or path is required"))
        #expect(try await stderr(["--source=HelmRepository/charts", "--chart=x", "--reconcile-strategy=Always"])
            .contains("--reconcile-strategy Always is not supported, can be one of: ChartVersion, Revision"))
        #expect(try await stderr(["--source=HelmRepository/charts", "--chart=x", "--interval=0s"])
            .contains("--interval 0s is not a positive duration such as 1m or 30s"))
    }

    @Test func createAppliesTheObjectAndWaitsForTheChart() async throws {
        let (plane, client, ns) = try await setUp("cli-chart-create")
        defer { Task { try await client.shutdown() } }
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]

        async let created = FerryCLI.run(["create", "source", "chart", "podinfo", "--source=HelmRepository/charts", "--chart=podinfo",
                                          "--values-files=values.yaml", "--values-files=prod.yaml", "--timeout=30s"] + kc)
        var live: JSONValue?
        #expect(await eventually {
            live = try? await client.get(Self.gvk, name: "podinfo", namespace: ns)
            return live != nil
        })
        // As flags gave it, with the CRD's default version range (the API server sorts keys).
        let spec: JSONValue = ["chart": "podinfo", "interval": "1m0s", "reconcileStrategy": "ChartVersion",
                               "sourceRef": ["kind": "HelmRepository", "name": "charts"], "valuesFiles": ["values.yaml", "prod.yaml"],
                               "version": "*"]
        #expect(live?["spec"] == spec)
        try await FerryObjects.report(client, Self.gvk, "podinfo", ns, Self.pulled("podinfo", "6.5.4"))
        let r = try await created
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
        ✚ generating HelmChart source
        ► applying HelmChart source
        ✔ source created
        ◎ waiting for HelmChart reconciliation
        ✔ HelmChart reconciliation completed
        ✔ fetched revision 6.5.4

        """)

        // No controller answers the update: the wait ends at --timeout, the spec is changed.
        let updated = try await FerryCLI.run(["create", "source", "chart", "podinfo", "--source=HelmRepository/charts", "--chart=podinfo",
                                              "--chart-version=>=6.0.0 <7.0.0", "--timeout=2s"] + kc)
        #expect(updated.status == 1)
        #expect(updated.stdout.hasPrefix("✚ generating HelmChart source\n► applying HelmChart source\n✔ source updated\n"))
        #expect(updated.stderr == "✗ timed out after 2s waiting for HelmChart \(ns)/podinfo to be reconciled (is `ferry controllers run` running?)\n")
        let changed = try await client.get(Self.gvk, name: "podinfo", namespace: ns)
        #expect(changed[path: "spec", "version"] == ">=6.0.0 <7.0.0")
        #expect(changed[path: "spec", "valuesFiles"] == nil)
    }

    @Test func getSuspendResumeReconcileExportDelete() async throws {
        let (plane, client, ns) = try await setUp("cli-chart")
        defer { Task { try await client.shutdown() } }
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]
        try await Self.createChart(client, "webapp", ns)
        try await Self.createChart(client, "podinfo", ns)
        try await FerryObjects.report(client, Self.gvk, "podinfo", ns, Self.pulled("podinfo", "6.5.4"))

        let get = try await FerryCLI.run(["get", "sources", "chart"] + kc)
        #expect(get.status == 0, "\(get.stderr)")
        #expect(masked(get.stdout) == """
        NAME      REVISION   SUSPENDED   READY     MESSAGE                                       AGE
        podinfo   6.5.4      False       True      pulled 'podinfo' chart with version '6.5.4'   <age>
        webapp               False       Unknown                                                 <age>

        """)

        let suspend = try await FerryCLI.run(["suspend", "source", "chart", "--all"] + kc)
        #expect(suspend.stdout == """
        ► suspending source chart podinfo in \(ns) namespace
        ✔ source suspended
        ► suspending source chart webapp in \(ns) namespace
        ✔ source suspended

        """)
        let afterSuspend = try await FerryCLI.run(["get", "sources", "chart"] + kc)
        let rows = afterSuspend.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").map(String.init) }
        #expect(rows.map { Array($0.prefix(3)) } == [["podinfo", "6.5.4", "True"], ["webapp", "True", "Unknown"]])
        let refused = try await FerryCLI.run(["reconcile", "source", "chart", "podinfo"] + kc)
        #expect(refused.status == 1)
        #expect(refused.stderr == "✗ resource is suspended\n")
        let resume = try await FerryCLI.run(["resume", "source", "chart", "podinfo", "--wait=false"] + kc)
        #expect(resume.stdout == "► resuming source chart podinfo in \(ns) namespace\n✔ source resumed\n")

        async let reconciled = FerryCLI.run(["reconcile", "source", "chart", "podinfo", "--timeout=30s"] + kc)
        try await FerryObjects.answerReconcileRequest(client, Self.gvk, "podinfo", ns, status: Self.pulled("podinfo", "6.6.0"))
        let r = try await reconciled
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
        ► annotating HelmChart podinfo in \(ns) namespace
        ✔ HelmChart annotated
        ◎ waiting for HelmChart reconciliation
        ✔ HelmChart reconciliation completed
        ✔ fetched revision 6.6.0

        """)

        // Export: the spec as stored, with the CRD's defaults; applying it back gives the same.
        let export = try await FerryCLI.run(["export", "source", "chart", "podinfo"] + kc)
        let expected = """
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmChart
        metadata:
          name: podinfo
          namespace: \(ns)
        spec:
          chart: podinfo
          interval: 5m
          reconcileStrategy: ChartVersion
          sourceRef:
            kind: HelmRepository
            name: charts
          version: '*'

        """
        #expect(export.stdout == expected)
        let deleted = try await FerryCLI.run(["delete", "source", "chart", "podinfo", "--silent"] + kc)
        #expect(deleted.stdout == "► deleting source chart podinfo in \(ns) namespace\n✔ source deleted\n")
        #expect(await eventually { (try? await client.get(Self.gvk, name: "podinfo", namespace: ns)) == nil })
        for document in try YAML.documents(export.stdout) { _ = try await client.create(document) }
        #expect(try await FerryCLI.run(["export", "source", "chart", "podinfo"] + kc).stdout == expected)

        let missing = try await FerryCLI.run(["suspend", "source", "chart", "gone"] + kc)
        #expect(missing.status == 1)
        #expect(missing.stderr == "✗ HelmChart \(ns)/gone not found\n")
    }

    @Test func getSourcesAllAndGetAllListTheHelmKinds() async throws {
        let (plane, client, ns) = try await setUp("cli-sources-all")
        defer { Task { try await client.shutdown() } }
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]
        let none = try await FerryCLI.run(["get", "sources", "all"] + kc)
        #expect(none.stdout == "")
        #expect(none.stderr == "no sources found in \(ns) namespace\n")

        try await FerryObjects.createGitRepository(client, "repo", ns)
        try await FerryObjects.report(client, FerryObjects.gitRepository, "repo", ns, FerryObjects.fetched())
        _ = try await client.create(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
                                     "metadata": ["name": "charts", "namespace": .string(ns)],
                                     "spec": ["interval": "10m", "url": "https://charts.example.org"]])
        try await Self.createChart(client, "podinfo", ns)
        try await FerryObjects.report(client, Self.gvk, "podinfo", ns, Self.pulled("podinfo", "6.5.4"))
        try await FerryObjects.createKustomization(client, "apps", ns)

        let sources = """
        NAME                 REVISION             SUSPENDED   READY   MESSAGE                                             AGE
        gitrepository/repo   main@sha1:0123abcd   False       True    stored artifact for revision 'main@sha1:0123abcd'   <age>

        NAME                    REVISION   SUSPENDED   READY     MESSAGE   AGE
        helmrepository/charts              False       Unknown             <age>

        NAME                REVISION   SUSPENDED   READY   MESSAGE                                       AGE
        helmchart/podinfo   6.5.4      False       True    pulled 'podinfo' chart with version '6.5.4'   <age>


        """
        let all = try await FerryCLI.run(["get", "sources", "all"] + kc)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(masked(all.stdout) == sources)

        // `get all` adds the Kustomization after the sources.
        let everything = try await FerryCLI.run(["get", "all"] + kc)
        #expect(masked(everything.stdout).hasPrefix(String(sources.dropLast())))
        #expect(everything.stdout.contains("\nkustomization/apps "))
    }
}
