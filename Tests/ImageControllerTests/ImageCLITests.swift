import FerryTesting
import Foundation
import ImageController
import KubernetesClient
import Manifests
import Testing

/// `ferry create|get|reconcile|suspend|resume image repository|policy` as a user runs them.
@Suite struct ImageCLITests {
    @Test func createExportPrintsTheObjectsFluxWouldWrite() async throws {
        let repository = try await FerryCLI.run(["create", "image", "repository", "web", "--image=ghcr.io/acme/web", "--interval=5m",
                                                 "--secret-ref=pull", "--export"])
        #expect(repository.status == 0, "\(repository.stderr)")
        #expect(repository.stdout.contains("kind: ImageRepository"))
        #expect(repository.stdout.contains("image: ghcr.io/acme/web"))
        #expect(repository.stdout.contains("interval: 5m0s"))
        #expect(repository.stdout.contains("name: pull"))

        let policy = try await FerryCLI.run(["create", "image", "policy", "web", "--image-ref=web", "--select-semver=>=1.0.0",
                                             "--filter-regex=^v(?P<v>.*)$", "--filter-extract=$v", "--export"])
        #expect(policy.status == 0, "\(policy.stderr)")
        #expect(policy.stdout.contains("kind: ImagePolicy"))
        #expect(policy.stdout.contains("range: '>=1.0.0'") || policy.stdout.contains("range: \">=1.0.0\""))
        #expect(policy.stdout.contains("extract: $v"))

        // Flux's rule: exactly one ordering.
        let two = try await FerryCLI.run(["create", "image", "policy", "web", "--image-ref=web", "--select-semver=*", "--select-alpha=asc",
                                          "--export"])
        #expect(two.status != 0)
        #expect(two.stderr.contains("exactly one of --select-semver, --select-numeric and --select-alpha"))
    }

    @Test func createWaitsForTheScanAndGetShowsFluxsColumns() async throws {
        let registry = try await RegistryFixture.shared()
        let path = registry.uniquePath("cli") + "/app"
        for tag in ["1.0.0", "1.3.0"] { try await registry.pushImage(repository: path, tag: tag) }
        let plane = try await LocalControlPlane.shared()
        try await ImageTestEnv.with("image-cli") { env in
            let base = ["--kubeconfig", plane.adminKubeconfig, "-n", env.namespace]
            let created = try await FerryCLI.run(["create", "image", "repository", "app", "--image=\(registry.host)/\(path)", "--insecure",
                                                  "--interval=10m", "--timeout=1m"] + base)
            #expect(created.status == 0, "\(created.stdout)\(created.stderr)")
            let policy = try await FerryCLI.run(["create", "image", "policy", "app", "--image-ref=app", "--select-semver=1.x",
                                                 "--timeout=1m"] + base)
            #expect(policy.status == 0, "\(policy.stdout)\(policy.stderr)")

            let repositories = try await FerryCLI.run(["get", "images", "repository"] + base)
            #expect(repositories.stdout.contains("LAST SCAN"))
            #expect(repositories.stdout.contains("successful scan: found 2 tags"))
            let policies = try await FerryCLI.run(["get", "images", "policy"] + base)
            #expect(policies.stdout.contains("LATEST IMAGE"))
            #expect(policies.stdout.contains("\(registry.host)/\(path):1.3.0"))

            try await registry.pushImage(repository: path, tag: "1.4.0")
            let reconciled = try await FerryCLI.run(["reconcile", "image", "repository", "app", "--timeout=1m"] + base)
            #expect(reconciled.status == 0, "\(reconciled.stdout)\(reconciled.stderr)")
            #expect((reconciled.stdout + reconciled.stderr).contains("scan fetched 3 tags"))

            let suspended = try await FerryCLI.run(["suspend", "image", "repository", "app"] + base)
            #expect(suspended.status == 0, "\(suspended.stderr)")
            #expect(await env.get(ImageKinds.imageRepository, "app")?[path: "spec", "suspend"] == true)
            let resumed = try await FerryCLI.run(["resume", "image", "repository", "app", "--timeout=1m"] + base)
            #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
            #expect(await env.get(ImageKinds.imageRepository, "app")?[path: "spec", "suspend"] != true)
        }
    }
}
