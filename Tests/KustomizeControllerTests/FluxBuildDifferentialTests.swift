import FerryAPI
import FerryTesting
import Foundation
import Kustomize
import KustomizeController
import Manifests
import Testing

/// `FluxBuild` against `kubectl kustomize` (kustomize v5.5) run on the kustomization.yaml
/// Flux's generator would write for the same directory and options, written out by hand here
/// as block YAML: the same objects, byte for byte once rendered. Flux builds with no load
/// restrictor, so kubectl gets `--load-restrictor LoadRestrictionsNone`.
@Suite struct FluxBuildDifferentialTests {
    struct Fixture: Sendable, CustomStringConvertible {
        var description: String
        var files: [String: String]
        var path: String
        var options: FluxBuildOptions
        /// What Flux's `Generator.WriteFile` leaves in `path` for these options.
        var fluxKustomization: String
    }

    static let fixtures: [Fixture] = [
        Fixture(description: "plain directory, generated, with a target namespace and prefix",
                files: FluxBuildTests.plainDirectory, path: "apps",
                options: { var o = FluxBuildOptions(); o.targetNamespace = "prod"; o.namePrefix = "flux-"; return o }(),
                fluxKustomization: """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    namePrefix: flux-
                    namespace: prod
                    resources:
                    - ./base
                    - ./deploy.yaml
                    - ./nested/empty.yaml
                    - ./nested/more/cm.yaml
                    - ./svc.yml

                    """),
        Fixture(description: "existing kustomization with every option merged",
                files: FluxBuildTests.base, path: "apps",
                options: {
                    var o = FluxBuildOptions()
                    o.targetNamespace = "prod"
                    o.namePrefix = "flux-"
                    o.nameSuffix = "-v2"
                    o.patches = [
                        KustomizePatch(patch: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: any}\nspec: {replicas: 3}\n",
                                       target: KustomizeSelector(kind: "Deployment")),
                        KustomizePatch(patch: "[{\"op\": \"add\", \"path\": \"/data/added\", \"value\": \"yes\"}]",
                                       target: KustomizeSelector(kind: "ConfigMap", name: "settings")),
                    ]
                    o.images = [KustomizeImage(name: "nginx", newTag: "1.27"),
                                KustomizeImage(name: "busybox", newName: "mirror.local/busybox", digest: "sha256:" + String(repeating: "a", count: 64))]
                    o.components = ["../components/extra", "../components/missing"]
                    o.ignoreMissingComponents = true
                    return o
                }(),
                fluxKustomization: """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    namePrefix: flux-
                    nameSuffix: -v2
                    namespace: prod
                    patches:
                    - patch: |
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: any}
                        spec: {replicas: 3}
                      target:
                        kind: Deployment
                    - patch: '[{"op": "add", "path": "/data/added", "value": "yes"}]'
                      target:
                        kind: ConfigMap
                        name: settings
                    images:
                    - name: nginx
                      newTag: "1.27"
                    - name: redis
                      newTag: "7"
                    - name: busybox
                      newName: mirror.local/busybox
                      digest: sha256:\(String(repeating: "a", count: 64))
                    resources:
                    - deploy.yaml
                    - cm.yaml
                    components:
                    - ../components/label
                    - ../components/extra

                    """),
        Fixture(description: "overlay reading a sibling's file and a base, with a suffix",
                files: [
                    "clusters/prod/kustomization.yaml": "resources: [../../shared/cm.yaml, ../../base]\nnamespace: own\n",
                    "shared/cm.yaml": FluxBuildTests.configMap,
                    "base/kustomization.yaml": "resources: [deploy.yaml]\n",
                    "base/deploy.yaml": FluxBuildTests.deployment,
                ],
                path: "./clusters/prod",
                options: { var o = FluxBuildOptions(); o.nameSuffix = "-prod"; o.targetNamespace = "apps"; return o }(),
                fluxKustomization: """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    nameSuffix: -prod
                    namespace: apps
                    resources:
                    - ../../shared/cm.yaml
                    - ../../base

                    """),
    ]

    @Test(arguments: fixtures)
    func sameOutputAsKubectlOnFluxsKustomization(_ fixture: Fixture) async throws {
        let scratch = ScratchDirectory()
        for (path, text) in fixture.files {
            try scratch.write("flux/" + path, text)
            try scratch.write("kubectl/" + path, text)
        }
        let dir = fixture.path.hasPrefix("./") ? String(fixture.path.dropFirst(2)) : fixture.path
        try scratch.write("kubectl/" + dir + "/kustomization.yaml", fixture.fluxKustomization)

        let objects = try FluxBuild.build(root: scratch.path + "/flux", path: fixture.path, options: fixture.options)
        let expected = try await LocalControlPlane.run("/usr/bin/kubectl", [
            "kustomize", "--load-restrictor", "LoadRestrictionsNone", scratch.path + "/kubectl/" + dir,
        ])
        #expect(Kustomize.render(objects.map { Resource(object: $0) }) == expected)
        #expect(!objects.isEmpty)
    }
}
