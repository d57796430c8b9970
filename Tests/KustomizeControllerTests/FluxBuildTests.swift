import FerryAPI
import FerryTesting
import Foundation
import Kustomize
import KustomizeController
import Manifests
import Testing

/// Building `spec.path` as kustomize-controller does: the generated kustomization of a plain
/// directory, the spec's options merged in, nothing outside the artifact readable, and
/// errors that name the file relative to the artifact.
@Suite struct FluxBuildTests {
    /// An artifact directory with these files, inside a scratch directory (so that "outside
    /// the artifact" exists too).
    static func artifact(_ files: [String: String]) throws -> (ScratchDirectory, String) {
        let scratch = ScratchDirectory()
        for (path, text) in files { try scratch.write("artifact/" + path, text) }
        try FileManager.default.createDirectory(atPath: scratch.path + "/artifact", withIntermediateDirectories: true)
        return (scratch, scratch.path + "/artifact")
    }

    static func buildError(root: String, path: String, options: FluxBuildOptions = FluxBuildOptions()) -> FluxBuildError? {
        do {
            _ = try FluxBuild.build(root: root, path: path, options: options)
            return nil
        } catch let error as FluxBuildError {
            return error
        } catch {
            Issue.record("not a FluxBuildError: \(error)")
            return nil
        }
    }

