import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `spec.chartRef` of kind ExternalArtifact, end to end: a chart kept in Git, published by an
/// ArtifactGenerator as an ExternalArtifact, installed from it; new chart content under the same
/// Chart.yaml version (a new artifact digest) upgrades the release, and a release whose
/// ExternalArtifact has no artifact yet waits with helm-controller's SourceNotReady.
@Suite struct HelmReleaseChartRefTests {
    static let externalArtifact = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "ExternalArtifact")

    static func chart(message: String) -> [String: String] {
        ["charts/app/Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\n",
         "charts/app/values.yaml": "message: \(message)\n",
         "charts/app/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  message: {{ .Values.message | quote }}\n"]
    }

    func release(_ env: HelmReleaseTestEnv, _ name: String, artifact: String) -> JSONValue {
        ["apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
         "metadata": ["name": .string(name), "namespace": .string(env.namespace)],
         "spec": ["interval": "1h", "timeout": "30s", "chartRef": ["kind": "ExternalArtifact", "name": .string(artifact)]]]
    }

    @Test func anExternalArtifactChartInstallsAndNewContentUpgrades() async throws {
        try await HelmReleaseTestEnv.with("hr-chartref-ea") { env in
            let git = try await GitServer.shared()
            let repo = try await GitRepoFixture.create("charts", on: git)
            try await repo.commit(files: Self.chart(message: "one"), message: "chart")
            try await repo.push()
            try await env.apply(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                                 "metadata": ["name": "charts", "namespace": .string(env.namespace)],
                                 "spec": ["interval": "1h", "url": .string(repo.url(.http)), "ref": ["branch": "main"]]])
            // The release first, before anything publishes its chart.
            try await env.apply(release(env, "web", artifact: "app-chart"))
            try await env.apply(["apiVersion": "source.extensions.fluxcd.io/v1beta1", "kind": "ArtifactGenerator",
                                 "metadata": ["name": "charts", "namespace": .string(env.namespace)],
                                 "spec": ["sources": [["alias": "repo", "kind": "GitRepository", "name": "charts"]],
                                          "artifacts": [["name": "app-chart", "copy": [["from": "@repo/charts/app", "to": "@artifact/"]]]]]])

            let installed = await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            let first = try #require(await env.get(Self.externalArtifact, "app-chart")?[path: "status", "artifact"])
            #expect(installed?[path: "status", "lastAttemptedRevision"]?.stringValue == "1.0.0", "the chart's own version")
            #expect(installed?[path: "status", "lastAttemptedRevisionDigest"] == first["digest"])
            #expect(installed?[path: "status", "helmChart"] == nil, "no HelmChart in between")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-cm")?[path: "data", "message"]?.stringValue == "one")

            // Same Chart.yaml version, new values in the chart: a new artifact digest, an upgrade.
            try await repo.commit(files: ["charts/app/values.yaml": "message: two\n"], message: "new default")
            try await repo.push()
            let reconciled = try await FerryCLI.run(["reconcile", "source", "git", "charts", "--timeout", "60s",
                                                     "--kubeconfig", env.plane.adminKubeconfig, "-n", env.namespace])
            #expect(reconciled.status == 0, "\(reconciled.stderr)")
            let upgraded = await eventually(timeout: .seconds(90)) {
                await env.get(HelmReleaseTestEnv.configMap, "web-cm")?[path: "data", "message"]?.stringValue == "two"
            }
            #expect(upgraded, "\(env.controllers.log.suffix(3000))")
            let after = await env.wait("web", "Ready", "True", reason: HelmReleaseReason.upgradeSucceeded)
            let second = try #require(await env.get(Self.externalArtifact, "app-chart")?[path: "status", "artifact"])
            #expect(second["digest"] != first["digest"])
            #expect(after?[path: "status", "lastAttemptedRevision"]?.stringValue == "1.0.0")
            #expect(after?[path: "status", "lastAttemptedRevisionDigest"] == second["digest"])
            #expect(try await env.recordStatuses() == [1: "superseded", 2: "deployed"])
            // `ferry diff hr` renders from the same ExternalArtifact: nothing differs.
            let diff = try await FerryCLI.run(["diff", "hr", "web", "--kubeconfig", env.plane.adminKubeconfig, "-n", env.namespace])
            #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")

            // An ExternalArtifact with no artifact: the release waits and says why.
            try await env.apply(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "ExternalArtifact",
                                 "metadata": ["name": "pending", "namespace": .string(env.namespace)], "spec": [:]])
            try await env.apply(release(env, "waiting", artifact: "pending"))
            let waiting = await env.wait("waiting", "Ready", "False", reason: "SourceNotReady")
            #expect(HelmReleaseTestEnv.condition(waiting, "Ready")?["message"]?.stringValue
                    == "ExternalArtifact '\(env.namespace)/pending' is not ready: does not have an artifact")
        }
    }
}
