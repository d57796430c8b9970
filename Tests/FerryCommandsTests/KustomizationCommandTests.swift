import ChildProcess
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry create|get|reconcile|suspend|resume|delete|export kustomization` against the real
/// API server; the test plays the controller by writing statuses itself.
@Suite struct KustomizationCommandTests {
    func setUp(_ name: String) async throws -> (LocalControlPlane, KubernetesClient, String) {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        return (plane, client, try await plane.makeNamespace(name, client: client))
    }

    @Test func exportPrintsFluxCompatibleYAML() async throws {
        let r = try await FerryCLI.run(["create", "kustomization", "podinfo", "--source=GitRepository/podinfo.apps", "--path=kustomize/../deploy",
                                        "--prune", "--interval=10m", "--depends-on=infra", "--depends-on=base/crds", "--health-check=Deployment/web.apps",
                                        "--target-namespace=apps", "--service-account=deployer", "--retry-interval=90s",
                                        "--kubeconfig-secret-ref=remote", "--label=team=a", "--export"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          labels:
            team: a
          name: podinfo
          namespace: ferry-system
        spec:
          dependsOn:
          - name: infra
          - name: crds
            namespace: base
          healthChecks:
          - apiVersion: apps/v1
            kind: Deployment
            name: web
            namespace: apps
          interval: 10m0s
          kubeConfig:
            secretRef:
              name: remote
          path: ./deploy
          prune: true
          retryInterval: 1m30s
          serviceAccountName: deployer
          sourceRef:
            kind: GitRepository
            name: podinfo
            namespace: apps
          targetNamespace: apps
          timeout: 2m0s

        """)

        let minimal = try await FerryCLI.run(["create", "ks", "apps", "--source=repo", "--wait", "--health-check=Deployment/ignored.x", "-n", "team", "--export"])
        #expect(minimal.stdout == """
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: apps
          namespace: team
        spec:
          interval: 1m0s
          path: ./
          prune: false
          sourceRef:
            kind: GitRepository
            name: repo
          timeout: 2m0s
          wait: true

        """)
    }

    @Test(arguments: [
        (["--source=OCIRepository/x"], "source kind 'OCIRepository' is not supported, can be one of: GitRepository"),
        (["--source=x."], "--source x. must look like [GitRepository/]name[.namespace]"),
        (["--source=x", "--health-check=Deployment/web"], "invalid health check 'Deployment/web' must be in the format 'kind/name.namespace'"),
        (["--source=x", "--health-check=Pod/web.apps"], "invalid health check kind 'Pod' can be HelmRelease, Deployment, DaemonSet or StatefulSet"),
        (["--source=x", "--depends-on=a/b/c"], "--depends-on a/b/c must look like name or namespace/name"),
        (["--source=x", "--interval=often"], "--interval often is not a duration such as 5m or 30s"),
        (["--source=x", "--timeout=soon"], "--timeout soon is not a duration such as 5m or 30s"),
    ])
    func invalidFlagsAreRejectedBeforeContactingTheCluster(flags: [String], sentence: String) async throws {
        let r = try await FerryCLI.run(["create", "kustomization", "x"] + flags + ["--export"])
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("Error: \(sentence)\n"), "\(r.stderr)")
    }

    @Test func createWaitsForReadyAndReportsTheAppliedRevision() async throws {
        let (plane, client, ns) = try await setUp("cli-ks-create")
        defer { Task { try await client.shutdown() } }
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]

        // No controller: the wait ends at --timeout with one sentence.
        let timedOut = try await FerryCLI.run(["create", "kustomization", "apps", "--source=repo", "--path=./deploy", "--timeout=2s"] + kc)
        #expect(timedOut.status == 1)
        #expect(timedOut.stdout == "✚ generating Kustomization\n► applying Kustomization\n✔ Kustomization created\n◎ waiting for Kustomization reconciliation\n")
        #expect(timedOut.stderr == "✗ timed out after 2s waiting for Kustomization \(ns)/apps to be reconciled (is `ferry controllers run` running?)\n")
        let get = try await FerryCLI.run(["get", "kustomizations"] + kc)
        #expect(get.stdout.split(separator: "\n").last?.hasPrefix("apps              False       Unknown             ") == true, "\(get.stdout)")

        // The test answers as the controller would: the same command then ends with the revision.
        async let updated = FerryCLI.run(["create", "kustomization", "apps", "--source=repo", "--path=./deploy", "--prune", "--timeout=30s"] + kc)
        #expect(await eventually { (try? await client.get(FerryObjects.kustomization, name: "apps", namespace: ns))?.generation == 2 })
        try await FerryObjects.report(client, FerryObjects.kustomization, "apps", ns, FerryObjects.applied([]))
        let r = try await updated
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
        ✚ generating Kustomization
        ► applying Kustomization
        ✔ Kustomization updated
        ◎ waiting for Kustomization reconciliation
        ✔ Kustomization apps is ready
        ✔ applied revision main@sha1:0123abcd

        """)
    }

    @Test func getSuspendResumeExportDelete() async throws {
        let (plane, client, ns) = try await setUp("cli-ks")
        defer { Task { try await client.shutdown() } }
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]
        try await FerryObjects.createKustomization(client, "infra", ns)
        try await FerryObjects.createKustomization(client, "apps", ns, extra: ["dependsOn": [["name": "infra"]]])
        try await FerryObjects.report(client, FerryObjects.kustomization, "infra", ns, FerryObjects.applied([]))
        try await FerryObjects.report(client, FerryObjects.kustomization, "apps", ns,
                                      ["conditions": [FerryObjects.ready("False", "dependency 'infra' is not ready")]])

        let get = try await FerryCLI.run(["get", "kustomizations"] + kc)
        #expect(get.status == 0)
        #expect(masked(get.stdout) == """
        NAME    REVISION             SUSPENDED   READY   MESSAGE                                AGE
        apps                         False       False   dependency 'infra' is not ready        <age>
        infra   main@sha1:0123abcd   False       True    Applied revision: main@sha1:0123abcd   <age>

        """)
        let failing = try await FerryCLI.run(["get", "ks", "--status-selector", "ready=false"] + kc)
        #expect(failing.stdout.split(separator: "\n").map { $0.prefix(5) } == ["NAME ", "apps "])
        let everywhere = try await FerryCLI.run(["get", "kustomizations", "-A", "--kubeconfig", plane.adminKubeconfig])
        let columns = everywhere.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(columns.first?.first == "NAMESPACE")
        #expect(columns.contains { Array($0.prefix(5)) == [ns, "infra", "main@sha1:0123abcd", "False", "True"] })

        let suspend = try await FerryCLI.run(["suspend", "kustomization", "--all"] + kc)
        #expect(suspend.stdout == """
        ► suspending kustomization apps in \(ns) namespace
        ✔ kustomization suspended
        ► suspending kustomization infra in \(ns) namespace
        ✔ kustomization suspended

        """)
        for name in ["apps", "infra"] {
            #expect(try await client.get(FerryObjects.kustomization, name: name, namespace: ns)[path: "spec", "suspend"] == true)
        }
        let refused = try await FerryCLI.run(["reconcile", "kustomization", "apps"] + kc)
        #expect(refused.status == 1)
        #expect(refused.stderr == "✗ resource is suspended\n")

        let resume = try await FerryCLI.run(["resume", "kustomization", "infra", "--wait=false"] + kc)
        #expect(resume.stdout == "► resuming kustomization infra in \(ns) namespace\n✔ kustomization resumed\n")
        #expect(try await client.get(FerryObjects.kustomization, name: "infra", namespace: ns)[path: "spec", "suspend"] == nil)

        _ = try await client.patch(FerryObjects.kustomization, name: "apps", namespace: ns, type: .merge,
                                   patch: ["metadata": ["annotations": ["reconcile.fluxcd.io/requestedAt": "2026-01-01T00:00:00Z", "team": "a"]]])
        let export = try await FerryCLI.run(["export", "kustomization", "--all"] + kc)
        #expect(export.stdout == """
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: apps
          namespace: \(ns)
          annotations:
            team: a
        spec:
          dependsOn:
          - name: infra
          interval: 10m
          path: ./deploy
          prune: true
          sourceRef:
            kind: GitRepository
            name: repo
          suspend: true
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: infra
          namespace: \(ns)
        spec:
          interval: 10m
          path: ./deploy
          prune: true
          sourceRef:
            kind: GitRepository
            name: repo

        """)
        let both = try await FerryCLI.run(["export", "kustomization", "apps", "--all"] + kc)
        #expect(both.stderr.contains("name a Kustomization or pass --all (not both)"))

        let unconfirmed = try await FerryCLI.run(["delete", "kustomization", "apps"] + kc)
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.stderr == "✗ refusing to delete Kustomization \(ns)/apps without confirmation; pass --silent\n")
        let deleted = try await FerryCLI.run(["delete", "ks", "apps", "--silent"] + kc)
        #expect(deleted.stdout == "► deleting kustomization apps in \(ns) namespace\n✔ kustomization deleted\n")
        let missing = try await FerryCLI.run(["export", "kustomization", "apps"] + kc)
        #expect(missing.status == 1)
        #expect(missing.stderr == "✗ Kustomization \(ns)/apps not found\n")
    }

    @Test func reconcileWithSourceReconcilesTheSourceFirst() async throws {
        let (plane, client, ns) = try await setUp("cli-ks-reconcile")
        defer { Task { try await client.shutdown() } }
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]
        try await FerryObjects.createGitRepository(client, "repo", ns)
        try await FerryObjects.createKustomization(client, "apps", ns)

        // In the background, so the test can see the progress line before answering Ready.
        let log = NSTemporaryDirectory() + "reconcile-" + UUID().uuidString
        let reconcile = try ChildProcess.start(FerryCLI.executable, ["reconcile", "kustomization", "apps", "--with-source", "--timeout=30s"] + kc,
                                               logFile: log)
        try await FerryObjects.answerReconcileRequest(client, FerryObjects.gitRepository, "repo", ns, status: FerryObjects.fetched(revision: "main@sha1:feed"))
        var progressing = FerryObjects.applied([])
        progressing["conditions"] = [["type": "Ready", "status": "Unknown", "reason": "Progressing", "message": "Reconciliation in progress",
                                      "lastTransitionTime": .string(FerryObjects.time)],
                                     ["type": "Reconciling", "status": "True", "reason": "Progressing", "message": "Running health checks for revision main@sha1:feed",
                                      "lastTransitionTime": .string(FerryObjects.time)]]
        try await FerryObjects.answerReconcileRequest(client, FerryObjects.kustomization, "apps", ns, status: progressing)
        #expect(await eventually { reconcile.output.contains("◎ Running health checks") }, "\(reconcile.output)")
        let live = try await client.get(FerryObjects.kustomization, name: "apps", namespace: ns)
        var done = FerryObjects.applied([], revision: "main@sha1:feed")
        done["lastHandledReconcileAt"] = live[path: "status", "lastHandledReconcileAt"]
        try await FerryObjects.report(client, FerryObjects.kustomization, "apps", ns, done)

        #expect(await reconcile.wait() == 0, "\(reconcile.output)")
        #expect(reconcile.output == """
        ► annotating GitRepository repo in \(ns) namespace
        ✔ GitRepository annotated
        ◎ waiting for GitRepository reconciliation
        ✔ GitRepository reconciliation completed
        ✔ fetched revision main@sha1:feed
        ► annotating Kustomization apps in \(ns) namespace
        ✔ Kustomization annotated
        ◎ waiting for Kustomization reconciliation
        ◎ Running health checks for revision main@sha1:feed
        ✔ Kustomization reconciliation completed
        ✔ applied revision main@sha1:feed

        """)

        async let failed = FerryCLI.run(["reconcile", "kustomization", "apps", "--timeout=30s"] + kc)
        let previous = live[path: "metadata", "annotations", "reconcile.fluxcd.io/requestedAt"]?.stringValue
        #expect(await eventually {
            let now = try? await client.get(FerryObjects.kustomization, name: "apps", namespace: ns)
            return now?[path: "metadata", "annotations", "reconcile.fluxcd.io/requestedAt"]?.stringValue != previous
        })
        try await FerryObjects.answerReconcileRequest(client, FerryObjects.kustomization, "apps", ns,
                                                      status: ["conditions": [FerryObjects.ready("False", "kustomize build failed: missing kustomization.yaml")]])
        let f = try await failed
        #expect(f.status == 1)
        #expect(f.stderr == "✗ Kustomization \(ns)/apps is not ready: kustomize build failed: missing kustomization.yaml\n")
    }
}

/// Table output with the AGE column (the last one) of every row but the headers replaced by `<age>`.
func masked(_ table: String) -> String {
    table.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        guard !line.hasPrefix("NAME"), let lastGap = line.range(of: "   ", options: .backwards) else { return String(line) }
        return line[..<lastGap.upperBound] + "<age>"
    }.joined(separator: "\n")
}