    static func names(_ objects: [JSONValue]) -> [String] {
        objects.map { "\($0["kind"]?.stringValue ?? "")/\($0[path: "metadata", "name"]?.stringValue ?? "")" }
    }

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web, team: old}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: nginx:1.25
                envFrom: [{configMapRef: {name: settings}}]
              - name: cache
                image: redis
              - name: tools
                image: busybox:1.36

        """
    static let configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: fast}\n"

    // MARK: generated kustomization

    static let plainDirectory: [String: String] = [
        "apps/deploy.yaml": deployment,
        "apps/svc.yml": "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n",
        "apps/README.md": "# Apps\nkind: not yaml [\n",
        "apps/config.json": "{\"kind\": \"ConfigMap\"}",
        "apps/nested/more/cm.yaml": configMap,
        "apps/nested/empty.yaml": "",
        "apps/base/kustomization.yaml": "resources: [ns.yaml]\n",
        "apps/base/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n",
        "apps/base/unlisted.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unlisted}\n",
    ]

    @Test func plainDirectoryGetsTheKustomizationFluxGenerates() throws {
        let (scratch, root) = try Self.artifact(Self.plainDirectory)
        let objects = try FluxBuild.build(root: root, path: "apps", options: FluxBuildOptions())
        #expect(Self.names(objects) == ["Namespace/team", "ConfigMap/settings", "Service/web", "Deployment/web"])
        // The file written in place lists YAML files and kustomization directories, sorted.
        let written = try YAML.document(scratch.read("artifact/apps/kustomization.yaml") ?? "")
        #expect(written["resources"] == ["./base", "./deploy.yaml", "./nested/empty.yaml", "./nested/more/cm.yaml", "./svc.yml"])
        #expect(written["apiVersion"] == "kustomize.config.k8s.io/v1beta1" && written["kind"] == "Kustomization")
    }

    @Test func nonKubernetesYAMLInAPlainDirectoryFailsNamingTheFile() throws {
        let (scratch, root) = try Self.artifact(["apps/deploy.yaml": Self.deployment, "apps/chart/values.yaml": "replicaCount: 2\n"])
        let error = Self.buildError(root: root, path: "apps")
        #expect(error?.kind == .generate)
        #expect(error?.description == "failed to decode Kubernetes YAML: apps/chart/values.yaml: field \"kind\": missing kind in resource")
        #expect(error?.description.contains(scratch.path) == false)
    }

    // MARK: errors

    @Test func malformedYAMLIsNamedWithFileAndLine() throws {
        let (_, root) = try Self.artifact([
            "apps/kustomization.yaml": "resources: [bad.yaml]\n",
            "apps/bad.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\ndata: {}\n",
            "broken/kustomization.yaml": "resources:\n  - a.yaml\n - b.yaml\n",
        ])
        let resource = Self.buildError(root: root, path: "apps")
        #expect(resource?.kind == .build)
        #expect(resource?.description.hasPrefix("kustomize build failed: apps/bad.yaml:4: malformed YAML") == true, "\(resource?.description ?? "")")
        let kustomization = Self.buildError(root: root, path: "broken")
        #expect(kustomization?.kind == .generate)
        #expect(kustomization?.description.hasPrefix("failed to read kustomization: broken/kustomization.yaml:3: malformed YAML") == true, "\(kustomization?.description ?? "")")
    }

    @Test func pathMustExistAndStayInsideTheArtifact() throws {
        let (scratch, root) = try Self.artifact(["apps/cm.yaml": Self.configMap, "apps/file.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"])
        try scratch.write("outside/cm.yaml", Self.configMap)
        try FileManager.default.createSymbolicLink(atPath: root + "/escape", withDestinationPath: "../outside")
        #expect(Self.buildError(root: root, path: "./apps/missing")?.description
                == "kustomization path not found: stat apps/missing: no such file or directory")
        #expect(Self.buildError(root: root, path: "apps/missing")?.kind == .path)
        #expect(Self.buildError(root: root, path: "../outside")?.description == "kustomization path '../outside' escapes the source artifact")
        #expect(Self.buildError(root: root, path: "apps/../../outside")?.kind == .path)
        #expect(Self.buildError(root: root, path: "escape")?.description == "kustomization path 'escape' escapes the source artifact")
        #expect(Self.buildError(root: root, path: "apps/file.yaml")?.description == "kustomization path 'apps/file.yaml' is not a directory")
        // Flux's spellings of the same directory.
        for path in ["apps", "./apps/", "/apps", "apps/x/.."] {
            #expect(Self.names(try FluxBuild.build(root: root, path: path, options: FluxBuildOptions())) == ["ConfigMap/settings", "Secret/s"], "\(path)")
            try FileManager.default.removeItem(atPath: root + "/apps/kustomization.yaml")
        }
        #expect(Self.names(try FluxBuild.build(root: root, path: "", options: FluxBuildOptions())) == ["ConfigMap/settings", "Secret/s"])
    }

    @Test func nothingOutsideTheArtifactIsReadButSiblingsInsideAre() throws {
        let (scratch, root) = try Self.artifact([
            "apps/kustomization.yaml": "resources: [../../secret.yaml]\n",
            "linked/kustomization.yaml": "resources: [link.yaml]\n",
            "sibling/kustomization.yaml": "resources: [../../artifact2/secret.yaml]\n",
            "overlay/kustomization.yaml": "resources: [../shared/cm.yaml, ../base]\n",
            "shared/cm.yaml": Self.configMap,
            "base/kustomization.yaml": "resources: [svc.yaml]\n",
            "base/svc.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n",
        ])
        try scratch.write("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: stolen}\n")
        try scratch.write("artifact2/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: stolen}\n")
        try FileManager.default.createSymbolicLink(atPath: root + "/linked/link.yaml", withDestinationPath: "../../secret.yaml")
        let outside = Self.buildError(root: root, path: "apps")
        #expect(outside?.kind == .build)
        #expect(outside?.description == "kustomize build failed: apps/kustomization.yaml: field \"resources\": security; file '\(scratch.path)/secret.yaml' is not in or below '.'")
        let linked = Self.buildError(root: root, path: "linked")
        #expect(linked?.description == "kustomize build failed: linked/kustomization.yaml: field \"resources\": security; file '\(scratch.path)/secret.yaml' is not in or below '.'")
        // A directory next to the artifact whose name starts like it is still shown as it is.
        #expect(Self.buildError(root: root, path: "sibling")?.description
                == "kustomize build failed: sibling/kustomization.yaml: field \"resources\": security; file '\(scratch.path)/artifact2/secret.yaml' is not in or below '.'")
        // kubectl's default load restrictor would refuse ../shared/cm.yaml; Flux does not.
        #expect(Self.names(try FluxBuild.build(root: root, path: "overlay", options: FluxBuildOptions())) == ["ConfigMap/settings", "Service/web"])
    }

    @Test func fieldsKustomizeDoesNotKnowAreDroppedAsFluxsRoundTripDoes() throws {
        let (_, root) = try Self.artifact([
            "apps/kustomization.yaml": "resources: [cm.yaml]\nnotAField: true\nNamePrefix: x-\n",
            "apps/cm.yaml": Self.configMap,
        ])
        #expect(Self.names(try FluxBuild.build(root: root, path: "apps", options: FluxBuildOptions())) == ["ConfigMap/x-settings"])
    }

    // MARK: options

    static let base: [String: String] = [
        "apps/kustomization.yaml": """
            namespace: own-ns
            namePrefix: own-
            resources: [deploy.yaml, cm.yaml]
            images:
            - {name: nginx, newName: registry.local/nginx, newTag: "1.26"}
            - {name: redis, newTag: "7"}
            components: [../components/label]

            """,
        "apps/deploy.yaml": deployment,
        "apps/cm.yaml": configMap,
        "components/label/kustomization.yaml": """
            apiVersion: kustomize.config.k8s.io/v1alpha1
            kind: Component
            labels: [{pairs: {component: label}}]

            """,
        "components/extra/kustomization.yaml": """
            apiVersion: kustomize.config.k8s.io/v1alpha1
            kind: Component
            resources: [extra.yaml]

            """,
        "components/extra/extra.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\n",
    ]

    static func option(_ change: (inout FluxBuildOptions) -> Void) -> FluxBuildOptions {
        var o = FluxBuildOptions()
        change(&o)
        return o
    }

    static func container(_ objects: [JSONValue], _ name: String) -> JSONValue? {
        objects.first { $0["kind"] == "Deployment" }?[path: "spec", "template", "spec", "containers"]?.arrayValue?
            .first { $0["name"]?.stringValue == name }
    }

    @Test func targetNamespaceReplacesTheKustomizationsNamespace() throws {
        let (_, root) = try Self.artifact(Self.base)
        let objects = try FluxBuild.build(root: root, path: "apps", options: Self.option { $0.targetNamespace = "prod" })
        #expect(objects.map { $0[path: "metadata", "namespace"] } == ["prod", "prod"])
    }

    @Test func namePrefixAndSuffixReplaceTheKustomizationsOwnAndFollowReferences() throws {
        let (_, root) = try Self.artifact(Self.base)
        let prefixed = try FluxBuild.build(root: root, path: "apps", options: Self.option { $0.namePrefix = "flux-" })
        #expect(Self.names(prefixed) == ["ConfigMap/flux-settings", "Deployment/flux-web"])
        #expect(Self.container(prefixed, "web")?[path: "envFrom"]?[0]?[path: "configMapRef", "name"] == "flux-settings")
        let (_, root2) = try Self.artifact(Self.base)
        let suffixed = try FluxBuild.build(root: root2, path: "apps", options: Self.option { $0.nameSuffix = "-v2" })
        #expect(Self.names(suffixed) == ["ConfigMap/own-settings-v2", "Deployment/own-web-v2"])
    }

    @Test func commonMetadataIsSetOnTopLevelMetadataOnly() throws {
        let (_, root) = try Self.artifact(Self.base)
        let metadata = CommonMetadata(labels: ["team": "payments", "tier": "web"], annotations: ["owner": "ops"])
        var objects = try FluxBuild.build(root: root, path: "apps", options: Self.option { $0.commonMetadata = metadata })
        #expect(objects.allSatisfy { $0[path: "metadata", "labels", "tier"]?.stringValue == nil }, "set at apply time, after postBuild")
        FluxBuild.setCommonMetadata(metadata, on: &objects)
        for object in objects {
            #expect(object[path: "metadata", "labels", "team"] == "payments")
            #expect(object[path: "metadata", "labels", "tier"] == "web")
            #expect(object[path: "metadata", "annotations", "owner"] == "ops")
        }
        let deployment = try #require(objects.first { $0["kind"] == "Deployment" })
        #expect(deployment[path: "spec", "selector", "matchLabels"] == ["app": "web"])
        #expect(deployment[path: "spec", "template", "metadata", "labels", "team"] == nil)
    }

    @Test func patchesAreAppliedAfterTheKustomizationsOwn() throws {
        let (_, root) = try Self.artifact(Self.base)
        let objects = try FluxBuild.build(root: root, path: "apps", options: Self.option {
            $0.patches = [
                KustomizePatch(patch: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: not-used}\nspec: {replicas: 3}\n",
                               target: KustomizeSelector(kind: "Deployment")),
                KustomizePatch(patch: "- {op: add, path: /data/added, value: \"yes\"}", target: KustomizeSelector(kind: "ConfigMap", name: "settings")),
            ]
        })
        #expect(objects.first { $0["kind"] == "Deployment" }?[path: "spec", "replicas"] == 3)
        #expect(objects.first { $0["kind"] == "ConfigMap" }?[path: "data"] == ["mode": "fast", "added": "yes"])
    }

    @Test func imagesReplaceEntriesOfTheSameNameOrAreAdded() throws {
        let (_, root) = try Self.artifact(Self.base)
        let objects = try FluxBuild.build(root: root, path: "apps", options: Self.option {
            $0.images = [KustomizeImage(name: "nginx", newTag: "1.27"),
                         KustomizeImage(name: "busybox", newName: "mirror.local/busybox", digest: "sha256:" + String(repeating: "a", count: 64))]
        })
        // The kustomization's nginx entry (with its newName) is replaced, not merged.
        #expect(Self.container(objects, "web")?["image"] == "nginx:1.27")
        #expect(Self.container(objects, "cache")?["image"] == "redis:7")
        #expect(Self.container(objects, "tools")?["image"] == .string("mirror.local/busybox@sha256:" + String(repeating: "a", count: 64)))
    }

    @Test func componentsAreAppendedAndMissingOnesFailUnlessIgnored() throws {
        let (_, root) = try Self.artifact(Self.base)
        let objects = try FluxBuild.build(root: root, path: "apps", options: Self.option { $0.components = ["../components/extra"] })
        #expect(Self.names(objects) == ["ConfigMap/own-extra", "ConfigMap/own-settings", "Deployment/own-web"])
        // After the kustomization's own component: its label transformer ran before `extra` existed.
        #expect(objects.map { $0[path: "metadata", "labels", "component"] } == [nil, "label", "label"])

        let (_, root2) = try Self.artifact(Self.base)
        let missing = Self.buildError(root: root2, path: "apps", options: Self.option { $0.components = ["../components/gone"] })
        #expect(missing?.description == "kustomize build failed: apps/kustomization.yaml: field \"components\": components/gone: no such file or directory")

        let (_, root3) = try Self.artifact(Self.base)
        let ignored = try FluxBuild.build(root: root3, path: "apps", options: Self.option {
            $0.components = ["../components/gone", "../components/extra"]
            $0.ignoreMissingComponents = true
        })
        #expect(Self.names(ignored).contains("ConfigMap/own-extra"))

        let (_, root4) = try Self.artifact(Self.base)
        let remote = Self.buildError(root: root4, path: "apps", options: Self.option { $0.components = ["https://github.com/org/repo//c"] })
        #expect(remote?.description == "component path 'https://github.com/org/repo//c' must be local and relative")
    }

    @Test func optionsComeFromTheKustomizationSpec() {
        var spec = KustomizationSpec(sourceRef: CrossNamespaceSourceReference(name: "repo"), path: "./apps")
        spec.targetNamespace = "prod"
        spec.nameSuffix = "-x"
        spec.components = ["c"]
        spec.ignoreMissingComponents = true
        let options = FluxBuildOptions(spec: spec)
        #expect(options.targetNamespace == "prod" && options.nameSuffix == "-x" && options.namePrefix == nil)
        #expect(options.components == ["c"] && options.ignoreMissingComponents && options.patches.isEmpty && options.images.isEmpty)
        #expect(FluxBuildOptions(spec: KustomizationSpec(sourceRef: CrossNamespaceSourceReference(name: "r"))) == FluxBuildOptions())
    }
}
