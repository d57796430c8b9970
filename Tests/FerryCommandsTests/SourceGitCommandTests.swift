import ChildProcess
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry create|get|suspend|resume|delete source git` against the real API server, output
/// compared exactly. (Commands that wait for the controller are tested with the controller.)
@Suite struct SourceGitCommandTests {
    func setUp(_ name: String) async throws -> (LocalControlPlane, KubernetesClient, String) {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        try await plane.installFerryCRDs(client: client)
        return (plane, client, try await plane.makeNamespace(name, client: client))
    }

    @Test func exportPrintsFluxCompatibleYAML() async throws {
        let r = try await FerryCLI.run(["create", "source", "git", "podinfo", "--url=https://github.com/stefanprodan/podinfo",
                                        "--tag-semver=>=6.0.0", "--interval=90s", "--secret-ref=git-auth", "--export"])
        #expect(r.status == 0)
        #expect(r.stdout == """
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: podinfo
          namespace: ferry-system
        spec:
          interval: 1m30s
          ref:
            semver: '>=6.0.0'
          secretRef:
            name: git-auth
          url: https://github.com/stefanprodan/podinfo

        """)
    }

    @Test func invalidFlagsAreRejectedBeforeContactingTheCluster() async throws {
        let bad = try await FerryCLI.run(["create", "source", "git", "x", "--url=ftp://example.com/x", "--export"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--url must start with http://, https:// or ssh://"))
        let both = try await FerryCLI.run(["create", "source", "git", "x", "--url=https://e.com/x", "--tag=v1", "--branch=main", "--export"])
        #expect(both.stderr.contains("choose one of --branch, --tag, --tag-semver and --commit"))
    }

    @Test func getSuspendResumeDelete() async throws {
        let (plane, client, ns) = try await setUp("cli-source")
        defer { Task { try await client.shutdown() } }
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]
        let gvk = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "GitRepository")
        for name in ["beta", "alpha"] {
            _ = try await client.create(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                                         "metadata": ["name": .string(name), "namespace": .string(ns)],
                                         "spec": ["interval": "1m", "url": "https://example.com/repo.git", "ref": ["branch": "main"]]])
        }
        // What a controller would report, written through the status subresource.
        var alpha = try await client.get(gvk, name: "alpha", namespace: ns)
        alpha["status"] = ["observedGeneration": 1, "artifact": ["revision": "main@sha1:0123abcd", "digest": "sha256:00", "path": "p", "url": "u",
                                                                  "lastUpdateTime": "2026-01-01T00:00:00Z"],
                           "conditions": [["type": "Ready", "status": "True", "reason": "Succeeded", "message": "stored artifact for revision 'main@sha1:0123abcd'",
                                           "lastTransitionTime": "2026-01-01T00:00:00Z"]]]
        _ = try await client.updateStatus(alpha)

        let get = try await FerryCLI.run(["get", "sources", "git"] + kc)
        #expect(get.status == 0)
        let lines = get.stdout.split(separator: "\n").map { String($0) }
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("NAME    REVISION             SUSPENDED   READY     MESSAGE                                             AGE"))
        #expect(lines[1].hasPrefix("alpha   main@sha1:0123abcd   False       True      stored artifact for revision 'main@sha1:0123abcd'   "))
        #expect(lines[2].hasPrefix("beta                         False       Unknown                                                       "))

        let notReady = try await FerryCLI.run(["get", "sources", "git", "--status-selector", "ready=true"] + kc)
        #expect(notReady.stdout.split(separator: "\n").count == 2)

        let suspend = try await FerryCLI.run(["suspend", "source", "git", "beta"] + kc)
        #expect(suspend.stdout == "► suspending source git beta in \(ns) namespace\n✔ source suspended\n")
        #expect(try await client.get(gvk, name: "beta", namespace: ns)[path: "spec", "suspend"] == true)
        let afterSuspend = try await FerryCLI.run(["get", "sources", "git"] + kc)
        #expect(afterSuspend.stdout.split(separator: "\n")[2].hasPrefix("beta                         True        Unknown "))

        let resume = try await FerryCLI.run(["resume", "source", "git", "beta", "--wait=false"] + kc)
        #expect(resume.stdout == "► resuming source git beta in \(ns) namespace\n✔ source resumed\n")
        #expect(try await client.get(gvk, name: "beta", namespace: ns)[path: "spec", "suspend"] == nil)

        let refused = try await FerryCLI.run(["delete", "source", "git", "beta"] + kc)
        #expect(refused.status == 1)
        #expect(refused.stderr == "✗ refusing to delete GitRepository \(ns)/beta without confirmation; pass --silent\n")
        let deleted = try await FerryCLI.run(["delete", "source", "git", "beta", "--silent"] + kc)
        #expect(deleted.stdout == "► deleting source git beta in \(ns) namespace\n✔ source deleted\n")
        let missing = try await FerryCLI.run(["suspend", "source", "git", "beta"] + kc)
        #expect(missing.status == 1)
        #expect(missing.stderr == "✗ GitRepository \(ns)/beta not found\n")

        let all = try await FerryCLI.run(["get", "sources", "git", "-A", "--kubeconfig", plane.adminKubeconfig])
        #expect(all.stdout.hasPrefix("NAMESPACE"))
        let columns = all.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(columns.contains { Array($0.prefix(5)) == [ns, "alpha", "main@sha1:0123abcd", "False", "True"] })
    }

    @Test func reconcileOfASuspendedSourceIsRefused() async throws {
        let (plane, client, ns) = try await setUp("cli-reconcile")
        defer { Task { try await client.shutdown() } }
        _ = try await client.create(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                                     "metadata": ["name": "s", "namespace": .string(ns)],
                                     "spec": ["interval": "1m", "url": "https://example.com/repo.git", "suspend": true]])
        let r = try await FerryCLI.run(["reconcile", "source", "git", "s", "-n", ns, "--kubeconfig", plane.adminKubeconfig])
        #expect(r.status == 1)
        #expect(r.stderr == "✗ resource is suspended\n")
    }

    @Test func getWatchPrintsChangesAsTheyHappen() async throws {
        let (plane, client, ns) = try await setUp("cli-watch")
        defer { Task { try await client.shutdown() } }
        let gvk = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "GitRepository")
        _ = try await client.create(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                                     "metadata": ["name": "w", "namespace": .string(ns)],
                                     "spec": ["interval": "1m", "url": "https://example.com/repo.git"]])
        let log = NSTemporaryDirectory() + "watch-" + UUID().uuidString
        let watch = try ChildProcess.start(FerryCLI.executable, ["get", "sources", "git", "--watch", "-n", ns, "--kubeconfig", plane.adminKubeconfig], logFile: log)
        defer { watch.signal(SIGKILL); _ = watch.waitBlocking() }
        #expect(await eventually { watch.output.contains("w ") && watch.output.contains("Unknown") })
        var live = try await client.get(gvk, name: "w", namespace: ns)
        live["status"] = ["conditions": [["type": "Ready", "status": "True", "reason": "Succeeded", "message": "watched change",
                                          "lastTransitionTime": "2026-01-01T00:00:00Z"]]]
        _ = try await client.updateStatus(live)
        #expect(await eventually { watch.output.split(separator: "\n").contains { $0.hasPrefix("w ") && $0.contains("watched change") } },
                "\(watch.output)")
    }

    @Test func exportPrintsCleanYAMLAndEventsListsWhatHappened() async throws {
        let (plane, client, ns) = try await setUp("cli-export")
        defer { Task { try await client.shutdown() } }
        let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]
        _ = try await client.create(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                                     "metadata": ["name": "app", "namespace": .string(ns), "labels": ["team": "a"],
                                                  "annotations": ["reconcile.fluxcd.io/requestedAt": "2026-01-01T00:00:00Z"]],
                                     "spec": ["interval": "1m", "url": "https://example.com/repo.git", "ref": ["branch": "main"]]])
        let export = try await FerryCLI.run(["export", "source", "git", "app"] + kc)
        #expect(export.stdout == """
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: app
          namespace: \(ns)
          labels:
            team: a
        spec:
          interval: 1m
          ref:
            branch: main
          timeout: 60s
          url: https://example.com/repo.git

        """)
        let both = try await FerryCLI.run(["export", "source", "git", "app", "--all"] + kc)
        #expect(both.stderr.contains("name a GitRepository or pass --all (not both)"))

        _ = try await client.create(["apiVersion": "v1", "kind": "Event", "metadata": ["name": "app.1", "namespace": .string(ns)],
                                     "involvedObject": ["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository", "name": "app", "namespace": .string(ns)],
                                     "reason": "NewArtifact", "message": "stored artifact for commit 'first'", "type": "Normal", "count": 2,
                                     "lastTimestamp": .string(ISO8601DateFormatter().string(from: Date()))])
        let events = try await FerryCLI.run(["events", "--for", "GitRepository/app"] + kc)
        let lines = events.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "LAST SEEN   TYPE     REASON        OBJECT              MESSAGE")
        #expect(lines.count == 2)
        #expect(lines.last?.hasSuffix("Normal   NewArtifact   GitRepository/app   stored artifact for commit 'first'") == true)
        #expect(lines.last?.contains("(x2)") == true)
        let none = try await FerryCLI.run(["events", "--for", "GitRepository/other"] + kc)
        #expect(none.stderr == "no events found\n")
    }
}
