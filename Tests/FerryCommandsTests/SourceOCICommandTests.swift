import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry create|get|suspend|resume|reconcile|export|delete source oci`: flux's flags and
/// export format; the rest against `ferry controllers run` and a real registry.
@Suite struct SourceOCICommandTests {
    @Test func exportPrintsFluxCompatibleYAML() async throws {
        let r = try await FerryCLI.run(["create", "source", "oci", "podinfo", "--url=oci://ghcr.io/stefanprodan/manifests/podinfo",
                                        "--tag-semver=6.x", "--tag=latest", "--interval=10m", "--secret-ref=ghcr", "--insecure",
                                        "--ignore-paths=docs/,*.md", "--export"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: OCIRepository
        metadata:
          name: podinfo
          namespace: ferry-system
        spec:
          ignore: |-
            docs/
            *.md
          insecure: true
          interval: 10m0s
          provider: generic
          ref:
            semver: 6.x
            tag: latest
          secretRef:
            name: ghcr
          url: oci://ghcr.io/stefanprodan/manifests/podinfo

        """)

        let noRef = try await FerryCLI.run(["create", "source", "oci", "podinfo", "--url=oci://ghcr.io/x/y", "--export"])
        #expect(noRef.status != 0)
        #expect(noRef.stderr.contains("one of --tag, --tag-semver or --digest is required"))
        let scheme = try await FerryCLI.run(["create", "source", "oci", "podinfo", "--url=https://ghcr.io/x/y", "--tag=v1", "--export"])
        #expect(scheme.status != 0)
        #expect(scheme.stderr.contains("--url https://ghcr.io/x/y must look like oci://host/path"))
    }

    @Test func createGetSuspendResumeReconcileDelete() async throws {
        let registry = try await RegistryFixture.shared()
        let repository = registry.uniquePath("cli") + "/manifests"
        let pushed = try await FluxArtifact.push(registry, repository: repository, tag: "v1", files: ["app.yaml": "app\n"])
        let plane = try await LocalControlPlane.shared()
        try await OCIRepositoryTestEnv.with("cli-oci") { env in
            let kc = ["--kubeconfig", plane.adminKubeconfig, "-n", env.namespace]
            let revision = "v1@\(pushed.digest)"
            let created = try await FerryCLI.run(["create", "source", "oci", "app", "--url=oci://\(registry.host)/\(repository)", "--tag=v1",
                                                  "--insecure", "--interval=10m", "--timeout=90s"] + kc)
            #expect(created.status == 0, "\(created.stderr)\n\(env.controllers.log.suffix(2000))")
            #expect(created.stdout == """
            ✚ generating OCIRepository source
            ► applying OCIRepository source
            ✔ source created
            ◎ waiting for OCIRepository reconciliation
            ✔ OCIRepository reconciliation completed
            ✔ fetched revision \(revision)

            """)

            let get = try await FerryCLI.run(["get", "sources", "oci"] + kc)
            #expect(get.status == 0, "\(get.stderr)")
            #expect(get.stdout.contains("app"))
            #expect(get.stdout.contains(revision))
            #expect(get.stdout.contains("stored artifact for digest '\(revision)'"))
            let all = try await FerryCLI.run(["get", "sources", "all"] + kc)
            #expect(all.stdout.contains("ocirepository/app"), "\(all.stdout)")

            let suspend = try await FerryCLI.run(["suspend", "source", "oci", "app"] + kc)
            #expect(suspend.stdout == "► suspending source oci app in \(env.namespace) namespace\n✔ source suspended\n")
            let refused = try await FerryCLI.run(["reconcile", "source", "oci", "app"] + kc)
            #expect(refused.status != 0)
            #expect(refused.stderr == "✗ resource is suspended\n")
            let resume = try await FerryCLI.run(["resume", "source", "oci", "app", "--timeout=90s"] + kc)
            #expect(resume.status == 0, "\(resume.stderr)")
            #expect(resume.stdout.hasPrefix("► resuming source oci app in \(env.namespace) namespace\n✔ source resumed\n"))

            let reconcile = try await FerryCLI.run(["reconcile", "source", "oci", "app", "--timeout=90s"] + kc)
            #expect(reconcile.status == 0, "\(reconcile.stderr)")
            #expect(reconcile.stdout.hasSuffix("✔ fetched revision \(revision)\n"), "\(reconcile.stdout)")

            let export = try await FerryCLI.run(["export", "source", "oci", "app"] + kc)
            #expect(export.stdout.contains("kind: OCIRepository"))
            #expect(export.stdout.contains("url: oci://\(registry.host)/\(repository)"))
            #expect(!export.stdout.contains("status:"))

            let delete = try await FerryCLI.run(["delete", "source", "oci", "app", "--silent"] + kc)
            #expect(delete.status == 0, "\(delete.stderr)")
            #expect(await eventually { await env.get(OCIRepositoryTestEnv.ociRepository, "app") == nil })
        }
    }
}
