import FerryTesting
import Testing

/// The commands of Flux's getting-started guide, as users copy them, print the same objects
/// `flux … --export` prints (Ferry's default namespace is its own, `ferry-system`): the same
/// flag names, the same defaults, durations written as Go writes them, a final newline.
@Suite struct FluxGettingStartedTests {
    @Test func theSourceCommandPrintsFluxsObject() async throws {
        let result = try await FerryCLI.run(["create", "source", "git", "podinfo", "--url=https://github.com/stefanprodan/podinfo",
                                             "--branch=master", "--interval=1m", "--export"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: podinfo
              namespace: ferry-system
            spec:
              interval: 1m0s
              ref:
                branch: master
              url: https://github.com/stefanprodan/podinfo

            """)
    }

    @Test func theKustomizationCommandPrintsFluxsObject() async throws {
        let result = try await FerryCLI.run(["create", "kustomization", "podinfo", "--target-namespace=default", "--source=podinfo",
                                             "--path=./kustomize", "--prune=true", "--wait=true", "--interval=30m",
                                             "--retry-interval=2m", "--health-check-timeout=3m", "--export"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: podinfo
              namespace: ferry-system
            spec:
              interval: 30m0s
              path: ./kustomize
              prune: true
              retryInterval: 2m0s
              sourceRef:
                kind: GitRepository
                name: podinfo
              targetNamespace: default
              timeout: 3m0s
              wait: true

            """)
    }

    @Test func flagsLeftOutTakeFluxsDefaults() async throws {
        // `flux create kustomization` without --interval, --prune or --path: interval 1m, prune
        // false, path "./"; `--source` names a GitRepository unless it says otherwise.
        let result = try await FerryCLI.run(["create", "kustomization", "apps", "--source=GitRepository/infra.shared", "--export"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("  interval: 1m0s\n"), "\(result.stdout)")
        #expect(result.stdout.contains("  prune: false\n"), "\(result.stdout)")
        #expect(result.stdout.contains("  path: ./\n"), "\(result.stdout)")
        #expect(result.stdout.contains("    name: infra\n    namespace: shared\n"), "\(result.stdout)")
    }
}
