import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// The HelmRelease CLI: `create helmrelease` (flux's flags and `--export`), `build`, `diff`,
/// `tree helmrelease` and `trace` of a released object, against a real control plane with the
/// controllers running.
@Suite struct HelmReleaseCommandTests {
    static let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")

    /// A Secret, a Service and a Deployment (no Pods run in the test cluster: `replicas: 0`),
    /// the Secret and a ConfigMap Helm keeps (`helm.sh/resource-policy: keep`) only while
    /// `withSecret` is true.
    static let chart: [String: String] = [
        "values.yaml": "replicas: 0\nport: 80\nwithSecret: true\n",
        "templates/deployment.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}
        spec:
          replicas: {{ .Values.replicas }}
          selector:
            matchLabels: {app: {{ .Release.Name }}}
          template:
            metadata:
              labels: {app: {{ .Release.Name }}}
            spec:
              containers:
              - name: web
                image: registry.invalid/web:1
        """,
        "templates/service.yaml": """
        apiVersion: v1
        kind: Service
        metadata:
          name: {{ .Release.Name }}
        spec:
          selector: {app: {{ .Release.Name }}}
          ports:
          - port: {{ .Values.port }}
        """,
        "templates/secret.yaml": """
        {{- if .Values.withSecret }}
        apiVersion: v1
        kind: Secret
        metadata:
          name: {{ .Release.Name }}-token
        stringData:
          token: very-secret
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-kept
          annotations:
            helm.sh/resource-policy: keep
        {{- end }}
        """,
    ]

    static func write(_ files: [String: String], to dir: String) throws {
        for (path, text) in files.merging(["Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\n"], uniquingKeysWith: { a, _ in a }) {
            let file = dir + "/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
    }

    static func temporaryDirectory(_ name: String) throws -> String {
        let dir = NSTemporaryDirectory() + "ferry-hr-cli-\(name)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func createExportPrintsTheObjectAsFluxDoes() async throws {
        let dir = try Self.temporaryDirectory("export")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "image:\n  tag: \"1.0\"\n  pullPolicy: Always\nreplicas: 1\n".write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        try "image:\n  tag: \"2.0\"\nport: 8080\n".write(toFile: dir + "/b.yaml", atomically: true, encoding: .utf8)
        let r = try await FerryCLI.run(["create", "hr", "podinfo", "-n", "apps", "--source=helmrepository/podinfo.shared", "--chart=podinfo",
                                        "--chart-version=>4.0.0", "--values", dir + "/a.yaml", "--values", dir + "/b.yaml",
                                        "--values-from=configmap/extra", "--values-from=Secret/creds", "--crds=CreateReplace",
                                        "--target-namespace=web", "--storage-namespace=helm", "--create-target-namespace",
                                        "--release-name=podinfo-dev", "--service-account=deployer", "--depends-on=infra/db",
                                        "--interval=10m", "--export"])
        #expect(r.status == 0, "\(r.stderr)")
        // Keys sorted; later values files win key by key, maps merged; install creates CRDs, upgrades follow --crds.
        #expect(r.stdout == """
            ---
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: podinfo
              namespace: apps
            spec:
              chart:
                spec:
                  chart: podinfo
                  reconcileStrategy: ChartVersion
                  sourceRef:
                    kind: HelmRepository
                    name: podinfo
                    namespace: shared
                  version: '>4.0.0'
              dependsOn:
              - name: db
                namespace: infra
              install:
                createNamespace: true
                crds: Create
              interval: 10m0s
              releaseName: podinfo-dev
              serviceAccountName: deployer
              storageNamespace: helm
              targetNamespace: web
              upgrade:
                crds: CreateReplace
              values:
                image:
                  pullPolicy: Always
                  tag: "2.0"
                port: 8080
                replicas: 1
              valuesFrom:
              - kind: ConfigMap
                name: extra
              - kind: Secret
                name: creds

            """)

        let byRef = try await FerryCLI.run(["create", "hr", "podinfo", "-n", "apps", "--chart-ref=HelmChart/podinfo.shared", "--export"])
        #expect(byRef.stdout.contains("  chartRef:\n    kind: HelmChart\n    name: podinfo\n    namespace: shared\n"), "\(byRef.stdout)\(byRef.stderr)")
        let labelled = try await FerryCLI.run(["create", "hr", "podinfo", "-n", "apps", "--source=GitRepository/repo", "--chart=./charts/podinfo",
                                               "--chart-interval=5m", "--reconcile-strategy=Revision", "--label=team=web", "--export"])
        #expect(labelled.stdout.contains("metadata:\n  labels:\n    team: web\n  name: podinfo\n"), "\(labelled.stdout)\(labelled.stderr)")
        #expect(labelled.stdout.contains("      chart: ./charts/podinfo\n      interval: 5m0s\n      reconcileStrategy: Revision\n      sourceRef:\n        kind: GitRepository\n"),
                "\(labelled.stdout)")
        let oci = try await FerryCLI.run(["create", "hr", "podinfo", "--chart-ref=OCIRepository/podinfo", "--export"])
        #expect(oci.stdout.contains("  chartRef:\n    kind: OCIRepository\n    name: podinfo\n"), "\(oci.stdout)\(oci.stderr)")
        let external = try await FerryCLI.run(["create", "hr", "podinfo", "--chart-ref=externalartifact/podinfo-chart", "--export"])
        #expect(external.stdout.contains("  chartRef:\n    kind: ExternalArtifact\n    name: podinfo-chart\n"), "\(external.stdout)\(external.stderr)")
        let bucketRef = try await FerryCLI.run(["create", "hr", "podinfo", "--chart-ref=Bucket/podinfo", "--export"])
        #expect(bucketRef.stderr.contains("can be one of: HelmChart, OCIRepository, ExternalArtifact"), "\(bucketRef.stderr)")
        let noChart = try await FerryCLI.run(["create", "hr", "podinfo", "--source=HelmRepository/podinfo", "--export"])
        #expect(noChart.stderr.contains("chart name or path is required"), "\(noChart.stderr)")
        let bucket = try await FerryCLI.run(["create", "hr", "podinfo", "--source=Bucket/podinfo", "--chart=x", "--export"])
        #expect(bucket.stderr.contains("kind 'Bucket' is not supported"), "\(bucket.stderr)")
        let missing = try await FerryCLI.run(["create", "hr", "podinfo", "--source=HelmRepository/podinfo", "--chart=x", "--values", dir + "/nope.yaml", "--export"])
        #expect(missing.stderr.contains("reading values from \(dir)/nope.yaml failed"), "\(missing.stderr)")
    }

    @Test func createAppliesTheReleaseAndWaitsForReady() async throws {
        try await HelmReleaseTestEnv.with("hr-cli-create") { env in
            try env.repo.publish(chart: "app", version: "1.2.0")
            let dir = try Self.temporaryDirectory("create")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try "message: from-the-cli\n".write(toFile: dir + "/values.yaml", atomically: true, encoding: .utf8)
            let r = try await FerryCLI.run(["create", "helmrelease", "web", "--source=HelmRepository/charts", "--chart=app",
                                            "--values", dir + "/values.yaml", "--timeout", "90s",
                                            "--kubeconfig", env.plane.adminKubeconfig, "-n", env.namespace])
            #expect(r.status == 0, "\(r.stdout)\(r.stderr)\n\(env.controllers.log.suffix(2000))")
            #expect(r.stdout.hasPrefix("✚ generating HelmRelease\n► applying HelmRelease\n✔ HelmRelease created\n◎ waiting for HelmRelease reconciliation\n"), "\(r.stdout)")
            #expect(r.stdout.contains("✔ HelmRelease web is ready\n✔ applied revision 1.2.0\n"), "\(r.stdout)")
            let config = await env.get(HelmReleaseTestEnv.configMap, "web-app")
            #expect(config?[path: "data", "message"] == "from-the-cli")
        }
    }

    @Test func buildDiffTreeAndTraceFollowTheRelease() async throws {
        try await HelmReleaseTestEnv.with("hr-cli-view") { env in
            let ns = env.namespace
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(env.release(spec: ["install": ["disableWait": true], "upgrade": ["disableWait": true]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            let kc = ["--kubeconfig", env.plane.adminKubeconfig, "-n", ns]
            let dir = try Self.temporaryDirectory("view")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try Self.write(Self.chart, to: dir + "/chart")

            // build: the objects in Helm's install order, marked as the controller marks them, Secret values masked.
            try "port: 9090\n".write(toFile: dir + "/more.yaml", atomically: true, encoding: .utf8)
            let build = try await FerryCLI.run(["build", "helmrelease", "web", "--chart", dir + "/chart", "--values", dir + "/more.yaml"] + kc)
            #expect(build.status == 0, "\(build.stderr)")
            let kinds = build.stdout.split(separator: "\n").filter { $0.hasPrefix("kind: ") }
            #expect(kinds == ["kind: Secret", "kind: ConfigMap", "kind: Service", "kind: Deployment"], "\(build.stdout)")
            #expect(build.stdout.contains("  token: '***'") || build.stdout.contains("  token: \"***\""), "\(build.stdout)")
            #expect(!build.stdout.contains("very-secret"))
            #expect(build.stdout.contains("  - port: 9090\n"), "--values merged over the release's values: \(build.stdout)")
            #expect(build.stdout.contains("    helm.toolkit.fluxcd.io/name: web\n    helm.toolkit.fluxcd.io/namespace: \(ns)\n"), "\(build.stdout)")
            #expect(build.stdout.contains("  namespace: \(ns)\n"))

            // build --path: the HelmRelease from a file, no cluster at all; post-renderers applied.
            let fromFile = env.release(spec: ["values": ["replicas": 3], "valuesFrom": [["kind": "ConfigMap", "name": "extra"]],
                                              "postRenderers": [["kustomize": ["images": [["name": "registry.invalid/web", "newTag": "2"]]]]]])
            try YAML.string(fromFile).write(toFile: dir + "/release.yaml", atomically: true, encoding: .utf8)
            let offline = try await FerryCLI.run(["build", "hr", "web", "--path", dir + "/release.yaml", "--chart", dir + "/chart"])
            #expect(offline.status == 0, "\(offline.stderr)")
            #expect(offline.stdout.contains("  replicas: 3\n"), "\(offline.stdout)")
            #expect(offline.stdout.contains("image: registry.invalid/web:2\n"), "\(offline.stdout)")
            #expect(offline.stderr == "⚠️ offline: spec.valuesFrom not read (ConfigMap/extra)\n")

            // diff right after the install: nothing would change.
            let same = try await FerryCLI.run(["diff", "helmrelease", "web"] + kc)
            #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
            #expect(same.stdout == "")

            // tree: the release's objects.
            let tree = try await FerryCLI.run(["tree", "helmrelease", "web"] + kc)
            #expect(tree.status == 0, "\(tree.stderr)")
            let lines = tree.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "HelmRelease/\(ns)/web", "\(tree.stdout)")
            #expect(Set(lines.dropFirst().map { String($0.dropFirst(4)) }) == ["Secret/\(ns)/web-token", "ConfigMap/\(ns)/web-kept", "Service/\(ns)/web", "Deployment/\(ns)/web"],
                    "\(tree.stdout)")
            #expect(lines.last?.hasPrefix("└── ") == true)

            // tree kustomization expands a HelmRelease it applied (suspended: the controller leaves the status as reported).
            try await FerryObjects.createKustomization(env.client, "apps", ns, extra: ["suspend": true])
            // The controller may add its finalizer meanwhile: a conflicting write is tried again.
            var reported = false
            for _ in 0..<5 where !reported {
                reported = (try? await FerryObjects.report(env.client, FerryObjects.kustomization, "apps", ns,
                                                           FerryObjects.applied(["\(ns)_web_helm.toolkit.fluxcd.io_HelmRelease"]))) != nil
            }
            #expect(reported)
            let outer = try await FerryCLI.run(["tree", "kustomization", "apps"] + kc)
            #expect(outer.status == 0, "\(outer.stderr)")
            #expect(outer.stdout.hasPrefix("Kustomization/\(ns)/apps\n└── HelmRelease/\(ns)/web\n    ├── "), "\(outer.stdout)")
            #expect(outer.stdout.contains("    └── ") && outer.stdout.contains("Deployment/\(ns)/web\n"), "\(outer.stdout)")

            // trace: the Deployment → the HelmRelease → its HelmChart → the HelmRepository.
            let trace = try await FerryCLI.run(["trace", "deployment/web"] + kc)
            #expect(trace.status == 0, "\(trace.stderr)")
            #expect(trace.stdout.hasPrefix("\nObject:          Deployment/web\nNamespace:       \(ns)\nStatus:          Managed by Ferry\n---\nHelmRelease:     web\nNamespace:       \(ns)\nRevision:        1.0.0\n"), "\(trace.stdout)")
            #expect(trace.stdout.contains("---\nHelmChart:       \(ns)-web\nNamespace:       \(ns)\nChart:           app\nVersion:         *\nRevision:        1.0.0\n"), "\(trace.stdout)")
            #expect(trace.stdout.contains("---\nHelmRepository:  charts\nNamespace:       \(ns)\nURL:             \(env.repo.url())\n"), "\(trace.stdout)")

            // New values, the release suspended so the controller does not act on them: diff shows the upgrade.
            try await env.apply(env.release(spec: ["suspend": true, "install": ["disableWait": true], "upgrade": ["disableWait": true],
                                                   "values": ["replicas": 2, "withSecret": false]]))
            let changed = try await FerryCLI.run(["diff", "hr", "web"] + kc)
            #expect(changed.status == 1, "\(changed.stdout)\(changed.stderr)")
            #expect(changed.stdout.contains("► Deployment/\(ns)/web drifted\n"), "\(changed.stdout)")
            #expect(changed.stdout.contains("-  replicas: 0\n+  replicas: 2\n"), "\(changed.stdout)")
            #expect(changed.stdout.contains("► Secret/\(ns)/web-token deleted\n"), "\(changed.stdout)")
            #expect(!changed.stdout.contains("Service/"), "the Service does not change: \(changed.stdout)")
            #expect(!changed.stdout.contains("web-kept"), "helm.sh/resource-policy: keep survives the upgrade: \(changed.stdout)")
            let live = try await env.client.get(Self.deployment, name: "web", namespace: ns)
            #expect(live[path: "spec", "replicas"] == 0, "diff writes nothing")

            // A release into a remote cluster is not diffed against this one.
            var remote = env.release("remote", spec: ["suspend": true, "kubeConfig": ["secretRef": ["name": "other-cluster"]]])
            remote[path: "metadata", "name"] = "remote"
            try await env.apply(remote)
            let refused = try await FerryCLI.run(["diff", "hr", "remote"] + kc)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("releases into a remote cluster (spec.kubeConfig)"), "\(refused.stderr)")

            let missing = try await FerryCLI.run(["diff", "hr", "nope"] + kc)
            #expect(missing.status == 2)
            #expect(missing.stderr == "✗ HelmRelease \(ns)/nope not found\n")
        }
    }
}
